/** The HTTP server's request handler: the status fast path first, everything else through Koa. */
import type http from "node:http";
import type Koa from "koa";
import { statusFastPath, type StatusFastPathDeps } from "./statusFastPath.ts";

export function createRequestListener(app: Koa, deps: StatusFastPathDeps): http.RequestListener {
  const koa = app.callback();
  const fastPath = statusFastPath(deps);
  return (req, res) => {
    if (!fastPath(req, res, koa)) void koa(req, res);
  };
}
