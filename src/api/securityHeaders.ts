/**
 * Headers on every response: `nosniff` (a result or an error is never run as a script or page
 * by a browser guessing its type), no referrer (a URL may carry `api_key`), and for HTML (the web
 * page, the docs page) a strict Content-Security-Policy: the page is self-contained, so scripts,
 * styles and fonts come from this server only; audio plays from this server or from blob: URLs
 * the page makes; nothing may frame it. A route may set `ctx.state.cspNonce` (the web page does:
 * wavesurfer.js puts one <style> into its shadow root and takes a nonce): that response's
 * style-src then also admits 'nonce-<it>'; scripts stay 'self' only.
 */
import type { Middleware } from "koa";

export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const NONCE = /^[A-Za-z0-9+/=_-]{16,}$/;

/** The policy of one HTML response: with a valid nonce, style-src admits it too. */
export function htmlContentSecurityPolicy(styleNonce?: unknown): string {
  if (typeof styleNonce !== "string" || !NONCE.test(styleNonce)) return HTML_CONTENT_SECURITY_POLICY;
  return HTML_CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' 'nonce-${styleNonce}'`);
}

/** On every response, whatever answers it (src/api/statusFastPath.ts sets them too). */
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      ctx.set(COMMON_SECURITY_HEADERS);
      if (ctx.response.is("html")) {
        ctx.set("Content-Security-Policy", htmlContentSecurityPolicy((ctx.state as { cspNonce?: unknown }).cspNonce));
        ctx.set("X-Frame-Options", "DENY");
      }
    }
  };
}
