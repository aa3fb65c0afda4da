/**
 * A CUE sheet over the original recording: one TRACK per ayah (basmala included), each with
 * `INDEX 01 mm:ss:ff` at 75 frames per second, so a player shows the recording as a list of
 * ayahs without any file being cut. More than 99 tracks is beyond the CD standard; software
 * players read them, CD burning tools do not.
 */
import path from "node:path";
import type { AyahMetadata, RecordingMetadata } from "../pipeline/taskTypes.ts";
import { verseKey, type ExportContext, type ExportFormat } from "./exportTypes.ts";

export const CUE_FRAMES_PER_SECOND = 75;

/** mm:ss:ff; minutes go past 99 for long recordings, as players accept. */
export function cueTime(seconds: number): string {
  const frames = Math.max(0, Math.round(seconds * CUE_FRAMES_PER_SECOND));
  const pad = (value: number) => String(value).padStart(2, "0");
  const totalSeconds = Math.floor(frames / CUE_FRAMES_PER_SECOND);
  return `${pad(Math.floor(totalSeconds / 60))}:${pad(totalSeconds % 60)}:${pad(frames % CUE_FRAMES_PER_SECOND)}`;
}

/** The CUE file types: MP3, AIFF, WAVE (players use WAVE for any other decodable file). */
function cueFileType(filename: string): string {
  const extension = path.extname(filename).toLowerCase();
  if (extension === ".mp3") return "MP3";
  if (extension === ".aif" || extension === ".aiff") return "AIFF";
  return "WAVE";
}

/** CUE strings are double-quoted with no escape: a quote inside becomes an apostrophe. */
const quoted = (text: string): string => `"${text.replace(/"/g, "'")}"`;

function trackTitle(ayah: AyahMetadata): string {
  if (ayah.is_basmala && ayah.ayah_number === 0) return `${verseKey(ayah)} Basmala`;
  if (ayah.ayah_number < 0) return `${ayah.surah_number} Isti'adha`;
  return verseKey(ayah);
}

export function cueSheet(metadata: RecordingMetadata, context: ExportContext): string {
  const lines = [
    "REM GENRE Quran",
    `TITLE ${quoted(`Surah ${metadata.surah_number}`)}`,
    `FILE ${quoted(context.originalFilename)} ${cueFileType(context.originalFilename)}`,
  ];
  metadata.ayahs.forEach((ayah, k) => {
    lines.push(
      `  TRACK ${String(k + 1).padStart(2, "0")} AUDIO`,
      `    TITLE ${quoted(trackTitle(ayah))}`,
      `    INDEX 01 ${cueTime(ayah.start_time)}`,
    );
  });
  return lines.map((line) => `${line}\r\n`).join("");
}

export const cueFormat: ExportFormat = {
  name: "cue",
  fileSuffix: ".cue",
  contentType: "application/x-cue; charset=utf-8",
  render: cueSheet,
};
