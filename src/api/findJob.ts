/** The job a route's `:id` names, or the spec's 404 `{"detail": "Job not found"}`. */
import type { Job, JobSummary } from "../jobs/job.ts";
import type { JobStore } from "../jobs/jobStore.ts";
import type { JobQueue } from "../jobs/jobQueue.ts";
import { jobNotFound } from "./httpError.ts";
import { jobStatusView } from "./jobViews.ts";
import type { JobStatusView } from "./schemas/jobSchemas.ts";

export async function findJobOrThrow(store: JobStore, id: string): Promise<Job> {
  const job = await store.get(id);
  if (!job) throw jobNotFound();
  return job;
}

/** The same without its result texts: for the routes that show only status (a cheap read). */
export async function findJobSummaryOrThrow(store: JobStore, id: string): Promise<JobSummary> {
  const job = await store.getSummary(id);
  if (!job) throw jobNotFound();
  return job;
}

/** The body of GET /jobs/{id}/status, or null for an unknown job (the route and its fast path share it). */
export async function findStatusView(store: JobStore, queue: JobQueue, id: string): Promise<JobStatusView | null> {
  const job = await store.getSummary(id);
  if (!job) return null;
  return jobStatusView(job, queue.progressOf(job.id), await store.queuePosition(job.id));
}
