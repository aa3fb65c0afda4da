// The shipped card's `chunk_context_frames` (a measured effective field, smaller than the theoretical
// receptive field) must keep chunked inference equal to whole-sequence inference within float noise.
// Checked on a real recitation (../shared/eval/dev/e112.mp3) cut into many small chunks, so that
// every chunk edge falls inside speech. Skipped with a note while the model or recording is absent.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { computeLogMel } from "../src/audio/logMel.ts";
import { posteriorModelOf, posteriorsFromFeatures } from "../src/model/ctcPosteriors.ts";
import { withShippedModelOnE112 } from "./support/shippedModel.ts";

/** Largest allowed difference of any output probability (not log-probability) between the two. */
const MAX_PROBABILITY_DIFFERENCE = 1e-3;

test("chunks with the card's measured context give the whole-sequence posteriors", () => withShippedModelOnE112(async (model, { samples, sampleRateHz }) => {
  const { card } = model;
  assert.ok(card.chunkContextFrames !== null, "the shipped card states chunk_context_frames");
  const features = computeLogMel(samples, sampleRateHz, card.features);
  const whole = await posteriorsFromFeatures(features, posteriorModelOf(model), { chunkFrames: features.frameCount });
  const chunked = await posteriorsFromFeatures(features, posteriorModelOf(model), { chunkFrames: 600 });
  assert.is(chunked.frameCount, whole.frameCount);
  let maxDifference = 0;
  for (let k = 0; k < whole.logProbs.length; k++) {
    maxDifference = Math.max(maxDifference, Math.abs(Math.exp(chunked.logProbs[k]) - Math.exp(whole.logProbs[k])));
  }
  console.log(`  ${Math.ceil(features.frameCount / 600)} chunks with ${card.chunkContextFrames} context frames: max probability difference ${maxDifference.toExponential(2)}`);
  assert.ok(maxDifference <= MAX_PROBABILITY_DIFFERENCE, `max probability difference ${maxDifference}`);
}));

test.run();
