/**
 * The shipped acoustic model on the validation reciter's e112.mp3, for tests that need both:
 * loaded once per test, released after it, and skipped with a printed note while either the model
 * files or ../shared/eval/dev are absent.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { decodeAudioFile } from "../../src/audio/audioDecode.ts";
import { createFfmpegCore } from "../../src/audio/ffmpegCore.ts";
import { loadCtcModel, type CtcModel } from "../../src/model/ctcModel.ts";

const cardPath = fileURLToPath(new URL("../../models/quran-ctc-v1.json", import.meta.url));
const onnxPath = fileURLToPath(new URL("../../models/quran-ctc-v1.onnx", import.meta.url));
const recordingPath = fileURLToPath(new URL("../../../shared/eval/dev/e112.mp3", import.meta.url));

export interface E112Audio { samples: Float32Array; sampleRateHz: number }

export async function withShippedModelOnE112(body: (model: CtcModel, audio: E112Audio) => Promise<void>): Promise<void> {
  if (!existsSync(onnxPath) || !existsSync(cardPath)) return console.log("  (skipped: models/quran-ctc-v1.{json,onnx} absent)");
  if (!existsSync(recordingPath)) return console.log("  (skipped: ../shared/eval/dev/e112.mp3 absent)");
  // Decoded as the service does it (ffmpeg.wasm → 16 kHz mono float32).
  const audio = await decodeAudioFile(await createFfmpegCore(), recordingPath);
  const model = await loadCtcModel({ cardPath });
  try {
    await body(model, audio);
  } finally {
    await model.session.release();
  }
}
