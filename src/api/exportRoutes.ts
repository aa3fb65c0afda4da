/**
 * GET /jobs/{id}/export/{format}: one export file of a completed job (src/export/), rendered
 * from its stored metadata on request, as an attachment named after the upload (yasin.srt).
 * Order of answers: unknown job 404, unknown format 404 listing the formats, job not completed
 * the spec's 400.
 */
import Router from "@koa/router";
import { findExportFormat, renderExport, UnknownExportFormatError } from "../export/exportFormats.ts";
import type { RecordingMetadata } from "../pipeline/taskTypes.ts";
import type { AppDeps } from "./appDeps.ts";
import { HttpError, jobNotFound } from "./httpError.ts";
import { requireCompleted } from "./jobResults.ts";

export function exportRoutes(deps: AppDeps): Router {
  const router = new Router();
  router.get("/jobs/:id/export/:format", async (ctx) => {
    const job = await deps.store.get(ctx.params.id);
    if (!job) throw jobNotFound();
    const format = findExportFormat(ctx.params.format);
    if (!format) throw new HttpError(404, new UnknownExportFormatError(ctx.params.format).message);
    requireCompleted(job);
    if (!job.metadataJson) throw new HttpError(404, "Metadata not found");
    const metadata = JSON.parse(job.metadataJson) as RecordingMetadata;
    const rendered = renderExport(format, metadata, { originalFilename: job.originalFilename });
    ctx.attachment(rendered.fileName);
    ctx.type = rendered.contentType;
    ctx.body = rendered.text;
  });
  return router;
}
