/**
 * The export formats by name, for the API route, the `exports` upload field (files in the zip)
 * and the CLI's `--export`. Each format is a pure function of the metadata (src/export/*).
 */
import path from "node:path";
import type { RecordingMetadata } from "../pipeline/taskTypes.ts";
import { audacityFormat, audacityWordsFormat } from "./audacityLabels.ts";
import { csvFormat } from "./csvTable.ts";
import { cueFormat } from "./cueSheet.ts";
import { everyayahTimingsFormat } from "./everyayahTimings.ts";
import type { ExportContext, ExportFormat } from "./exportTypes.ts";
import { quranFoundationFormat } from "./quranFoundation.ts";
import { srtFormat } from "./srtSubtitles.ts";
import { webvttFormat } from "./webvttSubtitles.ts";

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  quranFoundationFormat,
  everyayahTimingsFormat,
  audacityFormat,
  audacityWordsFormat,
  cueFormat,
  srtFormat,
  webvttFormat,
  csvFormat,
];

export const EXPORT_FORMAT_NAMES: readonly string[] = EXPORT_FORMATS.map((format) => format.name);

export function findExportFormat(name: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((format) => format.name === name);
}

export class UnknownExportFormatError extends Error {
  constructor(readonly formatName: string) {
    super(`Unknown export format '${formatName}'. Formats: ${EXPORT_FORMAT_NAMES.join(", ")}`);
  }
}

/**
 * "srt, csv" → ["srt", "csv"]: trimmed, empty entries and repeats dropped, order kept.
 * Throws UnknownExportFormatError naming the first unknown one.
 */
export function parseExportList(list: string): string[] {
  const names = [...new Set(list.split(",").map((name) => name.trim().toLowerCase()).filter((name) => name.length > 0))];
  const unknown = names.find((name) => !findExportFormat(name));
  if (unknown !== undefined) throw new UnknownExportFormatError(unknown);
  return names;
}

/** The recording's name without extension, made safe as a file name ("yasin.mp3" → "yasin"). */
export function exportStem(originalFilename: string): string {
  const stem = path.basename(originalFilename, path.extname(originalFilename)).replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim();
  return stem || "recording";
}

export interface RenderedExport {
  fileName: string;
  contentType: string;
  text: string;
}

export function renderExport(format: ExportFormat, metadata: RecordingMetadata, context: ExportContext): RenderedExport {
  return { fileName: `${exportStem(context.originalFilename)}${format.fileSuffix}`, contentType: format.contentType, text: format.render(metadata, context) };
}
