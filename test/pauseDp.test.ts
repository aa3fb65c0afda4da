import { test } from "uvu";
import * as assert from "uvu/assert";
import { alignUnitsToPauses } from "../src/align/pauseDp.ts";
import type { Pause } from "../src/pipeline/types.ts";

/** Builds a recording timeline: unit speech lengths, with pauses between and inside units. */
function timeline(unitSeconds: number[], interUnitPause: number, inUnitPauseAt: Map<number, number>) {
  const pauses: Pause[] = [];
  const truth: number[] = [];
  let t = 1; // one second of leading silence
  unitSeconds.forEach((seconds, k) => {
    const inner = inUnitPauseAt.get(k);
    if (inner !== undefined) {
      t += seconds * inner;
      pauses.push({ startTimeSeconds: t, endTimeSeconds: t + 0.25, strength: 0.35 });
      t += 0.25 + seconds * (1 - inner);
    } else t += seconds;
    if (k < unitSeconds.length - 1) {
      pauses.push({ startTimeSeconds: t, endTimeSeconds: t + interUnitPause, strength: 0.9 });
      truth.push(t + interUnitPause / 2);
      t += interUnitPause;
    }
  });
  return { pauses, truth, end: t };
}

test("places boundaries on the inter-ayah pauses, ignoring weak in-ayah pauses", () => {
  const letters = [20, 45, 30, 80, 25, 60];
  const rate = 0.12; // seconds per letter
  const { pauses, truth, end } = timeline(letters.map((n) => n * rate), 0.8, new Map([[1, 0.5], [3, 0.3], [3, 0.6]]));
  const result = alignUnitsToPauses({ unitLengths: letters, pauses, speechStartSeconds: 1, speechEndSeconds: end });
  assert.is(result.boundarySeconds.length, letters.length + 1);
  truth.forEach((expected, i) => assert.ok(Math.abs(result.boundarySeconds[i + 1] - expected) < 1e-9, `boundary ${i}`));
  result.unitConfidences.forEach((c) => assert.ok(c > 0.5 && c <= 1));
});

test("survives a speaking rate that varies by ±25 % per ayah", () => {
  const letters = [30, 30, 90, 15, 40, 55, 70, 20];
  const jitter = [1.2, 0.8, 1.1, 0.75, 1.25, 0.9, 1.0, 1.2];
  const { pauses, truth, end } = timeline(letters.map((n, i) => n * 0.1 * jitter[i]), 0.6, new Map([[2, 0.5]]));
  const result = alignUnitsToPauses({ unitLengths: letters, pauses, speechStartSeconds: 1, speechEndSeconds: end });
  truth.forEach((expected, i) => assert.ok(Math.abs(result.boundarySeconds[i + 1] - expected) < 1e-9, `boundary ${i}`));
});

test("with fewer pauses than boundaries it splits proportionally with low confidence", () => {
  const result = alignUnitsToPauses({ unitLengths: [10, 10, 20], pauses: [], speechStartSeconds: 0, speechEndSeconds: 8 });
  assert.equal(result.boundarySeconds.map((t) => Math.round(t * 100) / 100), [0, 2, 4, 8]);
  assert.ok(result.unitConfidences.every((c) => c < 0.5));
});

test.run();
