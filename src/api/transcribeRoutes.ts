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
import { audioUploadMiddleware, keepUploadedAudio, removeUpload, takeUploadedAudio, type UploadedAudio } from "./audioUpload.ts";
import { parseUploadForm, type UploadForm } from "./schemas/uploadForm.ts";
import { sendMetadata, sendResultZip } from "./jobResults.ts";
import { submitRateLimit } from "./submitRateLimit.ts";

/** Parses the text form fields; a bad field removes the stored upload before the 400. */
function parseFieldsOrRemove(upload: UploadedAudio, sync: boolean): UploadForm {
  try {
    return parseUploadForm(upload.fields, sync);
  } catch (error) {
    removeUpload(upload.storedPath);
    throw error;
  }
}

async function submitUpload(deps: AppDeps, upload: UploadedAudio, form: UploadForm): Promise<Job> {
  const kept = keepUploadedAudio(upload, deps.uploadsDir);
  try {
    return await deps.queue.submit({
      id: randomUUID(),
      originalFilename: kept.originalFilename,
      audioFilePath: kept.storedPath,
      hints: form.hints,
      priority: form.priority,
      output: form.output,
    });
  } catch (error) {
    removeUpload(kept.storedPath);
    throw error;
  }
}

export function transcribeRoutes(deps: AppDeps): Router {
  const router = new Router();
  const upload = audioUploadMiddleware(deps.incomingUploadsDir, deps.uploadLimitBytes);
  const rateLimit = submitRateLimit(deps.submitRateLimitPerMinute);

  router.post("/transcribe/async", rateLimit, upload, async (ctx) => {
    const upload = takeUploadedAudio(ctx);
    const job = await submitUpload(deps, upload, parseFieldsOrRemove(upload, false));
    ctx.body = { success: true, job_id: job.id, status: "queued", message: "Job queued for processing" };
  });

  router.post("/transcribe", rateLimit, upload, async (ctx) => {
    const upload = takeUploadedAudio(ctx);
    const form = parseFieldsOrRemove(upload, true);
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
