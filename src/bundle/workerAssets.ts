/**
 * The worker's assets when running from the single-file bundle: the ffmpeg and onnxruntime wasm
 * bytes and the model files come from the embedded assets instead of node_modules/ and models/.
 * From source this returns {} and the worker context reads the files as usual.
 *
 * Every field is a getter, so an asset is decoded only when the worker context first reads that
 * field (ffmpeg on the first job; onnxruntime and the model only when recognition is used).
 * The model files are written once to a private temp dir because the model loader takes paths;
 * the dir is removed when the worker thread exits.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_MODEL_CARD, type WorkerAssets } from "../pipeline/workerContext.ts";
import { embeddedAsset, embeddedAssetNames, isBundled, type EmbeddedAssetName } from "./embeddedAssets.ts";

function requireAsset(name: EmbeddedAssetName): Uint8Array {
  const bytes = embeddedAsset(name);
  if (!bytes) throw new Error(`asset ${name} is missing from the bundle`);
  return bytes;
}

function writeEmbeddedModels(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quran-splitter-models-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  for (const name of embeddedAssetNames()) {
    if (!name.startsWith("models/")) continue;
    fs.writeFileSync(path.join(dir, name.slice("models/".length)), requireAsset(name as EmbeddedAssetName));
  }
  return dir;
}

export function bundledWorkerAssets(): WorkerAssets {
  if (!isBundled()) return {};
  let modelDir: string | null = null;
  return {
    get ffmpeg() {
      return { wasm: requireAsset("ffmpeg-core.wasm") };
    },
    get onnx() {
      return { wasmBinary: requireAsset("ort-wasm-simd-threaded.wasm") };
    },
    get modelCardPath() {
      modelDir ??= writeEmbeddedModels();
      return path.join(modelDir, DEFAULT_MODEL_CARD);
    },
  };
}
