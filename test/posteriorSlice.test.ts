import { test } from "uvu";
import * as assert from "uvu/assert";
import { firstFrameAtOrAfter, frameRangeOfSpan, slicePosteriors } from "../src/model/posteriorSlice.ts";
import type { LetterPosteriors } from "../src/model/ctcPosteriors.ts";

const STEP = 0.04;

test("a frame belongs to the stretch holding its instant (f + 0.5) * step", () => {
  // frame 3's instant is 0.14 s: a cut at 0.13 s puts it after, a cut at 0.15 s before
  assert.is(firstFrameAtOrAfter(0.13, STEP), 3);
  assert.is(firstFrameAtOrAfter(0.15, STEP), 4);
  assert.is(firstFrameAtOrAfter(0, STEP), 0);
});

test("a cut exactly at a frame's instant gives that frame to the later stretch, whatever the float error", () => {
  // 13.94 s is frame 348's instant (348.5 * 0.04); 13.94 / 0.04 is not exactly 348.5 in binary
  assert.is(firstFrameAtOrAfter(13.94, STEP), 348);
  assert.is(firstFrameAtOrAfter(348.5 * STEP, STEP), 348);
  for (let frame = 0; frame < 5000; frame += 7) {
    const cut = Number(((frame + 0.5) * STEP).toFixed(3));
    assert.is(firstFrameAtOrAfter(cut, STEP), frame, `cut ${cut}`);
  }
});

test("ranges tile the recording and are clamped to it", () => {
  const cuts = [0, 0.9, 2.02, 2.03, 7.5];
  const ranges = cuts.slice(1).map((end, k) => frameRangeOfSpan(cuts[k], end, STEP, 150));
  for (let k = 1; k < ranges.length; k++) assert.is(ranges[k][0], ranges[k - 1][1]);
  assert.equal(ranges[0][0], 0);
  assert.equal(ranges[ranges.length - 1][1], 150);
  assert.equal(frameRangeOfSpan(9, 10, STEP, 150), [150, 150]);
  assert.equal(frameRangeOfSpan(-1, 0.1, STEP, 150), [0, 2]);
});

test("slicePosteriors is a view of the rows of its frames", () => {
  const vocabSize = 3;
  const logProbs = Float32Array.from({ length: 10 * vocabSize }, (_, index) => index);
  const posteriors: LetterPosteriors = { logProbs, frameCount: 10, vocabSize, frameStepSeconds: STEP, alphabet: ["<blank>", " ", "ا"] };
  const slice = slicePosteriors(posteriors, 0.1, 0.22); // frames 2 (0.10 s) .. 4 (0.18 s); frame 5 is at 0.22 s
  assert.is(slice.frameCount, 3);
  assert.equal(Array.from(slice.logProbs), Array.from(logProbs.subarray(6, 15)));
  assert.is(slice.logProbs.buffer, logProbs.buffer);
});

test.run();
