/**
 * Sending a finished job's results (zip or metadata), shared by GET /jobs/:id/download,
 * GET /jobs/:id/metadata and the sync POST /transcribe.
 */
import type { Context } from "koa";
import type { Job, JobSummary } from "../jobs/job.ts";
import type { FileStorage } from "../storage/fileStorage.ts";
import { HttpError } from "./httpError.ts";
import { resultZipDownloadName } from "./jobViews.ts";

export function requireCompleted(job: Pick<JobSummary, "status">): void {
  if (job.status !== "completed") {
    throw new HttpError(400, `Job is not completed yet. Current status: ${job.status}`);
  }
}

export async function sendResultZip(ctx: Context, storage: FileStorage, job: JobSummary): Promise<void> {
  const downloadName = resultZipDownloadName(job.originalFilename);
  const download = job.resultZipPath ? await storage.openDownload(job.resultZipPath, downloadName) : null;
  if (!download) throw new HttpError(404, "Result file not found");
  if (download.kind === "redirect") {
    ctx.redirect(download.url);
    return;
  }
  ctx.attachment(downloadName);
  ctx.type = "application/zip";
  ctx.length = download.sizeBytes;
  ctx.body = download.body;
}

export function sendMetadata(ctx: Context, job: Job): void {
  if (!job.metadataJson) throw new HttpError(404, "Metadata not found");
  ctx.type = "application/json";
  ctx.body = job.metadataJson;
}
