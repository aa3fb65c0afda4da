/**
 * SUBMIT_RATE_LIMIT_PER_MINUTE: how many uploads (POST /transcribe, POST /transcribe/async) one
 * client may send per minute, counted per client IP by rate-limiter-flexible in this process. It
 * runs before a byte of the upload is read, so a flood costs neither disk nor queue. Over the
 * limit: 429 with Retry-After (seconds). Behind a reverse proxy every client has the proxy's IP.
 */
import type { Middleware } from "koa";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { HttpError } from "./httpError.ts";

const WINDOW_SECONDS = 60;

export function submitRateLimit(perMinute: number): Middleware {
  if (perMinute === 0) return (_ctx, next) => next();
  const limiter = new RateLimiterMemory({ keyPrefix: "submit", points: perMinute, duration: WINDOW_SECONDS });
  return async (ctx, next) => {
    try {
      await limiter.consume(ctx.ip || "unknown");
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      ctx.set("Retry-After", String(retryAfterSeconds));
      // A body may still be arriving; the client is told, and Koa drains nothing more of it.
      ctx.set("Connection", "close");
      throw new HttpError(429, `Too many uploads from this client: at most ${perMinute} per minute. Try again in ${retryAfterSeconds} s.`);
    }
    return next();
  };
}
