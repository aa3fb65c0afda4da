// Builds dist/quran-splitter.cjs: ONE file that runs with plain `node` from any directory, with
// no node_modules, all wasm runtimes and model files embedded. See src/bundleEntry.ts for how the
// one file serves as both the main thread and the piscina worker, and src/bundle/bundleFile.ts for
// the asset payload appended after the JavaScript (read from disk by offset, decoded on first use).
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { buildWebPage, WEB_ASSET_CONTENT_TYPES } from "./src/web/pageBuild.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// Overrides for tests and experiments; `npm run build` uses the defaults.
const outfile = path.resolve(root, process.env.QURAN_SPLITTER_BUNDLE_OUT ?? "dist/quran-splitter.cjs");
const modelsDir = path.resolve(root, process.env.QURAN_SPLITTER_BUNDLE_MODELS ?? "models");

function nodeModuleFile(specifier) {
  return require.resolve(specifier, { paths: [root] });
}

/** name → absolute path of every embedded asset. */
function assetFiles() {
  const assets = {
    "node-sqlite3-wasm.wasm": path.join(path.dirname(nodeModuleFile("node-sqlite3-wasm")), "node-sqlite3-wasm.wasm"),
    "ffmpeg-core.wasm": path.join(root, "node_modules/@ffmpeg/core/dist/esm/ffmpeg-core.wasm"),
    "ort-wasm-simd-threaded.wasm": path.join(root, "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm"),
    // ort's wasm glue as a file: with more than one model thread its threads load it by URL.
    "ort-wasm-simd-threaded.mjs": path.join(root, "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs"),
  };
  // The /docs page (src/api/docsAssets.ts).
  for (const name of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
    assets[`docs/${name}`] = path.join(path.dirname(nodeModuleFile("swagger-ui-dist/package.json")), name);
  }
  for (const name of fs.existsSync(modelsDir) ? fs.readdirSync(modelsDir) : []) {
    const file = path.join(modelsDir, name);
    if (fs.statSync(file).isFile() && !name.startsWith(".")) assets[`models/${name}`] = file;
  }
  return assets;
}

/**
 * Appends the asset payload to the built JavaScript as one trailing comment: each asset
 * gzip+base64 on its own line (base64 has no "*", so the comment cannot end early), then the
 * index line with byte offsets that src/bundle/bundleFile.ts reads. `builtAssets`: name → bytes
 * made by this build (the web page's files).
 */
function appendAssets(file, builtAssets) {
  const javaScript = fs.readFileSync(file);
  const loader = Buffer.from(loaderFor(javaScript.length));
  const parts = [loader, javaScript, Buffer.from("\n/*QS-ASSETS\n")];
  let offset = loader.length + javaScript.length + parts[2].length;
  const assets = {};
  const contents = [...Object.entries(assetFiles()).map(([name, assetPath]) => [name, fs.readFileSync(assetPath)]), ...builtAssets];
  for (const [name, bytes] of contents) {
    const packed = Buffer.from(zlib.gzipSync(bytes, { level: 9 }).toString("base64") + "\n");
    assets[name] = { offset, length: packed.length - 1 };
    parts.push(packed);
    offset += packed.length;
  }
  parts.push(Buffer.from(`QS-INDEX ${JSON.stringify({ jsStart: loader.length, jsLength: javaScript.length, assets })}\n*/\n`));
  fs.writeFileSync(file, Buffer.concat(parts));
}

/**
 * The file's first lines: read the JavaScript part [start, start + length) of this same file and
 * run it as this module, then return. Node reads a script whole, so without this the main thread
 * would run a 39 MB source whose functions keep it alive, the asset payload comment included
 * (measured: 31 MB of heap for as long as the server runs). The loader's own source, payload and
 * all, is garbage once it returns. The loader's length is in its text, hence the fixed point.
 */
function loaderFor(javaScriptLength) {
  const loaderText = (start) => `#!/usr/bin/env node
"use strict";{const fs=require("node:fs");const fd=fs.openSync(__filename,"r");const js=Buffer.alloc(${javaScriptLength});fs.readSync(fd,js,0,${javaScriptLength},${start});fs.closeSync(fd);module._compile(js.toString("utf8"),__filename);}return;
`;
  let start = 0;
  while (Buffer.byteLength(loaderText(start)) !== start) start = Buffer.byteLength(loaderText(start));
  return loaderText(start);
}

function replaceOnce(source, search, replacement, file) {
  if (!source.includes(search)) throw new Error(`esbuild.config.mjs: expected text not found in ${file}: ${search}`);
  return source.replace(search, replacement);
}

