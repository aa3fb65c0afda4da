// The shipped card's `chunk_context_frames` (a measured effective field, smaller than the theoretical
// receptive field) must keep chunked inference equal to whole-sequence inference within float noise.
// Checked on a real recitation (../shared/eval/dev/e112.mp3) cut into many small chunks, so that
// every chunk edge falls inside speech. Skipped with a note while the model or recording is absent.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { computeLogMel } from "../src/audio/logMel.ts";
import { createFfmpegCore } from "../src/audio/ffmpegCore.ts";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import { loadCtcModel } from "../src/model/ctcModel.ts";
import { posteriorsFromFeatures, type PosteriorModel } from "../src/model/ctcPosteriors.ts";

const cardPath = fileURLToPath(new URL("../models/quran-ctc-v1.json", import.meta.url));
const onnxPath = fileURLToPath(new URL("../models/quran-ctc-v1.onnx", import.meta.url));
const recordingPath = fileURLToPath(new URL("../../shared/eval/dev/e112.mp3", import.meta.url));
/** Largest allowed difference of any output probability (not log-probability) between the two. */
const MAX_PROBABILITY_DIFFERENCE = 1e-3;

test("chunks with the card's measured context give the whole-sequence posteriors", async () => {
  if (!existsSync(onnxPath) || !existsSync(cardPath)) return console.log("  (skipped: models/quran-ctc-v1.{json,onnx} absent)");
  if (!existsSync(recordingPath)) return console.log("  (skipped: ../shared/eval/dev/e112.mp3 absent)");
  const { samples, sampleRateHz } = await decodeAudioFile(await createFfmpegCore(), recordingPath);
  const model = await loadCtcModel({ cardPath });
  try {
    const { card } = model;
    assert.ok(card.chunkContextFrames !== null, "the shipped card states chunk_context_frames");
    const features = computeLogMel(samples, sampleRateHz, card.features);
    const posteriorModel: PosteriorModel = {
      session: model.session, alphabet: card.alphabet, subsamplingFactor: card.subsamplingFactor,
      receptiveFieldFrames: card.receptiveFieldFrames, chunkContextFrames: card.chunkContextFrames, outputFrameSeconds: card.outputFrameSeconds,
    };
    const whole = await posteriorsFromFeatures(features, posteriorModel, { chunkFrames: features.frameCount });
    const chunked = await posteriorsFromFeatures(features, posteriorModel, { chunkFrames: 600 });
    assert.is(chunked.frameCount, whole.frameCount);
    let maxDifference = 0;
    for (let k = 0; k < whole.logProbs.length; k++) {
      maxDifference = Math.max(maxDifference, Math.abs(Math.exp(chunked.logProbs[k]) - Math.exp(whole.logProbs[k])));
    }
    console.log(`  ${Math.ceil(features.frameCount / 600)} chunks with ${card.chunkContextFrames} context frames: max probability difference ${maxDifference.toExponential(2)}`);
    assert.ok(maxDifference <= MAX_PROBABILITY_DIFFERENCE, `max probability difference ${maxDifference}`);
  } finally {
    await model.session.release();
  }
});

test.run();
