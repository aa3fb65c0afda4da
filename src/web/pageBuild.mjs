// Builds the web page's browser files (src/web/page/) with esbuild, in memory: one script, one
// stylesheet and the Amiri Quran font files, all served by the process itself under /assets/.
// Plain JavaScript because both esbuild.config.mjs (plain `node`, embeds the files in the
// bundle) and src/web/webAssets.ts (running from source: builds them on first request) use it.
import { build } from "esbuild";
import path from "node:path";

/** Content types of the page's files, by extension. */
export const WEB_ASSET_CONTENT_TYPES = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
};

/**
 * @param {string} root the repository root (holds src/web/page and node_modules)
 * @returns {Promise<Map<string, Uint8Array>>} asset name ("app-<hash>.js", "app-<hash>.css", "<font>-<hash>.woff2", …) → bytes
 */
export async function buildWebPage(root) {
  const outdir = path.join(root, "dist/web-assets");
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: path.join(root, "src/web/page/main.ts") },
    outdir,
    write: false,
    bundle: true,
    platform: "browser",
    format: "iife",
    target: ["chrome100", "firefox100", "safari15"],
    minify: true,
    legalComments: "none",
    entryNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    publicPath: "/assets",
    loader: { ".woff2": "file", ".woff": "file" },
    logLevel: "warning",
  });
  const files = new Map();
  for (const file of result.outputFiles) files.set(path.relative(outdir, file.path).split(path.sep).join("/"), file.contents);
  return files;
}
