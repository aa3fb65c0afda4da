// The shipped acoustic model on a real recitation of the validation reciter: greedy decoding of
// ../shared/eval/dev/e112.mp3 (basmala + surah 112) must be close to the spoken text.
// Skipped with a note while models/quran-ctc-v1.onnx or the dev recordings are absent.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { computeLetterPosteriors } from "../src/model/ctcPosteriors.ts";
import { greedyDecode } from "../src/model/greedyDecode.ts";
import { characterErrorRate } from "../src/model/characterErrorRate.ts";
import { spokenAyahText } from "../src/quran/spokenText.ts";
import { withShippedModelOnE112 } from "./support/shippedModel.ts";

/**
 * Bound for the whole recording; a broken runtime (features, chunking, alphabet order) gives ~0.8–1.0.
 * The shipped model (fine-tuned with pseudo-labelled voices) measures 0.267 here (the first model,
 * per-ayah sets only, 0.465): most errors are in the dev set's basmala clip, heard poorly.
 */
const MAX_CER_E112 = 0.35;

test("greedy decoding of e112.mp3 is close to basmala + surah 112", () => withShippedModelOnE112(async (model, { samples, sampleRateHz }) => {
  const posteriors = await computeLetterPosteriors(samples, sampleRateHz, model);
  const hypothesis = greedyDecode(posteriors);
  const reference = [0, 1, 2, 3, 4].map((ayah) => spokenAyahText(model.textRules, 112, ayah).spoken).join(" ");
  const cer = characterErrorRate(hypothesis, reference);
  console.log(`  e112 greedy: ${hypothesis}\n  reference:   ${reference}\n  CER ${(100 * cer).toFixed(1)} % (bound ${100 * MAX_CER_E112} %)`);
  assert.ok(cer <= MAX_CER_E112, `CER ${cer}`);
}));

test.run();
