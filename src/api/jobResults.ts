/**
 * Sending a finished job's results (zip or metadata), shared by GET /jobs/:id/download,
 * GET /jobs/:id/metadata and the sync POST /transcribe.
 */
import fs from "node:fs";
import type { Context } from "koa";
import type { Job } from "../jobs/job.ts";
import { HttpError } from "./httpError.ts";
import { resultZipDownloadName } from "./jobViews.ts";

export function requireCompleted(job: Job): void {
  if (job.status !== "completed") {
    throw new HttpError(400, `Job is not completed yet. Current status: ${job.status}`);
  }
}

export function sendResultZip(ctx: Context, job: Job): void {
  const zipPath = job.resultZipPath;
  const stat = zipPath ? fs.statSync(zipPath, { throwIfNoEntry: false }) : undefined;
  if (!zipPath || !stat) throw new HttpError(404, "Result file not found");
  ctx.attachment(resultZipDownloadName(job.originalFilename));
  ctx.type = "application/zip";
  ctx.length = stat.size;
  ctx.body = fs.createReadStream(zipPath);
}

export function sendMetadata(ctx: Context, job: Job): void {
  if (!job.metadataJson) throw new HttpError(404, "Metadata not found");
  ctx.type = "application/json";
  ctx.body = job.metadataJson;
}
