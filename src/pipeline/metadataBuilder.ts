/**
 * Builds the metadata contract (spec/async-api.md + times, confidence, words) from an
 * alignment. Pure: no I/O; the same object goes into metadata.json and GET /metadata.
 */
import { getAyahText, ISTIADHA_TEXT } from "../quran/quranText.ts";
import type { AlignmentResult, AyahSpan } from "./types.ts";
import type { AyahMetadata, RecordingMetadata } from "./taskTypes.ts";

/** "HH:MM:SS.mmm" */
export function formatTimestamp(seconds: number): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const ms = totalMs % 1000;
  const totalSeconds = Math.floor(totalMs / 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}.${pad(ms, 3)}`;
}

const roundMs = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** surah_012_ayah_000_basmala.mp3, surah_012_ayah_001.mp3; repeats get _repeat2, _repeat3... */
export function ayahFilename(span: AyahSpan, occurrence: number): string {
  const base = `surah_${String(span.surah).padStart(3, "0")}_ayah_${String(span.ayah).padStart(3, "0")}`;
  const kind = span.ayah === 0 && span.isBasmala ? "_basmala" : span.ayah < 0 ? "_istiadha" : "";
  const repeat = occurrence > 1 ? `_repeat${occurrence}` : "";
  return `${base}${kind}${repeat}.mp3`;
}

function spanText(span: AyahSpan): string {
  return span.ayah < 0 ? ISTIADHA_TEXT : getAyahText(span.surah, span.ayah);
}

export function buildAyahMetadata(spans: AyahSpan[]): AyahMetadata[] {
  const seen = new Map<string, number>();
  return spans.map((span) => {
    const key = `${span.surah}:${span.ayah}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    const entry: AyahMetadata = {
      surah_number: span.surah,
      ayah_number: span.ayah,
      ayah_text: spanText(span),
      filename: ayahFilename(span, occurrence),
      is_basmala: span.isBasmala,
      duration_seconds: roundMs(span.endTimeSeconds - span.startTimeSeconds),
      cutoff_uncertain: span.cutoffUncertain,
      start_time: roundMs(span.startTimeSeconds),
      end_time: roundMs(span.endTimeSeconds),
      confidence: Math.round(span.confidence * 1000) / 1000,
    };
    if (span.words) {
      entry.words = span.words.map((w) => ({ word: w.word, start_time: roundMs(w.startTimeSeconds), end_time: roundMs(w.endTimeSeconds) }));
    }
    return entry;
  });
}

export function buildRecordingMetadata(alignment: AlignmentResult, audioDurationSeconds: number): RecordingMetadata {
  const ayahs = buildAyahMetadata(alignment.spans);
  const counted = ayahs.filter((a) => a.ayah_number > 0);
  const lastEnd = ayahs.length ? Math.max(...ayahs.map((a) => a.end_time)) : 0;
  return {
    surah_number: counted[0]?.surah_number ?? ayahs[0]?.surah_number ?? 0,
    total_ayahs: counted.length,
    transcription: alignment.transcription ?? ayahs.map((a) => a.ayah_text).join(" "),
    ayahs,
    diagnostics: {
      audio_input_end_timestamp: formatTimestamp(audioDurationSeconds),
      last_ayah_end_timestamp: formatTimestamp(lastEnd),
      engine: alignment.engine,
      audio_duration_seconds: roundMs(audioDurationSeconds),
      low_confidence_ayahs: ayahs.filter((a) => a.confidence < 0.3).map((a) => `${a.surah_number}:${a.ayah_number}`).join(",") || null,
      ...alignment.notes,
    },
  };
}
