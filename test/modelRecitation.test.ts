// The shipped acoustic model on a real recitation of the validation reciter: greedy decoding of
// ../shared/eval/dev/e112.mp3 (basmala + surah 112) must be close to the spoken text.
// Skipped with a note while models/quran-ctc-v1.onnx or the dev recordings are absent.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadCtcModel } from "../src/model/ctcModel.ts";
import { computeLetterPosteriors } from "../src/model/ctcPosteriors.ts";
import { greedyDecode } from "../src/model/greedyDecode.ts";
import { characterErrorRate } from "../src/model/characterErrorRate.ts";
import { spokenAyahText } from "../src/quran/spokenText.ts";

const cardPath = fileURLToPath(new URL("../models/quran-ctc-v1.json", import.meta.url));
const onnxPath = fileURLToPath(new URL("../models/quran-ctc-v1.onnx", import.meta.url));
const recordingPath = fileURLToPath(new URL("../../shared/eval/dev/e112.mp3", import.meta.url));
/** Bound for the whole recording; a broken runtime (features, chunking, alphabet order) gives ~0.8–1.0. */
const MAX_CER_E112 = 0.4;

/** 16 kHz mono float32 PCM through the ffmpeg CLI (test-only: the service decodes with ffmpeg.wasm). */
function decodeWithFfmpegCli(path: string): Float32Array | null {
  const result = spawnSync("ffmpeg", ["-nostdin", "-v", "error", "-i", path, "-ac", "1", "-ar", "16000", "-f", "f32le", "-"], { maxBuffer: 1 << 30 });
  if (result.status !== 0 || !result.stdout) return null;
  const bytes = new Uint8Array(result.stdout);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

test("greedy decoding of e112.mp3 is close to basmala + surah 112", async () => {
  if (!existsSync(onnxPath) || !existsSync(cardPath)) return console.log("  (skipped: models/quran-ctc-v1.{json,onnx} absent)");
  if (!existsSync(recordingPath)) return console.log("  (skipped: ../shared/eval/dev/e112.mp3 absent)");
  const samples = decodeWithFfmpegCli(recordingPath);
  if (!samples) return console.log("  (skipped: ffmpeg CLI unavailable to decode e112.mp3)");
  const model = await loadCtcModel({ cardPath });
  try {
    const posteriors = await computeLetterPosteriors(samples, 16000, model);
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
