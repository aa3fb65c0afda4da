/**
 * The worker's assets when running from the single-file bundle: the ffmpeg and onnxruntime wasm
 * bytes and the model files come from the embedded assets instead of node_modules/ and models/.
 * From source this returns {} and the worker context reads the files as usual.
 *
 * Every field is a getter, so an asset is decoded only when the worker context first reads that
 * field (ffmpeg when the worker warms up; onnxruntime and the model only when recognition is used).
 * The model files are written to a temp dir named after their content because the model loader
 * takes paths, and so is ort's wasm glue: ort's Node build imports it from a file, and its own
 * threads (MODEL_THREADS > 1) load it again by that URL (see writeEmbeddedFiles).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_MODEL_CARD, type WorkerAssets } from "../pipeline/workerContext.ts";
import { embeddedAsset, embeddedAssetNames, isBundled, type EmbeddedAssetName } from "./embeddedAssets.ts";

function requireAsset(name: EmbeddedAssetName): Uint8Array {
  const bytes = embeddedAsset(name);
  if (!bytes) throw new Error(`asset ${name} is missing from the bundle`);
  return bytes;
}

/**
 * Writes the named embedded assets (file name → asset name) to os.tmpdir()/quran-splitter-<kind>-<content hash>/
 * (once per version: a later start finds them there) and returns that dir. Written to a fresh temp
 * dir and renamed into place, so a dir under the final name is always complete.
 */
function writeEmbeddedFiles(kind: string, assetNames: Record<string, EmbeddedAssetName>): string {
  const files = Object.entries(assetNames).map(([name, assetName]) => ({ name, bytes: requireAsset(assetName) }));
  const hash = crypto.createHash("sha256");
  for (const file of files) hash.update(file.name).update(file.bytes);
  const dir = path.join(os.tmpdir(), `quran-splitter-${kind}-${hash.digest("hex").slice(0, 16)}`);
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

function writeEmbeddedModels(): string {
  const models = embeddedAssetNames().filter((name) => name.startsWith("models/"));
  return writeEmbeddedFiles("models", Object.fromEntries(models.map((name) => [name.slice("models/".length), name as EmbeddedAssetName])));
}

const ORT_GLUE = "ort-wasm-simd-threaded.mjs";

export function bundledWorkerAssets(): WorkerAssets {
  if (!isBundled()) return {};
  let modelDir: string | null = null;
  return {
    get ffmpeg() {
      return { wasm: requireAsset("ffmpeg-core.wasm") };
    },
    get onnx() {
      const glueDir = writeEmbeddedFiles("ort", { [ORT_GLUE]: ORT_GLUE });
      return { wasmBinary: requireAsset("ort-wasm-simd-threaded.wasm"), wasmPaths: { mjs: pathToFileURL(path.join(glueDir, ORT_GLUE)).href } };
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
