/**
 * Changing a job: PUT /jobs/{id}/ayahs (correct boundaries; the ayah files are re-cut by the
 * worker as a short job) and POST /jobs/{id}/cancel.
 */
import Router from "@koa/router";
import type { Job } from "../jobs/job.ts";
import { applyAyahEdits, AyahEditError, type AyahEdit } from "../pipeline/ayahEdits.ts";
import type { RecordingMetadata } from "../pipeline/taskTypes.ts";
import type { AppDeps } from "./appDeps.ts";
import { readAyahEdits } from "./ayahEditsBody.ts";
import { findJobOrThrow } from "./findJob.ts";
import { HttpError } from "./httpError.ts";
import { requireCompleted } from "./jobResults.ts";

function editedMetadata(job: Job, edits: AyahEdit[]): { metadata: RecordingMetadata; editedCount: number } {
  try {
    return applyAyahEdits(JSON.parse(job.metadataJson ?? "null") as RecordingMetadata, edits);
  } catch (error) {
    if (error instanceof AyahEditError) throw new HttpError(400, error.message);
    throw error;
  }
}

export function jobEditRoutes(deps: AppDeps): Router {
  const { store, queue } = deps;
  const router = new Router();
  const findJob = (id: string): Promise<Job> => findJobOrThrow(store, id);

  router.put("/jobs/:id/ayahs", async (ctx) => {
    const job = await findJob(ctx.params.id);
    requireCompleted(job);
    const { metadata, editedCount } = editedMetadata(job, await readAyahEdits(ctx));
    if (editedCount === 0) {
      ctx.body = { success: true, job_id: job.id, status: job.status, message: "No ayah boundary changed", edited_ayahs: 0 };
      return;
    }
    // Completed → queued again; a job that changed meanwhile (another edit) is not completed.
    if (!(await queue.queueRecut(job.id, metadata))) requireCompleted(await findJob(job.id));
    ctx.status = 202;
    ctx.body = { success: true, job_id: job.id, status: "queued", message: `Re-cut queued for ${editedCount} changed ayah(s)`, edited_ayahs: editedCount };
  });

  router.post("/jobs/:id/cancel", async (ctx) => {
    const job = await findJob(ctx.params.id);
    const wasRecut = job.recutMetadataJson !== null;
    const after = await queue.cancel(job.id);
    if (!after) {
      const now = (await store.get(job.id)) ?? job;
      throw new HttpError(409, `Job is already ${now.status}; only queued or processing jobs can be cancelled`);
    }
    const message = after.status === "cancelled" ? "Job cancelled"
      : wasRecut ? "Re-cut cancelled; the job keeps its earlier result" : `Job ${after.status} before it could be cancelled`;
    ctx.body = { success: true, job_id: after.id, status: after.status, message };
  });

  return router;
}
