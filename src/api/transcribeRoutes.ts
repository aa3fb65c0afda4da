/**
 * Uploads: POST /transcribe/async (queue and answer at once) and the sync POST /transcribe of
 * the spec's migration section, which goes through the same FIFO queue (it never overtakes or
 * runs beside async jobs) and answers when its job is done.
 */
import { randomUUID } from "node:crypto";
import Router from "@koa/router";
import type { Job } from "../jobs/job.ts";
import type { AppDeps } from "./appDeps.ts";
import { HttpError } from "./httpError.ts";
import { audioUploadMiddleware, takeUploadedAudio, type UploadedAudio } from "./audioUpload.ts";
import { parseUploadForm, type UploadForm } from "./schemas/uploadForm.ts";
import { sendMetadata, sendResultZip } from "./jobResults.ts";
import { submitRateLimit } from "./submitRateLimit.ts";

/** Parses the text form fields; a bad field removes the stored upload before the 400. */
async function parseFieldsOrRemove(deps: AppDeps, upload: UploadedAudio, sync: boolean): Promise<UploadForm> {
  try {
    return parseUploadForm(upload.fields, sync);
  } catch (error) {
    await deps.storage.remove(upload.storedPath);
    throw error;
  }
}

async function submitUpload(deps: AppDeps, upload: UploadedAudio, form: UploadForm): Promise<Job> {
  const keptPath = await deps.storage.keepUpload(upload.storedPath);
  try {
    return await deps.queue.submit({
      id: randomUUID(),
      originalFilename: upload.originalFilename,
      audioFilePath: keptPath,
      hints: form.hints,
      priority: form.priority,
      output: form.output,
    });
  } catch (error) {
    await deps.storage.remove(keptPath);
    throw error;
  }
}

export function transcribeRoutes(deps: AppDeps): Router {
  const router = new Router();
  const upload = audioUploadMiddleware(deps.storage, deps.uploadLimitBytes);
  const rateLimit = submitRateLimit(deps.submitRateLimitPerMinute);

  router.post("/transcribe/async", rateLimit, upload, async (ctx) => {
    const upload = await takeUploadedAudio(ctx, deps.storage);
    const job = await submitUpload(deps, upload, await parseFieldsOrRemove(deps, upload, false));
    ctx.body = { success: true, job_id: job.id, status: "queued", message: "Job queued for processing" };
  });

  router.post("/transcribe", rateLimit, upload, async (ctx) => {
    const upload = await takeUploadedAudio(ctx, deps.storage);
    const form = await parseFieldsOrRemove(deps, upload, true);
    const job = await submitUpload(deps, upload, form);
    const finished = await deps.queue.waitUntilFinished(job.id);
    if (finished.status === "failed") {
      throw new HttpError(422, finished.errorMessage ?? "Processing failed");
    }
    if (finished.status === "cancelled") throw new HttpError(422, "The job was cancelled (POST /jobs/{id}/cancel)");
    ctx.set("X-Job-Id", finished.id);
    if (form.splitAudio) await sendResultZip(ctx, deps.storage, finished);
    else sendMetadata(ctx, finished);
  });

  return router;
}