const bundlePlugin = {
  name: "quran-splitter-bundle",
  setup(b) {
    b.onLoad({ filter: /src[\\/]bundle[\\/]embeddedAssets\.ts$/ }, () => ({
      contents: 'export * from "./bundledEmbeddedAssets.ts";',
      loader: "ts",
      resolveDir: path.join(root, "src/bundle"),
    }));
    // piscina starts every worker from its own dist/worker.js; in the bundle that file does not
    // exist, so the worker is started from the bundle itself (which then runs the bootstrap).
    b.onResolve({ filter: /^piscina-worker-bootstrap$/ }, () => ({ path: path.join(path.dirname(nodeModuleFile("piscina")), "worker.js") }));
    b.onLoad({ filter: /piscina[\\/]dist[\\/]worker_pool[\\/]index\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, "utf8");
      const patched = replaceOnce(source, "new node_worker_threads_1.Worker(filename, workerOpts)",
        `new node_worker_threads_1.Worker(...require(${JSON.stringify(path.join(root, "src/bundle/workerSource.ts"))}).bundleWorkerSpec(filename, workerOpts))`, args.path);
      return { contents: patched, loader: "js" };
    });
    b.onLoad({ filter: /piscina[\\/]dist[\\/]index\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, "utf8");
      return { contents: replaceOnce(source, "(0, node_path_1.resolve)(__dirname, 'worker.js')", "__filename", args.path), loader: "js" };
    });
    // node-sqlite3-wasm reads its wasm from __dirname: hand it the embedded bytes instead.
    b.onLoad({ filter: /node-sqlite3-wasm[\\/]dist[\\/]node-sqlite3-wasm\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, "utf8");
      const injected = 'var Module={wasmBinary:require("./embedded-sqlite-wasm")};';
      return { contents: replaceOnce(source, 'var Module=typeof Module!="undefined"?Module:{};', injected, args.path), loader: "js" };
    });
    b.onResolve({ filter: /^\.\/embedded-sqlite-wasm$/ }, () => ({ path: "embedded-sqlite-wasm", namespace: "qs" }));
    b.onLoad({ filter: /^embedded-sqlite-wasm$/, namespace: "qs" }, () => ({
      contents: `const { embeddedAsset } = require(${JSON.stringify(path.join(root, "src/bundle/embeddedAssets.ts"))});
module.exports = embeddedAsset("node-sqlite3-wasm.wasm");`,
      loader: "js",
      resolveDir: root,
    }));
    // The web page's files are embedded (below); the bundle never builds them, so esbuild stays out of it.
    b.onResolve({ filter: /[\\/]pageBuild\.mjs$/ }, () => ({ path: "web-page-build", namespace: "qs" }));
    b.onLoad({ filter: /^web-page-build$/, namespace: "qs" }, () => ({
      contents: `export const WEB_ASSET_CONTENT_TYPES = ${JSON.stringify(WEB_ASSET_CONTENT_TYPES)};
export async function buildWebPage() { throw new Error("the bundle serves its embedded web page files"); }`,
      loader: "js",
    }));
    // The Node build of onnxruntime-web (as from source): it imports its wasm glue from the file that
    // src/bundle/workerAssets.ts writes out of the embedded assets, so ort's own threads can load it too
    // (the browser "bundle" build inlines the glue but then fetch()es it for threads, which Node cannot do
    // for a file: URL). The wasm bytes come from embeddedAsset().
    b.onResolve({ filter: /^onnxruntime-web$/ }, () => ({ path: path.join(root, "node_modules/onnxruntime-web/dist/ort.node.min.mjs") }));
    // Its first line makes a `require` from import.meta.url, which a CommonJS bundle has none of; the
    // bundle's own `require` does the same job (ort only requires Node's built-in modules with it).
    b.onLoad({ filter: /onnxruntime-web[\\/]dist[\\/]ort\.node\.min\.mjs$/ }, (args) => {
      const source = fs.readFileSync(args.path, "utf8");
      return { contents: replaceOnce(source, 'import{createRequire}from"module";const require=createRequire(import.meta.url);', "", args.path), loader: "js" };
    });
  },
};

const startedAtMs = Date.now();
await build({
  entryPoints: [path.join(root, "src/bundleEntry.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minifyWhitespace: true,
  legalComments: "none",
  logOverride: { "empty-import-meta": "silent", "unsupported-dynamic-import": "silent" },
  // piscina's optional native addon (only for niceIncrement, unused): no native addons here.
  external: ["@napi-rs/nice"],
  plugins: [bundlePlugin],
  logLevel: "warning",
});
const webFiles = await buildWebPage(root);
appendAssets(outfile, [...webFiles].map(([name, bytes]) => [`web/${name}`, Buffer.from(bytes)]));
// `./quran-splitter.cjs split …` works like `node quran-splitter.cjs split …` (the loader's #! line).
fs.chmodSync(outfile, 0o755);
const sizeMb = (fs.statSync(outfile).size / 1e6).toFixed(1);
console.log(`built ${path.relative(root, outfile)} (${sizeMb} MB) in ${Date.now() - startedAtMs} ms`);
