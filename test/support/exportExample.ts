/**
 * A hand-made metadata example for the export tests: surah 112 with its basmala, word times for
 * some ayahs, a low-confidence ayah, an ayah with no words and a last ayah whose tail the
 * recording cut off (its last two words were not heard). Every expected output in
 * test/exportFormats.test.ts was worked out by hand from these numbers.
 */
import type { AyahMetadata, RecordingMetadata } from "../../src/pipeline/taskTypes.ts";

const BASMALA = "بِسۡمِ ٱللَّهِ ٱلرَّحۡمَٰنِ ٱلرَّحِيمِ";
export const TEXT_112 = ["قُلۡ هُوَ ٱللَّهُ أَحَدٌ", "ٱللَّهُ ٱلصَّمَدُ", "لَمۡ يَلِدۡ وَلَمۡ يُولَدۡ", "وَلَمۡ يَكُن لَّهُۥ كُفُوًا أَحَدُۢ"];

type WordTimes = [string, number, number][];

function ayah(ayahNumber: number, text: string, start: number, end: number, confidence: number, words?: WordTimes): AyahMetadata {
  const entry: AyahMetadata = {
    surah_number: 112,
    ayah_number: ayahNumber,
    ayah_text: text,
    filename: ayahNumber === 0 ? "surah_112_ayah_000_basmala.mp3" : `surah_112_ayah_00${ayahNumber}.mp3`,
    is_basmala: ayahNumber === 0,
    duration_seconds: Math.round((end - start) * 1000) / 1000,
    cutoff_uncertain: ayahNumber === 4,
    start_time: start,
    end_time: end,
    confidence,
  };
  if (words) entry.words = words.map(([word, s, e]) => ({ word, start_time: s, end_time: e }));
  return entry;
}

export function example112(): RecordingMetadata {
  const [w1, w2, , w4] = TEXT_112.map((text) => text.split(" "));
  return {
    surah_number: 112,
    total_ayahs: 4,
    transcription: "",
    ayahs: [
      ayah(0, BASMALA, 0.5, 4.25, 0.95),
      ayah(1, TEXT_112[0], 4.25, 7.0, 0.9, [[w1[0], 4.25, 4.6], [w1[1], 4.6, 5.0], [w1[2], 5.0, 5.8], [w1[3], 5.8, 7.0]]),
      ayah(2, TEXT_112[1], 7.0, 9.5, 0.2, [[w2[0], 7.0, 8.1], [w2[1], 8.1, 9.5]]),
      ayah(3, TEXT_112[2], 9.5, 12.0, 0.85),
      ayah(4, TEXT_112[3], 12.0, 15.25, 0.7, [[w4[0], 12.0, 12.7], [w4[1], 12.7, 13.4], [w4[2], 13.4, 15.25]]),
    ],
    diagnostics: { audio_input_end_timestamp: "00:00:15.400", last_ayah_end_timestamp: "00:00:15.250", engine: "test", audio_duration_seconds: 15.4 },
  };
}

export { BASMALA };
