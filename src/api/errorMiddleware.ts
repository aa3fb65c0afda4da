/**
 * The one place that turns errors into responses: HttpError → its status and `{detail}`;
 * anything else → 500 `{"detail": "Internal server error"}` (the message is logged, never
 * sent: it may hold paths or internals); a full disk → 507 with a plain sentence. Empty 4xx responses (no route, wrong method) get the
 * standard reason phrase as detail so every error has the same shape; an unknown method is 405.
 */
import http from "node:http";
import type { Middleware } from "koa";
import { diskFull, HttpError, isDiskFullError } from "./httpError.ts";

export function errorMiddleware(log: (message: string) => void): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      // @koa/router answers a method no route implements (TRACE, BREW…) 501: a server fault to
      // clients and monitors; it is the method that is wrong here, as for any other unrouted one.
      if (ctx.status === 501 && ctx.body == null) ctx.status = 405;
      if (ctx.status >= 400 && ctx.body == null) {
        const status = ctx.status;
        ctx.body = { detail: http.STATUS_CODES[status] ?? "Error" };
        ctx.status = status; // setting a body on Koa's default 404 would otherwise turn it into 200
      }
    } catch (caught) {
      const error = isDiskFullError(caught) ? diskFull() : caught;
      if (error instanceof HttpError) {
        ctx.status = error.status;
        ctx.body = { detail: error.detail };
        return;
      }
      log(`unhandled error on ${ctx.method} ${ctx.path}: ${error instanceof Error ? error.stack : String(error)}`);
      ctx.status = 500;
      ctx.body = { detail: "Internal server error" };
    }
  };
}
