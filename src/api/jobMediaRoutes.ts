/**
 * What the page plays and draws: GET /jobs/{id}/audio (the original upload, with HTTP range
 * requests so the player can seek) and GET /jobs/{id}/waveform (peaks the worker wrote right
 * after decoding, see src/audio/waveformPeaks.ts).
 */
import path from "node:path";
import Router from "@koa/router";
import type { Context } from "koa";
import { combineRanges, parse as parseRange } from "range-parser";
import type { JobSummary } from "../jobs/job.ts";
import type { FileStorage } from "../storage/fileStorage.ts";
import type { AppDeps } from "./appDeps.ts";
import { findJobSummaryOrThrow } from "./findJob.ts";
import { HttpError } from "./httpError.ts";

const AUDIO_CONTENT_TYPES: Record<string, string> = {
  ".mp3": "audio/mpeg", ".wav": "audio/wav", ".m4a": "audio/mp4", ".aac": "audio/aac", ".ogg": "audio/ogg",
  ".opus": "audio/ogg", ".flac": "audio/flac", ".webm": "audio/webm", ".wma": "audio/x-ms-wma",
};

async function sendAudio(ctx: Context, storage: FileStorage, job: JobSummary): Promise<void> {
  const size = await storage.uploadSize(job.audioFilePath);
  if (size === null) throw new HttpError(404, "Audio file not found");
  ctx.set("Accept-Ranges", "bytes");
  ctx.type = AUDIO_CONTENT_TYPES[path.extname(job.audioFilePath).toLowerCase()] ?? "application/octet-stream";
  const header = ctx.get("Range");
  const parsed = header ? parseRange(size, header) : null;
  if (parsed && parsed.type === "bytes" && parsed.code & 1) {
    throw new HttpError(400, `Malformed Range header '${header}': expected e.g. 'bytes=0-1023' or 'bytes=1024-'`);
  }
  if (parsed && parsed.type === "bytes" && parsed.ranges.length === 0 && size !== 0) {
    ctx.set("Content-Range", `bytes */${size}`);
    throw new HttpError(416, `Range not satisfiable: '${header}' (the file has ${size} bytes)`);
  }
  const ranges = parsed && parsed.type === "bytes" ? combineRanges(parsed.ranges) : [];
  // No Range (or not in bytes), or several ranges: the whole file (a player asks for one).
  if (ranges.length !== 1) {
    ctx.length = size;
    ctx.body = await storage.readUpload(job.audioFilePath);
    return;
  }
  const { start, end } = ranges[0];
  ctx.status = 206;
  ctx.set("Content-Range", `bytes ${start}-${end}/${size}`);
  ctx.length = end - start + 1;
  ctx.body = await storage.readUpload(job.audioFilePath, { start, end });
}

export function jobMediaRoutes(deps: AppDeps): Router {
  const router = new Router();
  // Neither route needs the result texts: summaries keep range requests off the SQLite file.
  const findJob = (id: string): Promise<JobSummary> => findJobSummaryOrThrow(deps.store, id);

  router.get("/jobs/:id/audio", async (ctx) => {
    await sendAudio(ctx, deps.storage, await findJob(ctx.params.id));
  });

  router.get("/jobs/:id/waveform", async (ctx) => {
    const job = await findJob(ctx.params.id);
    const waveform = await deps.storage.openWaveform(job.id);
    if (!waveform) {
      const why = job.status === "queued" || job.status === "processing" ? "not computed yet (the recording is still being decoded)" : `not available for a ${job.status} job`;
      throw new HttpError(404, `Waveform ${why}`);
    }
    ctx.type = "application/json";
    ctx.length = waveform.sizeBytes;
    ctx.body = waveform.body;
  });

  return router;
}
