// The shipped acoustic model on a real recitation of the validation reciter: greedy decoding of
// ../shared/eval/dev/e112.mp3 (basmala + surah 112) must be close to the spoken text.
// Skipped with a note while models/quran-ctc-v1.onnx or the dev recordings are absent.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadCtcModel } from "../src/model/ctcModel.ts";
import { computeLetterPosteriors } from "../src/model/ctcPosteriors.ts";
import { greedyDecode } from "../src/model/greedyDecode.ts";
import { characterErrorRate } from "../src/model/characterErrorRate.ts";
import { spokenAyahText } from "../src/quran/spokenText.ts";
import { createFfmpegCore } from "../src/audio/ffmpegCore.ts";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";

const cardPath = fileURLToPath(new URL("../models/quran-ctc-v1.json", import.meta.url));
const onnxPath = fileURLToPath(new URL("../models/quran-ctc-v1.onnx", import.meta.url));
const recordingPath = fileURLToPath(new URL("../../shared/eval/dev/e112.mp3", import.meta.url));
/**
 * Bound for the whole recording; a broken runtime (features, chunking, alphabet order) gives ~0.8–1.0.
 * The shipped model (fine-tuned with pseudo-labelled voices) measures 0.267 here (the first model,
 * per-ayah sets only, 0.465): most errors are in the dev set's basmala clip, heard poorly.
 */
const MAX_CER_E112 = 0.35;


test("greedy decoding of e112.mp3 is close to basmala + surah 112", async () => {
  if (!existsSync(onnxPath) || !existsSync(cardPath)) return console.log("  (skipped: models/quran-ctc-v1.{json,onnx} absent)");
  if (!existsSync(recordingPath)) return console.log("  (skipped: ../shared/eval/dev/e112.mp3 absent)");
  // Decoded as the service does it (ffmpeg.wasm → 16 kHz mono float32).
  const { samples, sampleRateHz } = await decodeAudioFile(await createFfmpegCore(), recordingPath);
  const model = await loadCtcModel({ cardPath });
  try {
    const posteriors = await computeLetterPosteriors(samples, sampleRateHz, model);
    const hypothesis = greedyDecode(posteriors);
    const reference = [0, 1, 2, 3, 4].map((ayah) => spokenAyahText(model.textRules, 112, ayah).spoken).join(" ");
    const cer = characterErrorRate(hypothesis, reference);
    console.log(`  e112 greedy: ${hypothesis}\n  reference:   ${reference}\n  CER ${(100 * cer).toFixed(1)} % (bound ${100 * MAX_CER_E112} %)`);
    assert.ok(cer <= MAX_CER_E112, `CER ${cer}`);
  } finally {
    await model.session.release();
  }
});

test.run();
