/**
 * Scoring beyond score.py's per-item figures, for the generated evaluation sets: a concatenated
 * recording scored part by part (each source recording in its time window, since the same ayah
 * comes back once per voice), its ayah order as a whole, and inventions (ayahs returned that the
 * audio does not hold). Pure.
 */
import type { AyahMetadata, RecordingMetadata } from "../pipeline/taskTypes.ts";
import { ayahCount } from "../quran/quranText.ts";
import type { EvalItem } from "./evalSetTransforms.ts";
import { scoreItem, type ItemScore } from "./scoreMetrics.ts";

const key = (surah: number, ayah: number) => `${surah}:${ayah}`;

function metadataWith(pred: RecordingMetadata, ayahs: AyahMetadata[]): RecordingMetadata {
  const firstAyah = ayahs.find((a) => a.ayah_number > 0) ?? ayahs[0];
  return { ...pred, surah_number: firstAyah ? firstAyah.surah_number : 0, ayahs };
}

/** One score per part: the predicted ayahs whose middle falls inside the part's window. */
export function scoreParts(item: EvalItem, pred: RecordingMetadata, db: Float64Array, ayahCounts: number[]): ItemScore[] {
  const expected = item.expected ?? [];
  return (item.parts ?? []).map((part) => {
    const from = part.offsetSeconds;
    const to = part.offsetSeconds + part.durationSeconds;
    const inWindow = (t0: number, t1: number) => (t0 + t1) / 2 >= from && (t0 + t1) / 2 < to;
    const partExpected = expected.filter((e) => inWindow(e.start, e.end));
    const partAyahs = pred.ayahs.filter((a) => inWindow(a.start_time, a.end_time));
    return scoreItem({ id: part.id, audio: item.audio, kind: "part", duration: part.durationSeconds, expected: partExpected, cut_off_end: false }, metadataWith(pred, partAyahs), db, ayahCounts);
  });
}

/** Whether the predicted ayahs (basmalas aside) come in exactly the expected order. */
export function orderExact(item: EvalItem, pred: RecordingMetadata): boolean {
  const want = (item.expected ?? []).filter((e) => e.ayah > 0 || e.surah === 1).map((e) => key(e.surah, e.ayah));
  const got = pred.ayahs.filter((a) => a.ayah_number > 0).map((a) => key(a.surah_number, a.ayah_number));
  return want.join(" ") === got.join(" ");
}

/**
 * Ayahs returned that the audio does not hold: every ayah for non-Quran audio, else those not in
 * the item's expected list, or for an item that names only its surah (no ayah times known) those
 * outside that surah's basmala and ayahs (a failed job invents nothing).
 */
export function inventedAyahs(item: EvalItem, pred: RecordingMetadata | null): number {
  if (!pred) return 0;
  if (item.expect === "no-ayahs") return pred.ayahs.length;
  if (!item.expected && item.surah !== undefined) {
    const count = ayahCount(item.surah);
    return pred.ayahs.filter((a) => a.surah_number !== item.surah || a.ayah_number > count).length;
  }
  const expected = new Set((item.expected ?? []).map((e) => key(e.surah, e.ayah)));
  const hasBasmalaRef = (item.expected ?? []).some((e) => e.ayah === 0);
  return pred.ayahs.filter((a) => (hasBasmalaRef || a.ayah_number > 0) && !expected.has(key(a.surah_number, a.ayah_number))).length;
}
