/**
 * The Quran.com / Quran Foundation API v4 chapter-audio shape: one `audio_file` with a timestamp
 * per verse, times in ms from the start of the recording, word segments
 * `[word_index, start_ms, end_ms]` with the 1-based word index over the verse's Uthmani words.
 * chapter_id is the recording's surah; a recording of several surahs lists every verse heard.
 */
import path from "node:path";
import type { RecordingMetadata } from "../pipeline/taskTypes.ts";
import { firstReadingOfEachVerse, secondsToMs, verseKey, type ExportContext, type ExportFormat } from "./exportTypes.ts";
import { wordPositions } from "./verseWords.ts";

export interface QuranFoundationTimestamp {
  verse_key: string;
  timestamp_from: number;
  timestamp_to: number;
  duration: number;
  segments: [number, number, number][];
}

export interface QuranFoundationAudioFile {
  audio_file: { chapter_id: number; format: string; timestamps: QuranFoundationTimestamp[] };
}

export function quranFoundationTimings(metadata: RecordingMetadata, context: ExportContext): QuranFoundationAudioFile {
  const timestamps = firstReadingOfEachVerse(metadata).map((ayah): QuranFoundationTimestamp => {
    const words = ayah.words ?? [];
    const positions = wordPositions(ayah.ayah_text, words.map((w) => w.word));
    const segments: [number, number, number][] = [];
    words.forEach((word, k) => {
      const position = positions[k];
      if (position !== null) segments.push([position, secondsToMs(word.start_time), secondsToMs(word.end_time)]);
    });
    const from = secondsToMs(ayah.start_time);
    const to = secondsToMs(ayah.end_time);
    return { verse_key: verseKey(ayah), timestamp_from: from, timestamp_to: to, duration: to - from, segments };
  });
  const format = path.extname(context.originalFilename).slice(1).toLowerCase() || "mp3";
  return { audio_file: { chapter_id: metadata.surah_number, format, timestamps } };
}

export const quranFoundationFormat: ExportFormat = {
  name: "quran-foundation",
  fileSuffix: ".quran-foundation.json",
  contentType: "application/json; charset=utf-8",
  render: (metadata, context) => `${JSON.stringify(quranFoundationTimings(metadata, context))}\n`,
};
