/**
 * Audacity label tracks (File → Import → Labels): one line per region,
 * `start<TAB>end<TAB>label` in seconds with 6 decimals. `audacity` has one region per ayah
 * labelled `S:A` (0 = the basmala); `audacity-words` adds a region per timed word labelled
 * `S:A:W word` (W = 1-based word of the verse), so a word can be checked by ear.
 */
import type { AyahMetadata, RecordingMetadata } from "../pipeline/taskTypes.ts";
import { verseKey, type ExportFormat } from "./exportTypes.ts";
import { wordPositions } from "./verseWords.ts";

const labelLine = (startSeconds: number, endSeconds: number, label: string): string =>
  `${startSeconds.toFixed(6)}\t${endSeconds.toFixed(6)}\t${label}`;

function wordLines(ayah: AyahMetadata): string[] {
  const words = ayah.words ?? [];
  const positions = wordPositions(ayah.ayah_text, words.map((w) => w.word));
  return words.flatMap((word, k) => {
    const position = positions[k];
    return position === null ? [] : [labelLine(word.start_time, word.end_time, `${verseKey(ayah)}:${position} ${word.word}`)];
  });
}

export function audacityLabels(metadata: RecordingMetadata, options: { words: boolean }): string {
  const lines = metadata.ayahs.flatMap((ayah) => [
    labelLine(ayah.start_time, ayah.end_time, verseKey(ayah)),
    ...(options.words ? wordLines(ayah) : []),
  ]);
  return lines.map((line) => `${line}\n`).join("");
}

export const audacityFormat: ExportFormat = {
  name: "audacity",
  fileSuffix: ".audacity.txt",
  contentType: "text/plain; charset=utf-8",
  render: (metadata) => audacityLabels(metadata, { words: false }),
};

export const audacityWordsFormat: ExportFormat = {
  name: "audacity-words",
  fileSuffix: ".audacity-words.txt",
  contentType: "text/plain; charset=utf-8",
  render: (metadata) => audacityLabels(metadata, { words: true }),
};
