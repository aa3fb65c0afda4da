import { z } from "zod";

const BackendHealth = z.strictObject({
  kind: z.string(),
  reachable: z.boolean().meta({ description: "false: this node cannot reach it now (status is then degraded)" }),
});

export const HealthBody = z.strictObject({
  status: z.enum(["ok", "degraded"]).meta({ description: "degraded: the worker is not running (POST /jobs/resume restarts it), or the database or storage cannot be reached" }),
  worker_running: z.boolean(),
  worker_processing: z.boolean(),
  current_job_id: z.string().nullable().meta({ description: "The longest-running job; null when idle" }),
  current_job_ids: z.array(z.string()).meta({ description: "Every running job (up to WORKERS), oldest claim first" }),
  workers: z.number().int().min(0).meta({ description: "Worker threads (WORKERS), one job each at a time; 0 on an API node (ROLE=api)" }),
  queue_size: z.number().int().min(0).meta({ description: "Queued jobs" }),
  role: z.enum(["all", "api", "worker"]).meta({ description: "ROLE: all serves HTTP and runs jobs; api serves HTTP only (worker nodes run its jobs)" }),
  database: BackendHealth.meta({ description: "The job store: sqlite in DATA_DIR, or postgres (DATABASE_URL)" }),
  storage: BackendHealth.meta({ description: "Uploads and results: local (DATA_DIR), or s3 (STORAGE_URL)" }),
}).meta({ id: "Health" });
