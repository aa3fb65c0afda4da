/**
 * The bundle's replacement of embeddedAssets.ts (esbuild.config.mjs swaps it in): same exports,
 * answered from the asset payload at the end of the bundle file.
 */
import { readBundledAsset, readBundleIndex } from "./bundleFile.ts";
import type { EmbeddedAssetName } from "./embeddedAssets.ts";

export type { EmbeddedAssetName };

export function embeddedAsset(name: EmbeddedAssetName): Uint8Array | null {
  return readBundledAsset(name);
}

export function embeddedAssetNames(): string[] {
  return Object.keys(readBundleIndex().assets);
}

export function isBundled(): boolean {
  return true;
}
