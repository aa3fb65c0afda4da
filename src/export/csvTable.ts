/**
 * A spreadsheet of the ayahs (RFC 4180, CRLF): surah, ayah, start, end, duration (seconds, 3
 * decimals), confidence, filename — the same numbers as the metadata, one row per ayah file.
 */
import type { RecordingMetadata } from "../pipeline/taskTypes.ts";
import type { ExportFormat } from "./exportTypes.ts";

export const CSV_COLUMNS = ["surah", "ayah", "start", "end", "duration", "confidence", "filename"] as const;

/** A field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvTable(metadata: RecordingMetadata): string {
  const rows = metadata.ayahs.map((ayah) => [
    String(ayah.surah_number),
    String(ayah.ayah_number),
    ayah.start_time.toFixed(3),
    ayah.end_time.toFixed(3),
    ayah.duration_seconds.toFixed(3),
    ayah.confidence.toFixed(3),
    ayah.filename,
  ]);
  return [[...CSV_COLUMNS], ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

export const csvFormat: ExportFormat = {
  name: "csv",
  fileSuffix: ".csv",
  contentType: "text/csv; charset=utf-8",
  render: (metadata) => csvTable(metadata),
};
