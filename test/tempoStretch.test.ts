import { test } from "uvu";
import * as assert from "uvu/assert";
import { fileURLToPath } from "node:url";
import { stretchFeaturesInTime } from "../src/model/tempoStretch.ts";
import { chooseTempo } from "../src/model/tempoChoice.ts";
import type { LogMelFeatures } from "../src/audio/logMel.ts";
import { loadCtcModel } from "../src/model/ctcModel.ts";
import { computeLetterPosteriors, type LetterPosteriors } from "../src/model/ctcPosteriors.ts";

/** Two mel bins: bin 0 = frame index, bin 1 = 10 × frame index (so interpolation is checkable). */
function rampFeatures(frameCount: number): LogMelFeatures {
  const data = new Float32Array(frameCount * 2);
  for (let frame = 0; frame < frameCount; frame++) data.set([frame, 10 * frame], frame * 2);
  return { frameCount, melBinCount: 2, frameStepSeconds: 0.01, data };
}

test("tempo t gives round(T/t) frames, end frames aligned, linear in between (as training/data.py stretch_time)", () => {
  const slowed = stretchFeaturesInTime(rampFeatures(101), 0.8); // slower: more frames
  assert.is(slowed.frameCount, 126);
  const step = 100 / 125;
  assert.ok(Math.abs(slowed.frameStepSeconds - 0.01 * step) < 1e-12);
  for (const frame of [0, 1, 5, 50, 125]) {
    assert.ok(Math.abs(slowed.data[frame * 2] - frame * step) < 1e-4, `frame ${frame}`);
    assert.ok(Math.abs(slowed.data[frame * 2 + 1] - 10 * frame * step) < 1e-3);
  }
  assert.is(slowed.data[125 * 2], 100, "the last frame maps to the last frame");
  const faster = stretchFeaturesInTime(rampFeatures(101), 1.25);
  assert.is(faster.frameCount, 81);
  assert.ok(Math.abs(faster.data[10 * 2] - 12.5) < 1e-5);
  assert.is(stretchFeaturesInTime(rampFeatures(20), 2).frameCount, 10);
  assert.is(stretchFeaturesInTime(rampFeatures(10), 2).frameCount, 8, "never fewer than 8 frames (trainer's floor)");
});

test("tempo 1 is the identity; out-of-range tempos are rejected", () => {
  const features = rampFeatures(10);
  assert.is(stretchFeaturesInTime(features, 1), features);
  assert.throws(() => stretchFeaturesInTime(features, 3), /tempo must be/);
  assert.throws(() => stretchFeaturesInTime(features, Number.NaN), /tempo must be/);
});

test("posteriors of tempo-changed features keep the original recording's time", async () => {
  const model = await loadCtcModel({ cardPath: fileURLToPath(new URL("./fixtures/generated/tiny-ctc.json", import.meta.url)) });
  try {
    const samples = new Float32Array(16000 * 4).map((_, n) => 0.2 * Math.sin(n / 9));
    const plain = await computeLetterPosteriors(samples, 16000, model);
    const slowed = await computeLetterPosteriors(samples, 16000, model, { tempo: 0.8 });
    assert.is(plain.frameStepSeconds, 0.04);
    assert.is(plain.tempo, 1);
    assert.is(slowed.tempo, 0.8);
    assert.ok(Math.abs(slowed.frameStepSeconds - 0.032) < 1e-4);
    assert.ok(Math.abs(slowed.frameCount * slowed.frameStepSeconds - plain.frameCount * plain.frameStepSeconds) < 0.05);
    const adaptive = await computeLetterPosteriors(samples, 16000, model, { tempo: "adaptive" });
    assert.ok([0.8, 0.9, 1.0, 1.1, 1.25].includes(adaptive.tempo!));
  } finally {
    await model.session.release();
  }
});

test("chooseTempo keeps the candidate with the highest mean best log-probability", async () => {
  // A fake model whose confidence peaks when the excerpt has 500 frames (i.e. tempo 1.2 of 600).
  const runModel = async (features: LogMelFeatures): Promise<LetterPosteriors<Float32Array>> => {
    const confidence = -Math.abs(features.frameCount - 500) / 100;
    return { logProbs: new Float32Array([confidence, confidence - 3]), frameCount: 1, vocabSize: 2, frameStepSeconds: 0.04, alphabet: ["<blank>", " "] };
  };
  const choice = await chooseTempo(rampFeatures(600), runModel, [0.9, 1.0, 1.2, 1.5]);
  assert.is(choice.tempo, 1.2);
  assert.is(choice.meanBestLogProb.length, 4);
  const excerpted = await chooseTempo(rampFeatures(5000), runModel, [1.0, 1.2], 600);
  assert.is(excerpted.tempo, 1.2, "chooses on a 600-frame excerpt of a long recording");
});

test.run();
