import { z } from "zod";

export const HealthBody = z.strictObject({
  status: z.enum(["ok", "degraded"]).meta({ description: "degraded: the worker is not running (POST /jobs/resume restarts it)" }),
  worker_running: z.boolean(),
  worker_processing: z.boolean(),
  current_job_id: z.string().nullable().meta({ description: "The longest-running job; null when idle" }),
  current_job_ids: z.array(z.string()).meta({ description: "Every running job (up to WORKERS), oldest claim first" }),
  workers: z.number().int().min(1).meta({ description: "Worker threads (WORKERS), one job each at a time" }),
  queue_size: z.number().int().min(0).meta({ description: "Queued jobs" }),
}).meta({ id: "Health" });
