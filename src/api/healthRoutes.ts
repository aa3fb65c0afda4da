import Router from "@koa/router";
import type { AppDeps } from "./appDeps.ts";

/** GET /health: liveness plus the worker's state and the queue size. */
export function healthRoutes(deps: AppDeps): Router {
  const router = new Router();
  router.get("/health", (ctx) => {
    const state = deps.queue.state();
    ctx.body = {
      status: state.workerRunning ? "ok" : "degraded",
      worker_running: state.workerRunning,
      worker_processing: state.workerProcessing,
      current_job_id: state.currentJobId,
      queue_size: state.queueSize,
    };
  });
  return router;
}
