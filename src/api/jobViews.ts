/**
 * Response bodies of the job endpoints, field for field as spec/async-api.md shows them, plus
 * the extras `priority` and (queued jobs only) `queue_position`. Typed by the zod schemas that
 * /openapi.json is generated from. Server paths never appear in a response.
 */
import { initialStage, type JobProgress, type JobSummary } from "../jobs/job.ts";
import type { JobListItemView, JobStatusView } from "./schemas/jobSchemas.ts";

export function jobStatusView(job: JobSummary, progress: JobProgress | null, queuePosition: number | null): JobStatusView {
  const view: JobStatusView = {
    job_id: job.id,
    status: job.status,
    original_filename: job.originalFilename,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    priority: job.priority,
  };
  if (job.status === "queued" && queuePosition !== null) {
    view.queue_position = queuePosition;
  } else if (job.status === "processing") {
    view.progress = progress?.progress ?? 0;
    view.stage = progress?.stage ?? initialStage(job);
  } else if (job.status === "completed") {
    view.download_url = `/jobs/${job.id}/download`;
    view.metadata_url = `/jobs/${job.id}/metadata`;
  } else if (job.status === "failed") {
    view.error = job.errorMessage ?? "Unknown error";
  }
  return view;
}

export function jobListItemView(job: JobSummary, queuePosition: number | null): JobListItemView {
  const view: JobListItemView = {
    job_id: job.id,
    original_filename: job.originalFilename,
    status: job.status,
    created_at: job.createdAt,
    completed_at: job.completedAt,
    priority: job.priority,
  };
  if (job.status === "queued" && queuePosition !== null) view.queue_position = queuePosition;
  return view;
}

/** Download name for the zip: the upload's name with `_ayahs.zip` instead of its extension. */
export function resultZipDownloadName(originalFilename: string): string {
  const base = originalFilename.replace(/^.*[\\/]/, "");
  const stem = base.replace(/\.[^.]*$/, "") || "recording";
  return `${stem}_ayahs.zip`;
}
