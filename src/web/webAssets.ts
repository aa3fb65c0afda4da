/**
 * The web page's files (script, stylesheet, Amiri Quran fonts): in the single-file bundle they are
 * embedded assets ("web/<name>", built by esbuild.config.mjs); running from source (`npm start`,
 * tests) they are built in memory by esbuild from src/web/page/ the first time the page is asked
 * for (a few hundred ms, once per process), so there is no build step and no stale copy.
 * File names carry a content hash, so the HTML names the current ones and they can be cached for good.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { embeddedAsset, embeddedAssetNames, isBundled } from "../bundle/embeddedAssets.ts";
import { buildWebPage, WEB_ASSET_CONTENT_TYPES } from "./pageBuild.mjs";

export const EMBEDDED_WEB_PREFIX = "web/";

export interface WebAssets {
  /** name ("app-XXXX.js", "amiri-quran-arabic-400-normal-XXXX.woff2", …) → bytes */
  files: ReadonlyMap<string, Uint8Array>;
  scriptName: string;
  styleName: string;
}

function embeddedWebFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const name of embeddedAssetNames()) {
    if (!name.startsWith(EMBEDDED_WEB_PREFIX)) continue;
    files.set(name.slice(EMBEDDED_WEB_PREFIX.length), embeddedAsset(name as `web/${string}`)!);
  }
  return files;
}

function sourceRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
}

function nameEndingWith(files: ReadonlyMap<string, Uint8Array>, extension: string): string {
  const name = [...files.keys()].find((key) => key.startsWith("app") && key.endsWith(extension));
  if (!name) throw new Error(`the web page has no ${extension} file (built: ${[...files.keys()].join(", ")})`);
  return name;
}

export async function loadWebAssets(): Promise<WebAssets> {
  const files = isBundled() ? embeddedWebFiles() : await buildWebPage(sourceRoot());
  return { files, scriptName: nameEndingWith(files, ".js"), styleName: nameEndingWith(files, ".css") };
}

export function webAssetContentType(name: string): string {
  return WEB_ASSET_CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream";
}
