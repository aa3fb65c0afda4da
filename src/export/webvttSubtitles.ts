/**
 * WebVTT captions: one cue per ayah with its Uthmani text; the cue identifier is the verse key
 * (`36:1`, `36:0` for the basmala), so a page can seek to an ayah by id.
 */
import type { RecordingMetadata } from "../pipeline/taskTypes.ts";
import { verseKey, type ExportFormat } from "./exportTypes.ts";
import { subtitleTime } from "./subtitleTime.ts";

export function webvttSubtitles(metadata: RecordingMetadata): string {
  const cues = metadata.ayahs.map((ayah) => `${verseKey(ayah)}\n${subtitleTime(ayah.start_time, ".")} --> ${subtitleTime(ayah.end_time, ".")}\n${ayah.ayah_text}\n\n`);
  return `WEBVTT\n\n${cues.join("")}`;
}

export const webvttFormat: ExportFormat = {
  name: "webvtt",
  fileSuffix: ".vtt",
  contentType: "text/vtt; charset=utf-8",
  render: (metadata) => webvttSubtitles(metadata),
};
