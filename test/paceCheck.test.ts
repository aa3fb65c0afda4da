// An ayah aligned at five times the recording's pace (or a fifth of it) is reported (src/recognize/paceCheck.ts).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { describePaceOutliers, MAX_PACE_FACTOR, paceOutliers, recordingPace, type PacedUnit } from "../src/recognize/paceCheck.ts";

const STEP_SECONDS = 0.04;

/** An ayah of `letterCount` letters spoken over `seconds`, starting at frame `firstFrame`. */
function ayah(ayahNumber: number, letterCount: number, seconds: number, extra: Partial<PacedUnit> = {}): PacedUnit {
  const frames = Math.round(seconds / STEP_SECONDS);
  return { label: `18:${ayahNumber}`, isAyah: true, letterCount, firstFrame: ayahNumber * 10_000, lastFrame: ayahNumber * 10_000 + frames - 1, confidence: 0.8, partial: false, ...extra };
}

/** A steady reciter: 12 letters per second. */
const steady = [ayah(1, 60, 5), ayah(2, 48, 4), ayah(3, 72, 6), ayah(4, 36, 3)];

test("the recording's pace is the median letters per second of its confident ayahs", () => {
  assert.ok(Math.abs(recordingPace(steady, STEP_SECONDS)! - 12) < 1e-9);
  // Low-confidence, partial and short ayahs do not set the pace; too few left → no pace at all.
  assert.is(recordingPace([ayah(1, 60, 5), ayah(2, 48, 4, { confidence: 0.1 }), ayah(3, 72, 6, { partial: true }), ayah(4, 8, 1)], STEP_SECONDS), null);
});

test("an ayah stretched over a missed passage (5x slower) is an outlier, a slow one within the factor is not", () => {
  const stretched = ayah(94, 60, 90); // 60 letters over 90 s: 0.67 letters/s, 0.06x the pace
  const slow = ayah(5, 60, 5 * (MAX_PACE_FACTOR - 1)); // 4x slower: a mujawwad elongation, kept
  const outliers = paceOutliers([...steady, slow, stretched], STEP_SECONDS);
  assert.equal(outliers.map((o) => o.label), ["18:94"]);
  assert.is(outliers[0].index, 5);
  assert.ok(outliers[0].paceRatio < 0.1);
  assert.is(describePaceOutliers(outliers), "18:94 over 90.0 s (0.06x the recording's pace)");
});

test("an ayah squeezed into a fifth of its time is an outlier too", () => {
  const squeezed = ayah(7, 120, 1.6); // 75 letters/s
  assert.equal(paceOutliers([...steady, squeezed], STEP_SECONDS).map((o) => o.label), ["18:7"]);
});

test("partial ayahs (recording cut inside) and short units are never outliers", () => {
  const cut = ayah(8, 60, 0.8, { partial: true });
  const short = ayah(9, 6, 20);
  assert.equal(paceOutliers([...steady, cut, short], STEP_SECONDS), []);
  assert.is(describePaceOutliers([]), null);
});

test("a closing phrase stretched over a whole other surah is checked against the ayahs' pace", () => {
  const closing = ayah(99, 13, 29, { label: "113:closing phrase", isAyah: false });
  const outliers = paceOutliers([...steady, closing], STEP_SECONDS);
  assert.equal(outliers.map((o) => [o.label, o.index]), [["113:closing phrase", 4]]);
  // Non-ayahs never set the pace: with only them there is none.
  assert.is(recordingPace([closing, { ...closing, ayah: 98 } as PacedUnit, closing], STEP_SECONDS), null);
});

test.run();
