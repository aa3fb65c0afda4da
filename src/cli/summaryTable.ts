/**
 * The table printed after `split`: per file its surah(s), ayahs, low-confidence ayahs and speed
 * (x realtime = recording length / wall time), or why it failed. Pure: results in, text out.
 */
import Table from "cli-table3";
import type { RecordingMetadata } from "../pipeline/taskTypes.ts";

export type FileResult =
  | { file: string; ok: true; metadata: RecordingMetadata; wallSeconds: number; outputPath: string }
  | { file: string; ok: false; reason: string };

export function surahsOf(metadata: RecordingMetadata): string {
  const surahs = [...new Set(metadata.ayahs.map((ayah) => ayah.surah_number))];
  return surahs.length ? surahs.join(", ") : "-";
}

/** The metadata's own list (diagnostics.low_confidence_ayahs, "36:4,36:9"), so the threshold lives in one place. */
export function lowConfidenceCount(metadata: RecordingMetadata): number {
  const list = metadata.diagnostics.low_confidence_ayahs;
  return typeof list === "string" && list.length > 0 ? list.split(",").length : 0;
}

export function realtimeFactor(metadata: RecordingMetadata, wallSeconds: number): number {
  const audioSeconds = Number(metadata.diagnostics.audio_duration_seconds ?? 0);
  return wallSeconds > 0 ? audioSeconds / wallSeconds : 0;
}

/** "128x", "3.4x": a decimal only where it matters. */
export function formatRealtime(factor: number): string {
  return `${factor >= 10 ? factor.toFixed(0) : factor.toFixed(1)}x`;
}

export function summaryTable(results: readonly FileResult[], options: { color: boolean }): string {
  const table = new Table({
    head: ["file", "surah", "ayahs", "low confidence", "x realtime", "result"],
    colAligns: ["left", "right", "right", "right", "right", "left"],
    style: options.color ? { head: ["cyan"], border: ["grey"] } : { head: [], border: [] },
  });
  for (const result of results) {
    if (result.ok) {
      const { metadata } = result;
      table.push([result.file, surahsOf(metadata), metadata.total_ayahs, lowConfidenceCount(metadata), formatRealtime(realtimeFactor(metadata, result.wallSeconds)), result.outputPath]);
    } else {
      table.push([result.file, "-", "-", "-", "-", `FAILED: ${result.reason}`]);
    }
  }
  return table.toString();
}
