/**
 * Binary assets (wasm runtimes, model files) by name. Running from source this module has
 * nothing embedded and every lookup returns null: callers then read the file from node_modules
 * or models/ as usual. In the single-file bundle esbuild.config.mjs swaps in
 * bundledEmbeddedAssets.ts, which reads the asset from the payload appended to the bundle file
 * (bundleFile.ts): decoded only when, and only in the thread where, it is first asked for.
 *
 * Names: "node-sqlite3-wasm.wasm", "ffmpeg-core.wasm", "ort-wasm-simd-threaded.wasm", its glue
 * "ort-wasm-simd-threaded.mjs", and
 * "models/<file>" for every file in models/, "docs/<file>" for the /docs page (swagger-ui-dist), "web/<file>" for the web page (src/web/).
 */
export type EmbeddedAssetName =
  | "node-sqlite3-wasm.wasm"
  | "ffmpeg-core.wasm"
  | "ort-wasm-simd-threaded.wasm"
  | "ort-wasm-simd-threaded.mjs"
  | `models/${string}`
  | `docs/${string}`
  | `web/${string}`;

/** The asset's bytes in the bundle; null when running from source. */
export function embeddedAsset(_name: EmbeddedAssetName): Uint8Array | null {
  return null;
}

/** Names of all embedded assets (empty when running from source). */
export function embeddedAssetNames(): string[] {
  return [];
}

/** Whether this code runs from the single-file bundle. */
export function isBundled(): boolean {
  return false;
}
