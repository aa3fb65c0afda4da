/**
 * Reading the single-file bundle's own file (bundle only; from source nothing calls this).
 *
 * Layout written by esbuild.config.mjs: two loader lines (#! and a statement that runs the
 * JavaScript part as the module, so the main thread never keeps the whole file as source), the
 * JavaScript, then one trailing comment holding every asset gzip+base64 encoded, and on its last
 * line an index with byte offsets:
 *
 *   #!/usr/bin/env node
 *   <loader: reads [jsStart, jsStart + jsLength) of this file, runs it, returns>
 *   <javascript>
 *   /*QS-ASSETS
 *   <base64 of asset 1>
 *   ...
 *   QS-INDEX {"jsStart":S,"jsLength":N,"assets":{"ffmpeg-core.wasm":{"offset":o,"length":l},...}}
 *   *\/
 *
 * Assets are read from disk by offset when first asked for, so they never become JavaScript
 * strings that an isolate keeps alive; both threads run only the JavaScript part (the worker: see
 * workerSource.ts), so neither keeps the payload as source text.
 */
import fs from "node:fs";
import zlib from "node:zlib";
import { isMainThread, workerData } from "node:worker_threads";

export const INDEX_MARKER = "QS-INDEX ";
const INDEX_TAIL_BYTES = 64 * 1024;

export interface BundleIndex {
  /** Where the JavaScript part starts: after the loader lines (esbuild.config.mjs loaderFor). */
  jsStart?: number;
  jsLength: number;
  assets: Record<string, { offset: number; length: number }>;
}

/** Path of the bundle file: this script in the main thread; handed over in workerData to the worker. */
export function bundleFilePath(): string {
  if (isMainThread) return __filename;
  const fromParent = (workerData as { bundlePath?: string } | null)?.bundlePath;
  if (!fromParent) throw new Error("bundle worker started without workerData.bundlePath");
  return fromParent;
}

function readRange(filePath: string, offset: number, length: number): Buffer {
  const fd = fs.openSync(filePath, "r");
  try {
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, offset);
    return buffer;
  } finally {
    fs.closeSync(fd);
  }
}

export function readBundleIndex(filePath: string = bundleFilePath()): BundleIndex {
  const size = fs.statSync(filePath).size;
  const tailLength = Math.min(size, INDEX_TAIL_BYTES);
  const tail = readRange(filePath, size - tailLength, tailLength).toString("utf8");
  const start = tail.lastIndexOf(INDEX_MARKER);
  if (start < 0) throw new Error(`${filePath} has no asset index (not a complete quran-splitter bundle?)`);
  const line = tail.slice(start + INDEX_MARKER.length).split("\n")[0];
  return JSON.parse(line) as BundleIndex;
}

export function readBundledAsset(name: string, filePath: string = bundleFilePath()): Uint8Array | null {
  const entry = readBundleIndex(filePath).assets[name];
  if (!entry) return null;
  const base64 = readRange(filePath, entry.offset, entry.length).toString("latin1");
  return zlib.gunzipSync(Buffer.from(base64, "base64"));
}

/** The JavaScript part of the bundle (everything before the asset payload). */
export function readBundleJavaScript(filePath: string = bundleFilePath()): string {
  const index = readBundleIndex(filePath);
  return readRange(filePath, index.jsStart ?? 0, index.jsLength).toString("utf8");
}
