/**
 * File names of the ayah files in the zip. `spec` (default) keeps the API contract's names
 * (surah_036_ayah_001.mp3). `everyayah` uses the EveryAyah convention that Quran players read
 * from a folder of per-ayah files: SSSAAA.mp3 (036001.mp3). That convention has no basmala file
 * per surah: players play 001001.mp3 (al-Fatiha's first ayah, the basmala) before ayah 1 of every
 * surah but 1 and 9. So the recording's first basmala becomes 001001.mp3 when the recording does
 * not hold al-Fatiha's own 1:1; any other basmala is kept as SSS000.mp3, the isti'adha as
 * audhubillah.mp3, and a repeated reading gets _repeat2, _repeat3 as in the spec's names. Pure.
 */
import type { AyahMetadata, RecordingMetadata, ResultOutput } from "../pipeline/taskTypes.ts";

export type FileNaming = ResultOutput["naming"];
export const FILE_NAMINGS: readonly FileNaming[] = ["spec", "everyayah"];

export function isFileNaming(value: string): value is FileNaming {
  return (FILE_NAMINGS as readonly string[]).includes(value);
}

const pad3 = (value: number) => String(value).padStart(3, "0");

function everyayahBase(ayah: AyahMetadata, basmalaAsFatiha: boolean): string {
  if (ayah.ayah_number < 0) return "audhubillah";
  if (ayah.ayah_number === 0) return basmalaAsFatiha ? "001001" : `${pad3(ayah.surah_number)}000`;
  return `${pad3(ayah.surah_number)}${pad3(ayah.ayah_number)}`;
}

export function everyayahFilenames(ayahs: readonly AyahMetadata[]): string[] {
  const holdsFatihaBasmala = ayahs.some((ayah) => ayah.surah_number === 1 && ayah.ayah_number === 1);
  const firstBasmala = ayahs.findIndex((ayah) => ayah.ayah_number === 0);
  const seen = new Map<string, number>();
  return ayahs.map((ayah, k) => {
    const base = everyayahBase(ayah, !holdsFatihaBasmala && k === firstBasmala);
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return `${base}${occurrence > 1 ? `_repeat${occurrence}` : ""}.mp3`;
  });
}

/** The metadata with each ayah's `filename` in the chosen naming (the zip's names follow it). */
export function withFileNaming(metadata: RecordingMetadata, naming: FileNaming): RecordingMetadata {
  if (naming === "spec") return metadata;
  const names = everyayahFilenames(metadata.ayahs);
  return { ...metadata, ayahs: metadata.ayahs.map((ayah, k) => ({ ...ayah, filename: names[k] })) };
}
