/**
 * The worker's assets when running from the single-file bundle: the ffmpeg and onnxruntime wasm
 * bytes and the model files come from the embedded assets instead of node_modules/ and models/.
 * From source this returns {} and the worker context reads the files as usual.
 *
 * Every field is a getter, so an asset is decoded only when the worker context first reads that
 * field (ffmpeg on the first job; onnxruntime and the model only when recognition is used).
 * The model files are written to a temp dir named after their content because the model loader
 * takes paths (see writeEmbeddedModels).
 */
import crypto from "node:crypto";
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

/**
 * Writes the embedded model files to os.tmpdir()/quran-splitter-models-<content hash>/ (once per
 * model version: a later start finds them there) and returns that dir. Written to a fresh temp
 * dir and renamed into place, so a dir under the final name is always complete.
 */
function writeEmbeddedModels(): string {
  const files = embeddedAssetNames()
    .filter((name) => name.startsWith("models/"))
    .map((name) => ({ name: name.slice("models/".length), bytes: requireAsset(name as EmbeddedAssetName) }));
  const hash = crypto.createHash("sha256");
  for (const file of files) hash.update(file.name).update(file.bytes);
  const dir = path.join(os.tmpdir(), `quran-splitter-models-${hash.digest("hex").slice(0, 16)}`);
  if (fs.existsSync(dir) && fs.statSync(dir).uid === process.getuid?.()) return dir;
  const staging = fs.mkdtempSync(`${dir}.staging-`);
  for (const file of files) fs.writeFileSync(path.join(staging, file.name), file.bytes);
  try {
    fs.renameSync(staging, dir);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // another process got there first
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
      // QURAN_SPLITTER_MODEL_DIR overrides the embedded model as it does from source (another
      // model, or an empty dir for none); undefined makes the context read that dir.
      if (process.env.QURAN_SPLITTER_MODEL_DIR) return undefined;
      modelDir ??= writeEmbeddedModels();
      return path.join(modelDir, DEFAULT_MODEL_CARD);
    },
  };
}
