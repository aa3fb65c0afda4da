import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES } from "../../export/exportFormats.ts";
import { QuranFoundationBody } from "../schemas/exportSchemas.ts";
import { JobId } from "../schemas/jobSchemas.ts";
import { errorResponses, INTERNAL_ERROR } from "./responses.ts";

const ExportParams = z.object({
  id: JobId,
  format: z.string().meta({ description: `Export format: ${EXPORT_FORMAT_NAMES.join(", ")}`, example: "quran-foundation" }),
});

/** One content entry per media type the formats answer with (charset parameters dropped); JSON is quran-foundation. */
function exportContent(): Record<string, { schema: z.ZodType }> {
  const content: Record<string, { schema: z.ZodType }> = {};
  for (const format of EXPORT_FORMATS) {
    const mediaType = format.contentType.split(";")[0];
    content[mediaType] = { schema: mediaType === "application/json" ? QuranFoundationBody : z.string() };
  }
  return content;
}

export function registerExportPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get", path: "/jobs/{id}/export/{format}", tags: ["jobs"], summary: "One export file of a completed job (timings for Quran apps, subtitles, labels, CUE, CSV)",
    description: "quran-foundation: Quran.com v4 chapter-audio JSON (ms, word segments); everyayah-timings: SQL of the gapless players' timings(sura, ayah, time) table; "
      + "audacity / audacity-words: Audacity label track; cue: CUE sheet over the original file (75 fps); srt / webvtt: one caption per ayah with its Uthmani text; "
      + "csv: surah, ayah, start, end, duration, confidence, filename. Sent as an attachment named after the upload.",
    request: { params: ExportParams },
    responses: {
      200: { description: "The export file", content: exportContent() },
      ...errorResponses({ 400: "Job is not completed yet. Current status: <status>", 404: "Job not found, or unknown export format (the detail lists the formats)", ...INTERNAL_ERROR }),
    },
  });
}
