// A look-alike passage of another surah inside a surah that runs on around it is not a jump
// (src/recognize/lookAlike.ts); a real excursion to another surah is.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { buildQuranIndex, type QuranIndex } from "../src/recognize/quranIndex.ts";
import { passageLetters, semiGlobalDistance } from "../src/recognize/letterAgreement.ts";
import type { HypothesisLetter, LocatedSegment } from "../src/recognize/locate.ts";
import { dropLookAlikes } from "../src/recognize/lookAlike.ts";

const index = buildQuranIndex(loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url)));
const unitOf = (idx: QuranIndex, surah: number, ayah: number): number => idx.units.findIndex((u) => u.surah === surah && u.ayah === ayah);
const label = (segment: LocatedSegment): string => {
  const [first, last] = [index.units[segment.firstUnit], index.units[segment.lastUnit]];
  return `${first.surah}:${first.ayah}-${last.surah}:${last.ayah}`;
};

/** A segment over hyp letters [firstHyp, lastHyp] anchored at both ends to stream letters. */
function segment(firstHyp: number, lastHyp: number, [firstUnit, lastUnit]: [number, number], [firstLetter, lastLetter]: [number, number]): LocatedSegment {
  return { firstHyp, lastHyp, firstUnit, lastUnit, anchors: [{ hypIndex: firstHyp, streamLetter: firstLetter }, { hypIndex: lastHyp, streamLetter: lastLetter }] };
}

const asHyp = (letters: ArrayLike<number>): HypothesisLetter[] => Array.from(letters, (letterId, k) => ({ letterId, frameIndex: 3 * k }));
const [u621, u622, u624, u2151] = [unitOf(index, 62, 1), unitOf(index, 62, 2), unitOf(index, 62, 4), unitOf(index, 2, 151)];

test("2:151 located inside 62:2 (their shared phrase) is dropped and 62:1–4 is one segment again", () => {
  // 62:1–4 recited straight on; the locator chained the middle of 62:2 to 2:151, where the same words stand.
  const recited = passageLetters(index, Array.from({ length: u624 - u621 + 1 }, (_, k) => u621 + k));
  const start = index.units[u621].startLetter;
  const within622 = semiGlobalDistance(passageLetters(index, [u2151]), passageLetters(index, [u622]));
  const [sharedFrom, sharedTo] = [index.units[u622].startLetter - start + within622.refStart, index.units[u622].startLetter - start + within622.refEnd - 1];
  assert.ok(sharedTo - sharedFrom > 30, `62:2 and 2:151 share ${sharedTo - sharedFrom} letters`);
  const segments = [
    segment(0, sharedFrom - 1, [u621, u622], [start, start + sharedFrom - 1]),
    segment(sharedFrom, sharedTo, [u2151, u2151], [index.units[u2151].startLetter, index.units[u2151].endLetter - 1]),
    segment(sharedTo + 1, recited.length - 1, [u622, u624], [start + sharedTo + 1, start + recited.length - 1]),
  ];
  const kept = dropLookAlikes(index, asHyp(recited), segments);
  assert.equal(kept.map(label), ["62:1-62:4"]);
});

test("a real excursion (all of 2:151 recited inside 62) stays a segment of its own", () => {
  const before = passageLetters(index, [u621]);
  const other = passageLetters(index, [u2151]);
  const after = passageLetters(index, [u622]);
  const recited = [...before, ...other, ...after];
  const [s62, s2] = [index.units[u621].startLetter, index.units[u2151].startLetter];
  const segments = [
    segment(0, before.length - 1, [u621, u621], [s62, s62 + before.length - 1]),
    segment(before.length, before.length + other.length - 1, [u2151, u2151], [s2, s2 + other.length - 1]),
    segment(before.length + other.length, recited.length - 1, [u622, u622], [index.units[u622].startLetter, index.units[u622].endLetter - 1]),
  ];
  assert.equal(dropLookAlikes(index, asHyp(recited), segments).map(label), ["62:1-62:1", "2:151-2:151", "62:2-62:2"]);
});

test("a passage of the same surah, or neighbours of two different surahs, are left alone", () => {
  const three = passageLetters(index, [u621, u621 + 1, u621 + 2]);
  const s = index.units[u621].startLetter;
  const sameSurah = [segment(0, 9, [u621, u621], [s, s + 9]), segment(10, 19, [u621, u621], [s + 10, s + 19]), segment(20, 29, [u621, u621], [s + 20, s + 29])];
  assert.is(dropLookAlikes(index, asHyp(three), sameSurah), sameSurah);
  // 62:1, then 2:151, then 36:2: three recordings in a playlist, each heard as its text, nothing to re-join.
  const u362 = unitOf(index, 36, 2);
  const heads = [u621, u2151, u362].map((u) => Array.from(passageLetters(index, [u]).slice(0, 10)));
  const playlist = [u621, u2151, u362].map((u, k) => segment(10 * k, 10 * k + 9, [u, u], [index.units[u].startLetter, index.units[u].startLetter + 9]));
  assert.is(dropLookAlikes(index, asHyp(heads.flat()), playlist), playlist);
});

test("a last segment in another surah that the rest of the surah before it explains as well is dropped; one heard as its own text stays", () => {
  // 104:1-9 recited; the locator chained 104:1-2, then took 104:3-9 for 61:14 (an unseen reverberant voice).
  const [u1041, u1042, u1049, u6114] = [unitOf(index, 104, 1), unitOf(index, 104, 2), unitOf(index, 104, 9), unitOf(index, 61, 14)];
  const opening = passageLetters(index, [u1041, u1042]);
  const rest = passageLetters(index, Array.from({ length: u1049 - u1042 }, (_, k) => u1042 + 1 + k));
  const other = passageLetters(index, [u6114]);
  const head = segment(0, opening.length - 1, [u1041, u1042], [index.units[u1041].startLetter, index.units[u1042].endLetter - 1]);
  const claimed = (length: number) => segment(opening.length, opening.length + length - 1, [u6114, u6114], [index.units[u6114].startLetter, index.units[u6114].endLetter - 1]);
  assert.equal(dropLookAlikes(index, asHyp([...opening, ...rest]), [head, claimed(rest.length)]).map(label), ["104:1-104:2"]);
  // 61:14 really recited after 104:1-2 (a playlist): kept.
  assert.equal(dropLookAlikes(index, asHyp([...opening, ...other]), [head, claimed(other.length)]).map(label), ["104:1-104:2", "61:14-61:14"]);
});

test.run();
