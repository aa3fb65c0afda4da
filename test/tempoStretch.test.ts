import { test } from "uvu";
import * as assert from "uvu/assert";
import { fileURLToPath } from "node:url";
import { stretchFeaturesInTime } from "../src/model/tempoStretch.ts";
import type { LogMelFeatures } from "../src/audio/logMel.ts";
import { loadCtcModel } from "../src/model/ctcModel.ts";
import { computeLetterPosteriors } from "../src/model/ctcPosteriors.ts";

/** Two mel bins: bin 0 = frame index, bin 1 = 10 × frame index (so interpolation is checkable). */
function rampFeatures(frameCount: number): LogMelFeatures {
  const data = new Float32Array(frameCount * 2);
  for (let frame = 0; frame < frameCount; frame++) data.set([frame, 10 * frame], frame * 2);
  return { frameCount, melBinCount: 2, frameStepSeconds: 0.01, data };
}

test("stretching by r gives round(n·r) frames at step/r, linearly interpolated in time", () => {
  const stretched = stretchFeaturesInTime(rampFeatures(100), 1.25);
  assert.is(stretched.frameCount, 125);
  assert.ok(Math.abs(stretched.frameStepSeconds - 0.008) < 1e-12);
  for (const frame of [0, 1, 5, 50, 123]) {
    assert.ok(Math.abs(stretched.data[frame * 2] - frame / 1.25) < 1e-5, `frame ${frame}`);
    assert.ok(Math.abs(stretched.data[frame * 2 + 1] - (10 * frame) / 1.25) < 1e-4);
  }
  assert.is(stretched.data[124 * 2], 99, "past the last source frame it holds the last frame");
  const squeezed = stretchFeaturesInTime(rampFeatures(100), 0.8);
  assert.is(squeezed.frameCount, 80);
  assert.ok(Math.abs(squeezed.data[10 * 2] - 12.5) < 1e-5);
});

test("factor 1 is the identity; out-of-range factors are rejected", () => {
  const features = rampFeatures(10);
  assert.is(stretchFeaturesInTime(features, 1), features);
  assert.throws(() => stretchFeaturesInTime(features, 3), /tempo factor/);
  assert.throws(() => stretchFeaturesInTime(features, Number.NaN), /tempo factor/);
});

test("posteriors of stretched features step by outputFrameSeconds / r in original time", async () => {
  const model = await loadCtcModel({ cardPath: fileURLToPath(new URL("./fixtures/generated/tiny-ctc.json", import.meta.url)) });
  try {
    const samples = new Float32Array(16000 * 4).map((_, n) => 0.2 * Math.sin(n / 9));
    const plain = await computeLetterPosteriors(samples, 16000, model);
    const slowed = await computeLetterPosteriors(samples, 16000, model, { tempoFactor: 1.25 });
    assert.is(plain.frameStepSeconds, 0.04);
    assert.ok(Math.abs(slowed.frameStepSeconds - 0.032) < 1e-12);
    // Both cover the same stretch of audio.
    assert.ok(Math.abs(slowed.frameCount * slowed.frameStepSeconds - plain.frameCount * plain.frameStepSeconds) < 0.05);
  } finally {
    await model.session.release();
  }
});

test.run();
