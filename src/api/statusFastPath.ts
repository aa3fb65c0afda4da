/**
 * GET /jobs/{id}/status answered without Koa: the request every client repeats (the spec's
 * examples poll every 5 s, a page of jobs polls many). `scripts/statusStackBench.ts` on the 2-core
 * machine (20 connections, a completed job, load 3.6-3.9): bare node:http 7,000-7,400 req/s at
 * p99 7-9 ms, a one-route Koa app 4,200-4,800 at 11-12 ms, the service's Koa app 3,200-3,900 at
 * 14 ms, this fast path in front of it 5,600-6,200 at 8 ms. Koa's per-request context and
 * response machinery is most of the cost, not this app's middleware.
 *
 * Only the plain success is answered here. A request with an Origin (CORS), a query string, an
 * encoded or odd id, a missing or wrong key where keys are set, an unknown job, or any failure
 * goes to Koa untouched, which answers it like every other route: errorMiddleware stays the one
 * place that maps errors. A test checks this answer has the status, headers and body Koa gives.
 */
import type http from "node:http";
import type { JobQueue } from "../jobs/jobQueue.ts";
import type { JobStore } from "../jobs/jobStore.ts";
import { keyFromHeaders, keyMatcher } from "./apiKeyAuth.ts";
import { findStatusView } from "./findJob.ts";
import { COMMON_SECURITY_HEADERS } from "./securityHeaders.ts";

export interface StatusFastPathDeps {
  store: JobStore;
  queue: JobQueue;
  apiKeys: readonly string[];
}

/** A job id as the service makes them (UUIDs): nothing to decode, nothing to escape. */
const STATUS_PATH = /^\/jobs\/([A-Za-z0-9-]{1,64})\/status$/;

/** Answers a request it can (returns true), else leaves it untouched (false) for `fallback`. */
type FastPath = (req: http.IncomingMessage, res: http.ServerResponse, fallback: http.RequestListener) => boolean;

export function statusFastPath(deps: StatusFastPathDeps): FastPath {
  const matches = keyMatcher(deps.apiKeys);
  const authorized = (req: http.IncomingMessage): boolean => {
    if (deps.apiKeys.length === 0) return true;
    const key = keyFromHeaders(req.headers.authorization ?? "", String(req.headers["x-api-key"] ?? ""));
    return key !== null && matches(key);
  };
  return (req, res, fallback) => {
    if (req.method !== "GET" || req.headers.origin !== undefined) return false;
    const id = STATUS_PATH.exec(req.url ?? "")?.[1];
    if (!id || !authorized(req)) return false;
    findStatusView(deps.store, deps.queue, id).then(
      (view) => {
        if (!view) return fallback(req, res);
        const body = JSON.stringify(view);
        res.writeHead(200, {
          ...COMMON_SECURITY_HEADERS,
          Vary: "Origin",
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": Buffer.byteLength(body),
        });
        res.end(body);
      },
      () => fallback(req, res),
    );
    return true;
  };
}
