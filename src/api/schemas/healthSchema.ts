import { z } from "zod";

export const HealthBody = z.strictObject({
  status: z.enum(["ok", "degraded"]).meta({ description: "degraded: the worker is not running (POST /jobs/resume restarts it)" }),
  worker_running: z.boolean(),
  worker_processing: z.boolean(),
  current_job_id: z.string().nullable(),
  queue_size: z.number().int().min(0).meta({ description: "Queued jobs" }),
}).meta({ id: "Health" });
