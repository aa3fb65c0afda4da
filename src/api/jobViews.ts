/**
 * Response bodies of the job endpoints, field for field as spec/async-api.md shows them.
 * Server paths (upload and result locations) never appear in a response.
 */
import type { Job, JobProgress, JobStatus } from "../jobs/job.ts";

export interface JobStatusView {
  job_id: string;
  status: JobStatus;
  original_filename: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  progress?: number;
  stage?: string;
  download_url?: string;
  metadata_url?: string;
  error?: string;
}

export interface JobListItemView {
  job_id: string;
  original_filename: string;
  status: JobStatus;
  created_at: string;
  completed_at: string | null;
}

export function jobStatusView(job: Job, progress: JobProgress | null): JobStatusView {
  const view: JobStatusView = {
    job_id: job.id,
    status: job.status,
    original_filename: job.originalFilename,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
  };
  if (job.status === "processing") {
    view.progress = progress?.progress ?? 0;
    view.stage = progress?.stage ?? "starting";
  } else if (job.status === "completed") {
    view.download_url = `/jobs/${job.id}/download`;
    view.metadata_url = `/jobs/${job.id}/metadata`;
  } else if (job.status === "failed") {
    view.error = job.errorMessage ?? "Unknown error";
  }
  return view;
}

export function jobListItemView(job: Job): JobListItemView {
  return {
    job_id: job.id,
    original_filename: job.originalFilename,
    status: job.status,
    created_at: job.createdAt,
    completed_at: job.completedAt,
  };
}

/** Download name for the zip: the upload's name with `_ayahs.zip` instead of its extension. */
export function resultZipDownloadName(originalFilename: string): string {
  const base = originalFilename.replace(/^.*[\\/]/, "");
  const stem = base.replace(/\.[^.]*$/, "") || "recording";
  return `${stem}_ayahs.zip`;
}
