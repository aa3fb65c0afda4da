/**
 * CORS for browser clients (the spec's JavaScript example), preflight included.
 * `origins` is "*" (any origin) or the exact list of allowed origins.
 */
import type { Middleware } from "koa";

const ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

export function corsMiddleware(origins: "*" | readonly string[]): Middleware {
  return async (ctx, next) => {
    const origin = ctx.get("Origin");
    if (origins !== "*") ctx.vary("Origin");
    const allowedOrigin = origins === "*" ? "*" : origins.includes(origin) ? origin : null;
    if (!origin || !allowedOrigin) {
      return next();
    }
    ctx.set("Access-Control-Allow-Origin", allowedOrigin);
    ctx.set("Access-Control-Expose-Headers", "Content-Disposition");
    const isPreflight = ctx.method === "OPTIONS" && ctx.get("Access-Control-Request-Method") !== "";
    if (!isPreflight) return next();
    ctx.set("Access-Control-Allow-Methods", ALLOWED_METHODS);
    ctx.set("Access-Control-Allow-Headers", ctx.get("Access-Control-Request-Headers") || "Content-Type");
    ctx.set("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
    ctx.status = 204;
  };
}
