/** SubRip captions: one numbered cue per ayah (basmala included) with its Uthmani text. */
import type { RecordingMetadata } from "../pipeline/taskTypes.ts";
import type { ExportFormat } from "./exportTypes.ts";
import { subtitleTime } from "./subtitleTime.ts";

export function srtSubtitles(metadata: RecordingMetadata): string {
  return metadata.ayahs
    .map((ayah, k) => `${k + 1}\n${subtitleTime(ayah.start_time, ",")} --> ${subtitleTime(ayah.end_time, ",")}\n${ayah.ayah_text}\n\n`)
    .join("");
}

export const srtFormat: ExportFormat = {
  name: "srt",
  fileSuffix: ".srt",
  contentType: "application/x-subrip; charset=utf-8",
  render: (metadata) => srtSubtitles(metadata),
};
