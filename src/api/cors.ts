/**
 * CORS for browser clients (the spec's JavaScript example), preflight included, and the guard
 * against cross-site requests that change things.
 *
 * Reads (GET/HEAD) are answered to any origin with CORS_ORIGINS="*" (the default), or to the
 * listed origins. Requests that change things (POST, PUT, PATCH, DELETE) from a browser page are
 * accepted only from the listed origins, from the server's own origin (its web page) and, with
 * "*", from loopback origins (http://localhost:<port>: a page the user runs on this machine, as in
 * the spec's example). Any other page gets 403: a multipart POST is a "simple" request the browser
 * sends without asking first, so refusing the preflight alone would not stop `POST /transcribe` or
 * a form; this check does. Clients that are not browsers send no Origin and are not concerned.
 */
import type { Context, Middleware } from "koa";

const ALLOWED_METHODS = "GET, HEAD, POST, DELETE, OPTIONS";
const PREFLIGHT_MAX_AGE_SECONDS = "600";
const READ_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

function isLoopbackOrigin(origin: string): boolean {
  try {
    const { hostname } = new URL(origin);
    return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
  } catch {
    return false;
  }
}

function isSameOrigin(ctx: Context, origin: string): boolean {
  try {
    return new URL(origin).host === ctx.get("Host");
  } catch {
    return false;
  }
}

/** May a page on `origin` call `method` here? */
function originMayUse(ctx: Context, origins: "*" | readonly string[], origin: string, method: string): boolean {
  if (origins !== "*" && origins.includes(origin)) return true;
  if (isSameOrigin(ctx, origin)) return true;
  if (READ_METHODS.has(method)) return origins === "*";
  return origins === "*" && isLoopbackOrigin(origin);
}

export function corsMiddleware(origins: "*" | readonly string[]): Middleware {
  return async (ctx, next) => {
    const origin = ctx.get("Origin");
    ctx.vary("Origin");
    if (!origin) return next();
    const isPreflight = ctx.method === "OPTIONS" && ctx.get("Access-Control-Request-Method") !== "";
    const method = isPreflight ? ctx.get("Access-Control-Request-Method").toUpperCase() : ctx.method;
    if (!originMayUse(ctx, origins, origin, method)) {
      if (READ_METHODS.has(method)) return next(); // answered, but without CORS headers the page cannot read it
      ctx.status = 403;
      ctx.body = { detail: `Requests that change data are not accepted from the web page at ${origin}: list it in CORS_ORIGINS` };
      return;
    }
    ctx.set("Access-Control-Allow-Origin", origins === "*" && READ_METHODS.has(method) ? "*" : origin);
    ctx.set("Access-Control-Expose-Headers", "Content-Disposition, X-Job-Id, Retry-After");
    if (!isPreflight) return next();
    ctx.set("Access-Control-Allow-Methods", ALLOWED_METHODS);
    ctx.set("Access-Control-Allow-Headers", ctx.get("Access-Control-Request-Headers") || "Content-Type");
    ctx.set("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
    ctx.status = 204;
  };
}
