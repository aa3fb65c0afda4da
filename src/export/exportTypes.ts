/**
 * What every export format is: a pure function from the job's metadata (and the name of the
 * recording it came from) to the text of one file. No I/O here; the API, the zip and the CLI
 * write or send the text.
 */
import type { AyahMetadata, RecordingMetadata } from "../pipeline/taskTypes.ts";

export interface ExportContext {
  /** The recording as the user named it, e.g. "yasin.mp3" (the CUE sheet refers to it). */
  originalFilename: string;
}

export interface ExportFormat {
  /** As written in `--export`, the `exports` form field and GET /jobs/{id}/export/{name}. */
  name: string;
  /** File name suffix after the recording's stem, e.g. ".srt" → "yasin.srt". */
  fileSuffix: string;
  contentType: string;
  render(metadata: RecordingMetadata, context: ExportContext): string;
}

/** "S:A" as Quran apps key an ayah; the basmala heading a surah is "S:0" (the metadata's numbering). */
export function verseKey(ayah: Pick<AyahMetadata, "surah_number" | "ayah_number">): string {
  return `${ayah.surah_number}:${ayah.ayah_number}`;
}

export const secondsToMs = (seconds: number): number => Math.round(seconds * 1000);

/**
 * The ayahs that timing tables keyed by verse can hold: counted ayahs only (no basmala 0, no
 * isti'adha), and for an ayah read twice its first reading (a verse key can have one time).
 */
export function firstReadingOfEachVerse(metadata: RecordingMetadata): AyahMetadata[] {
  const seen = new Set<string>();
  return metadata.ayahs.filter((ayah) => {
    const key = verseKey(ayah);
    if (ayah.ayah_number < 1 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
