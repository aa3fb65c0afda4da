/**
 * The reference page at /docs: Swagger UI (swagger-ui-dist) rendering /openapi.json, served from
 * this process so it works offline. In the bundle the two files are embedded assets; running from
 * source they are read from node_modules.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { embeddedAsset } from "../bundle/embeddedAssets.ts";

export const DOCS_ASSET_NAMES = ["swagger-ui-bundle.js", "swagger-ui.css"] as const;
export type DocsAssetName = (typeof DOCS_ASSET_NAMES)[number];

export const DOCS_CONTENT_TYPES: Record<DocsAssetName, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
};

export function isDocsAssetName(name: string): name is DocsAssetName {
  return (DOCS_ASSET_NAMES as readonly string[]).includes(name);
}

export function readDocsAsset(name: DocsAssetName): Uint8Array {
  const embedded = embeddedAsset(`docs/${name}`);
  if (embedded) return embedded;
  const distDir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  return fs.readFileSync(path.join(distDir, name));
}

/** Starts Swagger UI; a file of its own because the page's Content-Security-Policy allows no inline script. */
export const DOCS_INIT_SCRIPT =
  'window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null, deepLinking: true });\n';

/** The page: no external fetches (no validator badge, no fonts from the web). */
export const DOCS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>quran-splitter API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;
