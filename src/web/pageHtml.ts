/**
 * The HTML of GET /: a shell the script fills in (src/web/page/main.ts). No inline script or style
 * (the Content-Security-Policy forbids both); the style nonce is handed to the script in a meta tag
 * because wavesurfer.js puts one <style> into its shadow root and needs it.
 */
import type { WebAssets } from "./webAssets.ts";

export const PAGE_NONCE_META = "qs-style-nonce";

/** The brand mark as a data: URL (img-src admits data:), so the browser asks for no /favicon.ico. */
const FAVICON = "data:image/svg+xml," + encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#0f766e"/>'
  + '<rect x="9" y="9" width="14" height="14" fill="none" stroke="#fff" stroke-width="2.5" transform="rotate(45 16 16)"/>'
  + '<rect x="9" y="9" width="14" height="14" fill="none" stroke="#fff" stroke-width="2.5"/></svg>');

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

export function webPageHtml(assets: WebAssets, styleNonce: string): string {
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="${PAGE_NONCE_META}" content="${escapeAttribute(styleNonce)}">
<title>Quran Splitter</title>
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="/assets/${escapeAttribute(assets.styleName)}">
<script src="/assets/${escapeAttribute(assets.scriptName)}" defer></script>
</head>
<body>
<div id="app" class="app"><noscript>This page needs JavaScript. The API is documented at <a href="/docs">/docs</a>.</noscript></div>
</body>
</html>
`;
}
