/**
 * API_KEY authentication. A request carries its key as `Authorization: Bearer <key>` or
 * `X-API-Key: <key>`; a GET or HEAD may also carry it as the query parameter `api_key`, because
 * EventSource and <audio> cannot send headers (such URLs end up in logs and history: prefer the
 * headers). Keys are compared through their SHA-256 digests with timingSafeEqual against every
 * configured key, so neither the time nor a length mismatch tells how close a guess was.
 */
import crypto from "node:crypto";
import type { Context, Middleware } from "koa";
import { HttpError } from "./httpError.ts";
import { isPublicRoute } from "./publicRoutes.ts";

function digestOf(key: string): Buffer {
  return crypto.createHash("sha256").update(key, "utf8").digest();
}

/** The key of `Authorization: Bearer <key>` or `X-API-Key: <key>` (header values, "" when absent), or null. */
export function keyFromHeaders(authorization: string, apiKeyHeader: string): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1];
  const header = apiKeyHeader.trim();
  return header !== "" ? header : null;
}

function presentedKey(ctx: Context): string | null {
  const fromHeaders = keyFromHeaders(ctx.get("Authorization"), ctx.get("X-API-Key"));
  if (fromHeaders !== null) return fromHeaders;
  if (ctx.method === "GET" || ctx.method === "HEAD") {
    const query = ctx.query.api_key;
    if (typeof query === "string" && query !== "") return query;
  }
  return null;
}

/** Whether a presented key is one of `apiKeys` (every digest compared, in constant time each). */
export function keyMatcher(apiKeys: readonly string[]): (key: string) => boolean {
  const digests = apiKeys.map(digestOf);
  return (key) => {
    const presented = digestOf(key);
    let found = false;
    for (const digest of digests) found = crypto.timingSafeEqual(digest, presented) || found;
    return found;
  };
}

/** No keys: every route is open (the start-up warns when that is so on a non-loopback address). */
export function apiKeyAuth(apiKeys: readonly string[]): Middleware {
  const matches = keyMatcher(apiKeys);
  return async (ctx, next) => {
    if (apiKeys.length === 0 || isPublicRoute(ctx.method, ctx.path)) return next();
    const key = presentedKey(ctx);
    if (key === null || !matches(key)) {
      ctx.set("WWW-Authenticate", 'Bearer realm="quran-splitter"');
      throw new HttpError(
        401,
        key === null
          ? "An API key is required: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
          : "The API key is not valid",
      );
    }
    return next();
  };
}
