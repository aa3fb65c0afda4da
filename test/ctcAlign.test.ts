import { test } from "uvu";
import * as assert from "uvu/assert";
import { ctcForcedAlign, AlignmentImpossibleError, createLatticeWorkspace, type LabelBand } from "../src/align/ctcAlign.ts";

/** Synthetic posteriors: each label is "spoken" on given frames, blank elsewhere, with noise. */
function synthesize(vocabSize: number, frameCount: number, emissions: { symbol: number; frames: number[] }[], seed = 7) {
  let state = seed;
  const rand = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  const logProbs = new Float32Array(frameCount * vocabSize);
  const owner = new Int32Array(frameCount).fill(0);
  for (const { symbol, frames } of emissions) for (const f of frames) owner[f] = symbol;
  for (let t = 0; t < frameCount; t++) {
    const probs = Array.from({ length: vocabSize }, () => 0.02 + 0.05 * rand());
    probs[owner[t]] += 3;
    const sum = probs.reduce((a, b) => a + b, 0);
    probs.forEach((p, v) => (logProbs[t * vocabSize + v] = Math.log(p / sum)));
  }
  return { logProbs, frameCount, vocabSize };
}

test("recovers the frames of each label, including a repeated letter", () => {
  const labels = [3, 5, 5, 1, 4];
  const frames = [[2, 3], [6], [9, 10], [13], [17, 18, 19]];
  const post = synthesize(8, 24, labels.map((symbol, i) => ({ symbol, frames: frames[i] })));
  const result = ctcForcedAlign(post, labels);
  assert.equal(Array.from(result.labelStartFrame), frames.map((f) => f[0]));
  assert.equal(Array.from(result.labelEndFrame), frames.map((f) => f[f.length - 1]));
  assert.ok(result.labelScore.every((s) => s > -1));
});

test("a band around the true path gives the same answer; a wrong band fails loudly", () => {
  const labels = [2, 3, 2, 3, 2, 3];
  const frames = [[1], [5], [9], [13], [17], [21]];
  const post = synthesize(5, 25, labels.map((symbol, i) => ({ symbol, frames: frames[i] })));
  const full = ctcForcedAlign(post, labels);
  const band: LabelBand = { lowLabel: new Int32Array(25), highLabel: new Int32Array(25) };
  for (let t = 0; t < 25; t++) { band.lowLabel[t] = Math.max(0, Math.floor(t / 4) - 2); band.highLabel[t] = Math.min(5, Math.floor(t / 4) + 1); }
  const banded = ctcForcedAlign(post, labels, { band });
  assert.equal(Array.from(banded.labelStartFrame), Array.from(full.labelStartFrame));
  assert.ok(Math.abs(banded.logScore - full.logScore) < 1e-6);
  const impossible: LabelBand = { lowLabel: new Int32Array(25).fill(0), highLabel: new Int32Array(25).fill(1) };
  assert.throws(() => ctcForcedAlign(post, labels, { band: impossible }), (e: unknown) => e instanceof AlignmentImpossibleError);
});

test("more labels than frames allow is reported, not mis-aligned", () => {
  const post = synthesize(4, 3, []);
  assert.throws(() => ctcForcedAlign(post, [1, 1, 1, 1]), (e: unknown) => e instanceof AlignmentImpossibleError);
});

test("optional ranges are skipped when not spoken and aligned when spoken", () => {
  // labels: [optional prefix 6 7][ 2 3 ][optional middle 4][ 5 ][optional suffix 6]
  const labels = [6, 7, 2, 3, 4, 5, 6];
  const optionalRanges: [number, number][] = [[0, 2], [4, 5], [6, 7]];
  const skipped = synthesize(9, 20, [{ symbol: 2, frames: [3, 4] }, { symbol: 3, frames: [8] }, { symbol: 5, frames: [14, 15] }]);
  const a = ctcForcedAlign(skipped, labels, { optionalRanges });
  assert.equal(Array.from(a.labelStartFrame), [-1, -1, 3, 8, -1, 14, -1]);
  const spoken = synthesize(9, 30, [6, 7, 2, 3, 4, 5, 6].map((symbol, k) => ({ symbol, frames: [2 + 4 * k] })));
  const b = ctcForcedAlign(spoken, labels, { optionalRanges });
  assert.equal(Array.from(b.labelStartFrame), [2, 6, 10, 14, 18, 22, 26]);
});

test.run();

test("a shared workspace gives the same alignments as fresh lattices, whatever the order of sizes", () => {
  const workspace = createLatticeWorkspace();
  const cases = [
    { labels: [3, 5, 5, 1, 4], frames: [[2, 3], [6], [9, 10], [13], [17, 18, 19]], frameCount: 24 },
    { labels: [2, 3], frames: [[1], [4]], frameCount: 6 },
    { labels: [1, 2, 3, 4, 5, 6], frames: [[1], [6], [11], [16], [21], [26]], frameCount: 40 },
  ];
  for (const round of [0, 1]) {
    for (const { labels, frames, frameCount } of round === 0 ? cases : [...cases].reverse()) {
      const post = synthesize(8, frameCount, labels.map((symbol, i) => ({ symbol, frames: frames[i] })));
      // Dirty the reused cells in between, so a result that depended on stale backpointers would differ.
      workspace.steps.fill(2);
      const shared = ctcForcedAlign(post, labels, { workspace });
      const fresh = ctcForcedAlign(post, labels);
      assert.equal(Array.from(shared.labelStartFrame), Array.from(fresh.labelStartFrame));
      assert.equal(Array.from(shared.labelEndFrame), Array.from(fresh.labelEndFrame));
      assert.is(shared.logScore, fresh.logScore);
    }
  }
  assert.ok(workspace.steps.length >= 40 * 13, "the workspace grew to the largest lattice");
});
