// Parity of the TS runtime with the trainer on test/fixtures/generated/model-parity.json
// (training/export_fixture.py): the same PCM must give the same logmel80-v1 features and the same
// log-probabilities from models/quran-ctc-v1.onnx, within the fixture's tolerances.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { computeLogMel } from "../src/audio/logMel.ts";
import { loadCtcModel } from "../src/model/ctcModel.ts";
import { computeLetterPosteriors } from "../src/model/ctcPosteriors.ts";

interface ModelParityFixture {
  sampleRateHz: number;
  pcmScale: number;
  pcmInt16: number[];
  featureShape: [number, number];
  /** Channel-major [80][frames], mean-normalized. */
  features: number[][];
  model: string;
  logProbsShape: [number, number];
  logProbsFirstFrames: number[][];
  tolerance: { features: number; logProbs: number };
}

const fixtureUrl = new URL("./fixtures/generated/model-parity.json", import.meta.url);
const cardPath = fileURLToPath(new URL("../models/quran-ctc-v1.json", import.meta.url));

function loadFixture(): ModelParityFixture | null {
  if (!existsSync(fixtureUrl)) return null;
  return JSON.parse(readFileSync(fixtureUrl, "utf8"));
}

function fixturePcm(fixture: ModelParityFixture): Float32Array {
  return Float32Array.from(fixture.pcmInt16, (value) => value * fixture.pcmScale);
}

test("features of the fixture PCM equal the trainer's", () => {
  const fixture = loadFixture();
  if (!fixture) return console.log("  (skipped: model-parity.json absent)");
  const ours = computeLogMel(fixturePcm(fixture), fixture.sampleRateHz);
  assert.equal(fixture.featureShape, [80, ours.frameCount]);
  let maxDifference = 0;
  fixture.features.forEach((row, mel) => row.forEach((value, frame) => {
    maxDifference = Math.max(maxDifference, Math.abs(ours.data[frame * 80 + mel] - value));
  }));
  console.log(`  features: max |TS - torch| = ${maxDifference.toExponential(2)} (tolerance ${fixture.tolerance.features})`);
  assert.ok(maxDifference < fixture.tolerance.features);
});

test("log-probabilities of the shipped model on the fixture PCM equal the trainer's", async () => {
  const fixture = loadFixture();
  if (!fixture) return console.log("  (skipped: model-parity.json absent)");
  if (!existsSync(cardPath) || fixture.model !== "quran-ctc-v1.onnx") return console.log("  (skipped: models/quran-ctc-v1 absent or fixture for another model)");
  const model = await loadCtcModel({ cardPath });
  try {
    const posteriors = await computeLetterPosteriors(fixturePcm(fixture), fixture.sampleRateHz, model);
    assert.equal([posteriors.frameCount, posteriors.vocabSize], fixture.logProbsShape);
    let maxDifference = 0;
    fixture.logProbsFirstFrames.forEach((row, frame) => row.forEach((value, symbol) => {
      maxDifference = Math.max(maxDifference, Math.abs(posteriors.logProbs[frame * posteriors.vocabSize + symbol] - value));
    }));
    console.log(`  log_probs (first ${fixture.logProbsFirstFrames.length} frames): max |TS - trainer| = ${maxDifference.toExponential(2)} (tolerance ${fixture.tolerance.logProbs})`);
    assert.ok(maxDifference < fixture.tolerance.logProbs);
  } finally {
    await model.session.release();
  }
});

test.run();
