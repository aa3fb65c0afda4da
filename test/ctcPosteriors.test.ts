import { test } from "uvu";
import * as assert from "uvu/assert";
import { fileURLToPath } from "node:url";
import { computeLogMel, LOGMEL80_V1, type LogMelFeatures } from "../src/audio/logMel.ts";
import { loadCtcModel, type CtcModel } from "../src/model/ctcModel.ts";
import { computeLetterPosteriors, defaultOverlapFrames, outFrameCountFor, planFeatureChunks, posteriorModelOf, posteriorsFromFeatures } from "../src/model/ctcPosteriors.ts";

const cardPath = fileURLToPath(new URL("./fixtures/generated/tiny-ctc.json", import.meta.url));
let modelPromise: Promise<CtcModel> | null = null;
const tinyModel = () => (modelPromise ??= loadCtcModel({ cardPath }));


/** Speech-like test signal: a few gliding harmonics with amplitude modulation and noise. */
function syntheticFeatures(durationSeconds: number, seed = 1): LogMelFeatures {
  const samples = new Float32Array(Math.round(durationSeconds * 16000));
  let state = seed;
  for (let n = 0; n < samples.length; n++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const t = n / 16000;
    const f0 = 150 + 60 * Math.sin(2 * Math.PI * 0.7 * t);
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
    samples[n] = envelope * (0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.1 * Math.sin(2 * Math.PI * 3 * f0 * t)) + 0.02 * (state / 2 ** 32 - 0.5);
  }
  return computeLogMel(samples, 16000, LOGMEL80_V1);
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  assert.is(a.length, b.length);
  let max = 0;
  for (let index = 0; index < a.length; index++) max = Math.max(max, Math.abs(a[index] - b[index]));
  return max;
}

test("chunk plan: starts on multiples of S, kept outputs tile [0, ceil(N/S)) exactly once", () => {
  for (const frameCount of [1, 3, 4, 5, 399, 400, 401, 1234, 10_001]) {
    const chunks = planFeatureChunks(frameCount, 4, 400, 45);
    let expectedStart = 0;
    for (const chunk of chunks) {
      assert.is(chunk.inputStartFrame % 4, 0);
      assert.is(chunk.keepStartOutFrame, expectedStart);
      assert.ok(chunk.keepEndOutFrame > chunk.keepStartOutFrame);
      assert.ok(chunk.inputEndFrame <= frameCount && chunk.inputEndFrame - chunk.inputStartFrame <= 400 + 2 * 48);
      expectedStart = chunk.keepEndOutFrame;
    }
    assert.is(expectedStart, outFrameCountFor(frameCount, 4), `N=${frameCount}`);
  }
  assert.is(defaultOverlapFrames(85, 4), 48);
});

test("chunked inference equals one whole-sequence run within 1e-4 (tiny generated model)", async () => {
  const model = posteriorModelOf(await tinyModel());
  for (const [durationSeconds, chunkFrames] of [[7.37, 200], [12.0, 300], [3.0, 97]] as const) {
    const features = syntheticFeatures(durationSeconds);
    const whole = await posteriorsFromFeatures(features, model, { chunkFrames: features.frameCount + 8 });
    const chunked = await posteriorsFromFeatures(features, model, { chunkFrames });
    assert.is(chunked.frameCount, Math.ceil(features.frameCount / 4));
    const difference = maxAbsDifference(whole.logProbs, chunked.logProbs);
    console.log(`  ${durationSeconds} s, chunks of ${chunkFrames} frames: max |chunked - whole| = ${difference.toExponential(2)}`);
    assert.ok(difference < 1e-4, `${durationSeconds} s in chunks of ${chunkFrames}: max difference ${difference}`);
  }
});

test("without overlap the chunk seams do differ (the equality test above is sensitive)", async () => {
  const model = posteriorModelOf(await tinyModel());
  const features = syntheticFeatures(7.37);
  const whole = await posteriorsFromFeatures(features, model, { chunkFrames: features.frameCount + 8 });
  const seamed = await posteriorsFromFeatures(features, model, { chunkFrames: 200, overlapFrames: 0 });
  assert.ok(maxAbsDifference(whole.logProbs, seamed.logProbs) > 1e-3);
});

test("computeLetterPosteriors: shape, frame step, alphabet, rows are log-softmax", async () => {
  const model = await tinyModel();
  const samples = new Float32Array(16000 * 5 + 123).map((_, n) => 0.3 * Math.sin(n / 7) * Math.sin(n / 3000));
  const progress: number[] = [];
  const posteriors = await computeLetterPosteriors(samples, 16000, model, { chunkFrames: 160, onProgress: (fraction) => progress.push(fraction) });
  assert.is(progress.length, Math.ceil(posteriors.frameCount / 40));
  assert.ok(progress.every((fraction, index) => index === 0 || fraction > progress[index - 1]));
  assert.is(progress[progress.length - 1], 1);
  const featureFrames = Math.floor((samples.length - 400) / 160) + 1;
  assert.is(posteriors.frameCount, Math.ceil(featureFrames / 4));
  assert.is(posteriors.vocabSize, model.card.alphabet.length);
  assert.is(posteriors.frameStepSeconds, 0.04);
  assert.is(posteriors.alphabet[0], "<blank>");
  for (let frame = 0; frame < posteriors.frameCount; frame += 17) {
    let sum = 0;
    for (let symbol = 0; symbol < posteriors.vocabSize; symbol++) sum += Math.exp(posteriors.logProbs[frame * posteriors.vocabSize + symbol]);
    assert.ok(Math.abs(sum - 1) < 1e-4);
  }
  const empty = await computeLetterPosteriors(new Float32Array(100), 16000, model);
  assert.is(empty.frameCount, 0);
});

test.run();
