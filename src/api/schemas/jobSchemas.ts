/**
 * Response bodies of the job endpoints (spec/async-api.md, plus extras the spec allows). The
 * views in jobViews.ts are typed by these schemas, and /openapi.json is generated from them.
 */
import { z } from "zod";
import type { JobStatus } from "../../jobs/job.ts";

export const JOB_STATUSES = ["queued", "processing", "completed", "failed", "cancelled"] as const;

export const JobStatusEnum = z.enum(JOB_STATUSES).meta({ id: "JobStatusValue" });

/** The spec's timestamp shape: UTC, seconds, no zone. */
export const Timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
  .meta({ description: "UTC time, the spec's shape (no zone suffix)", example: "2025-10-03T00:02:30" });

export const JobId = z.string().meta({ description: "Job id (a UUID)", example: "a1b2c3d4-0000-4000-8000-000000000000" });

export const JobIdParams = z.object({ id: JobId });

/** Extras beside the spec's fields, in status and list alike. */
const queueFields = {
  priority: z.number().int().meta({ description: "Queue priority (form field priority): higher first, FIFO within a priority", example: 0 }),
  queue_position: z.number().int().min(1).optional()
    .meta({ description: "Queued jobs only: 1 = claimed next", example: 3 }),
};

export const JobStatusBody = z.strictObject({
  job_id: JobId,
  status: JobStatusEnum,
  original_filename: z.string(),
  created_at: Timestamp,
  started_at: Timestamp.nullable(),
  completed_at: Timestamp.nullable(),
  progress: z.number().min(0).max(100).optional().meta({ description: "While processing: 0–100" }),
  stage: z.string().optional().meta({ description: "While processing: e.g. decoding, aligning", example: "aligning" }),
  download_url: z.string().optional().meta({ description: "When completed", example: "/jobs/{job_id}/download" }),
  metadata_url: z.string().optional().meta({ description: "When completed", example: "/jobs/{job_id}/metadata" }),
  error: z.string().optional().meta({ description: "When failed: why" }),
  ...queueFields,
}).meta({ id: "JobStatus" });

export const JobListItem = z.strictObject({
  job_id: JobId,
  original_filename: z.string(),
  status: JobStatusEnum,
  created_at: Timestamp,
  completed_at: Timestamp.nullable(),
  ...queueFields,
}).meta({ id: "JobListItem" });

export const JobList = z.strictObject({
  total: z.number().int().min(0).meta({ description: "All jobs in the store" }),
  jobs: z.array(JobListItem).meta({ description: "Newest first" }),
}).meta({ id: "JobList" });

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

export const JobListQuery = z.object({
  limit: z.string().regex(/^\s*\d+\s*$/).transform(Number).pipe(z.number().int().min(1).max(MAX_LIST_LIMIT)).optional()
    .meta({ description: `How many jobs, 1–${MAX_LIST_LIMIT} (default ${DEFAULT_LIST_LIMIT})`, example: "50" }),
});

export const ResumeBody = z.strictObject({
  success: z.literal(true),
  message: z.string().meta({ example: "Job queue resumed. 0 processing job(s) reset to queued." }),
  jobs_reset: z.number().int().min(0),
  worker_running: z.boolean(),
  worker_processing: z.boolean(),
}).meta({ id: "ResumeResult" });

export const ClearFinishedBody = z.strictObject({
  success: z.literal(true),
  message: z.string().meta({ example: "Cleared 2 finished job(s) and removed 4 file(s)" }),
  jobs_deleted: z.number().int().min(0),
  files_removed: z.number().int().min(0),
}).meta({ id: "ClearFinishedResult" });

export const DeleteJobBody = z.strictObject({
  success: z.literal(true),
  message: z.string().meta({ example: "Deleted job a1b2c3d4-0000-4000-8000-000000000000 and removed 2 file(s)" }),
  job_id: JobId,
  files_removed: z.number().int().min(0).meta({ description: "The stored upload and the result zip, where present" }),
}).meta({ id: "DeleteJobResult" });

export type JobStatusView = z.infer<typeof JobStatusBody>;
export type JobListItemView = z.infer<typeof JobListItem>;

/** Fails the typecheck when the domain's JobStatus (src/jobs/job.ts) and JOB_STATUSES differ. */
type SchemaStatus = (typeof JOB_STATUSES)[number];
export const jobStatusMatchesSchema: [JobStatus extends SchemaStatus ? true : false, SchemaStatus extends JobStatus ? true : false] = [true, true];
