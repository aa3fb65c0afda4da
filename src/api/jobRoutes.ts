/** The job endpoints: status, download, metadata, list, resume, clear finished, delete one (finished includes cancelled). */
import Router from "@koa/router";
import type { Job } from "../jobs/job.ts";
import { clearFinishedJobs, deleteFinishedJobs } from "../jobs/jobDeletion.ts";
import type { AppDeps } from "./appDeps.ts";
import { findJobOrThrow, findJobSummaryOrThrow, findStatusView } from "./findJob.ts";
import { HttpError, jobNotFound } from "./httpError.ts";
import { jobListItemView } from "./jobViews.ts";
import { requireCompleted, sendMetadata, sendResultZip } from "./jobResults.ts";
import { DEFAULT_LIST_LIMIT, JobListQuery, MAX_LIST_LIMIT } from "./schemas/jobSchemas.ts";

/** `limit` of GET /jobs, validated by the schema /openapi.json documents. */
function parseListLimit(raw: string | string[] | undefined): number {
  const text = Array.isArray(raw) ? raw[0] : raw;
  const parsed = JobListQuery.safeParse({ limit: text });
  if (!parsed.success) throw new HttpError(400, `limit must be an integer between 1 and ${MAX_LIST_LIMIT}, got '${text}'`);
  return parsed.data.limit ?? DEFAULT_LIST_LIMIT;
}

export function jobRoutes(deps: AppDeps): Router {
  const { store, queue } = deps;
  const router = new Router();
  const findJob = (id: string): Promise<Job> => findJobOrThrow(store, id);

  router.get("/jobs/:id/status", async (ctx) => {
    const view = await findStatusView(store, queue, ctx.params.id);
    if (!view) throw jobNotFound();
    ctx.body = view;
  });

  router.get("/jobs/:id/download", async (ctx) => {
    const job = await findJobSummaryOrThrow(store, ctx.params.id);
    requireCompleted(job);
    await sendResultZip(ctx, deps.storage, job);
  });

  router.get("/jobs/:id/metadata", async (ctx) => {
    const job = await findJob(ctx.params.id);
    requireCompleted(job);
    sendMetadata(ctx, job);
  });

  router.get("/jobs", async (ctx) => {
    const limit = parseListLimit(ctx.query.limit);
    // Places first, then the list (not in parallel): a job claimed in between is listed as processing, so a
    // listed queued job always has its place. In parallel, on PostgreSQL's pool the places could be read
    // after a claim that the list did not see yet: "queued" without queue_position.
    const positions = await store.queuePositions();
    const [total, jobs] = await Promise.all([store.count(), store.listRecent(limit)]);
    ctx.body = { total, jobs: jobs.map((job) => jobListItemView(job, positions.get(job.id) ?? null)) };
  });

  router.post("/jobs/resume", async (ctx) => {
    const outcome = await queue.resume();
    if (outcome.workerRestarted) deps.log("POST /jobs/resume restarted the worker");
    const state = await queue.state();
    ctx.body = {
      success: true,
      // Exactly the spec's sentence; a restarted worker shows as worker_running turning true.
      message: `Job queue resumed. ${outcome.jobsReset} processing job(s) reset to queued.`,
      jobs_reset: outcome.jobsReset,
      worker_running: state.workerRunning,
      worker_processing: state.workerProcessing,
    };
  });

  router.delete("/jobs/finished", async (ctx) => {
    const { jobsDeleted, filesRemoved, deletedIds } = await clearFinishedJobs(store, deps.storage);
    for (const id of deletedIds) queue.jobEvents.deleted(id);
    ctx.body = {
      success: true,
      message: jobsDeleted === 0
        ? "No finished jobs to clear"
        : `Cleared ${jobsDeleted} finished job(s) and removed ${filesRemoved} file(s)`,
      jobs_deleted: jobsDeleted,
      files_removed: filesRemoved,
    };
  });

  // After /jobs/finished, which @koa/router would otherwise also match as an id.
  router.delete("/jobs/:id", async (ctx) => {
    const job = await findJob(ctx.params.id);
    if (job.status === "queued" || job.status === "processing") {
      throw new HttpError(409, `Job is ${job.status}: only a finished job (completed, failed or cancelled) can be deleted; cancel it first (POST /jobs/${job.id}/cancel)`);
    }
    const { jobsDeleted, filesRemoved } = await deleteFinishedJobs(store, deps.storage, [job]);
    if (jobsDeleted === 0) throw new HttpError(409, "Job changed state meanwhile: only a finished job can be deleted");
    queue.jobEvents.deleted(job.id);
    ctx.body = { success: true, message: `Deleted job ${job.id} and removed ${filesRemoved} file(s)`, job_id: job.id, files_removed: filesRemoved };
  });

  return router;
}
