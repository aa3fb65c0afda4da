/**
 * What one worker thread keeps between jobs: the ffmpeg.wasm instance and the acoustic model
 * with its Quran index. Both are created on first use (a job that fails to decode never pays
 * for the model) and live in this object, which the task entry holds; nothing is module-level.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createFfmpegCore, type FfmpegCore, type FfmpegCoreOptions } from "../audio/ffmpegCore.ts";
import { loadCtcModel, type CtcModel } from "../model/ctcModel.ts";
import type { OnnxRuntimeOptions } from "../model/onnxSession.ts";
import { buildQuranIndex, type QuranIndex } from "../recognize/quranIndex.ts";
import type { WorkerSettings } from "./taskTypes.ts";

export const DEFAULT_MODEL_CARD = "quran-ctc-v1.json";

export interface WorkerAssets {
  /** Card of the acoustic model; the .onnx sits beside it. Absent file → no recognition. */
  modelCardPath?: string;
  onnxPath?: string;
  ffmpeg?: FfmpegCoreOptions;
  onnx?: OnnxRuntimeOptions;
}

export interface RecognitionModel {
  model: CtcModel;
  index: QuranIndex;
}

export interface WorkerContext {
  ffmpeg(): Promise<FfmpegCore>;
  /** The acoustic model and Quran index, or null when no model is installed. */
  recognition(): Promise<RecognitionModel | null>;
}

/** models/ of the source tree (dev and tests); the bundle passes explicit assets instead. */
export function defaultModelCardPath(): string {
  const fromEnv = process.env.QURAN_SPLITTER_MODEL_DIR;
  if (fromEnv) return path.join(fromEnv, DEFAULT_MODEL_CARD);
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, "../../models", DEFAULT_MODEL_CARD);
}

export function createWorkerContext(assets: WorkerAssets = {}, settings: Partial<WorkerSettings> = {}): WorkerContext {
  let ffmpegPromise: Promise<FfmpegCore> | null = null;
  let recognitionPromise: Promise<RecognitionModel | null> | null = null;
  return {
    ffmpeg() {
      ffmpegPromise ??= createFfmpegCore(assets.ffmpeg);
      // A failed start must not poison the context: the next job tries again.
      ffmpegPromise.catch(() => { ffmpegPromise = null; });
      return ffmpegPromise;
    },
    recognition() {
      recognitionPromise ??= loadRecognition(assets, settings.modelThreads ?? 1);
      recognitionPromise.catch(() => { recognitionPromise = null; });
      return recognitionPromise;
    },
  };
}

async function loadRecognition(assets: WorkerAssets, modelThreads: number): Promise<RecognitionModel | null> {
  const cardPath = assets.modelCardPath ?? defaultModelCardPath();
  if (!existsSync(cardPath)) return null;
  const onnxPath = assets.onnxPath ?? cardPath.replace(/\.json$/i, ".onnx");
  if (!existsSync(onnxPath)) return null;
  const model = await loadCtcModel({ cardPath, onnxPath }, { ...assets.onnx, threads: modelThreads });
  return { model, index: buildQuranIndex(model.textRules) };
}
