import Router from "@koa/router";
import type { z } from "zod";
import type { AppDeps } from "./appDeps.ts";
import type { HealthBody } from "./schemas/healthSchema.ts";

/** GET /health: liveness plus the worker's state and the queue size. */
export function healthRoutes(deps: AppDeps): Router {
  const router = new Router();
  router.get("/health", async (ctx) => {
    const state = await deps.queue.state();
    const body: z.infer<typeof HealthBody> = {
      status: state.workerRunning ? "ok" : "degraded",
      worker_running: state.workerRunning,
      worker_processing: state.workerProcessing,
      current_job_id: state.currentJobId,
      current_job_ids: state.currentJobIds,
      workers: state.workers,
      queue_size: state.queueSize,
    };
    ctx.body = body;
  });
  return router;
}
