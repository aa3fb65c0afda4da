import Router from "@koa/router";
import type { z } from "zod";
import type { QueueState } from "../jobs/jobQueue.ts";
import type { AppDeps } from "./appDeps.ts";
import type { HealthBody } from "./schemas/healthSchema.ts";

/** Whether a backend answers within a few seconds (a load balancer's check must not hang). */
async function reachable(check: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), REACHABLE_TIMEOUT_MS); });
  try {
    return await Promise.race([check().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const REACHABLE_TIMEOUT_MS = 3000;

const UNKNOWN_STATE: QueueState = {
  workerRunning: false, workerProcessing: false, currentJobId: null, currentJobIds: [], workers: 0, queueSize: 0,
};

/** GET /health: liveness, the worker's state, the queue size, the node's role and the backends it reaches. */
export function healthRoutes(deps: AppDeps): Router {
  const router = new Router();
  router.get("/health", async (ctx) => {
    const [databaseReachable, storageReachable] = await Promise.all([
      reachable(() => deps.store.checkReachable()), reachable(() => deps.storage.checkReachable()),
    ]);
    // The queue size is a database read: with the database gone it reads 0 and status says degraded.
    const state = databaseReachable ? await deps.queue.state() : { ...(await deps.queue.state().catch(() => null) ?? UNKNOWN_STATE) };
    const workerOk = deps.role === "api" || state.workerRunning;
    const body: z.infer<typeof HealthBody> = {
      status: workerOk && databaseReachable && storageReachable ? "ok" : "degraded",
      worker_running: state.workerRunning,
      worker_processing: state.workerProcessing,
      current_job_id: state.currentJobId,
      current_job_ids: state.currentJobIds,
      workers: state.workers,
      queue_size: state.queueSize,
      role: deps.role,
      database: { kind: deps.store.kind, reachable: databaseReachable },
      storage: { kind: deps.storage.kind, reachable: storageReachable },
    };
    ctx.body = body;
  });
  return router;
}
