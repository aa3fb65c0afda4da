/**
 * The metrics of ../shared/eval/score.py, in TypeScript, so `npm run eval` prints the same
 * numbers as the Python scorer (a test checks the two agree). Pure: PCM in, numbers out.
 *
 * Boundary error is silence-aware: a predicted cut anywhere inside the low-energy zone around
 * the reference junction counts as exact (0 ms).
 */
import type { RecordingMetadata } from "../pipeline/taskTypes.ts";

export interface ExpectedAyah { surah: number; ayah: number; start: number; end: number }
export interface ManifestItem {
  id: string;
  audio: string;
  kind: string;
  duration: number;
  expected?: ExpectedAyah[];
  surah?: number;
  cut_off_end?: boolean;
}
export interface ItemScore {
  id: string;
  kind: string;
  surahOk: boolean;
  missing: number;
  extra: number;
  /** Boundary errors in seconds. */
  errorsSeconds: number[];
  cutoffFlagged?: boolean;
}

const FRAMES_PER_SECOND = 100;
const HOP_SAMPLES = 160;

/** 30 ms centred RMS energy in dB per 10 ms frame, of 16 kHz PCM quantized to int16 as ffmpeg would. */
export function energyDb(samples: Float32Array): Float64Array {
  const frameCount = Math.floor(samples.length / HOP_SAMPLES);
  const power = new Float64Array(frameCount);
  for (let f = 0; f < frameCount; f++) {
    let sum = 0;
    for (let i = f * HOP_SAMPLES; i < (f + 1) * HOP_SAMPLES; i++) {
      const q = Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768))) / 32768;
      sum += q * q;
    }
    power[f] = sum / HOP_SAMPLES;
  }
  const db = new Float64Array(frameCount);
  for (let f = 0; f < frameCount; f++) {
    // numpy convolve mode="same" with a 3-tap box: zero padding at both ends.
    const smoothed = ((f > 0 ? power[f - 1] : 0) + power[f] + (f < frameCount - 1 ? power[f + 1] : 0)) / 3;
    db[f] = 10 * Math.log10(smoothed + 1e-10);
  }
  return db;
}

/** numpy.percentile with linear interpolation. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = ((sorted.length - 1) * q) / 100;
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function zone(db: Float64Array, timeSeconds: number, floorDb: number): [number, number] {
  const i = Math.min(Math.max(Math.trunc(timeSeconds * FRAMES_PER_SECOND), 0), db.length - 1);
  const threshold = Math.max(-45, floorDb + 10);
  if (db[i] > threshold) return [timeSeconds, timeSeconds];
  let a = i;
  while (a > 0 && db[a - 1] <= threshold) a--;
  let b = i;
  while (b < db.length - 1 && db[b + 1] <= threshold) b++;
  return [a / FRAMES_PER_SECOND, (b + 1) / FRAMES_PER_SECOND];
}

const distance = (p: number, z: [number, number]) => (z[0] <= p && p <= z[1] ? 0 : Math.min(Math.abs(p - z[0]), Math.abs(p - z[1])));

export function scoreItem(item: ManifestItem, pred: RecordingMetadata, db: Float64Array | null, ayahCounts: number[]): ItemScore {
  const ayahs = pred.ayahs ?? [];
  const got = new Map(ayahs.map((a) => [`${a.surah_number}:${a.ayah_number}`, a]));
  const exp = item.expected;
  const surahs = exp ? [...new Set(exp.map((e) => e.surah))].sort((x, y) => x - y) : [item.surah ?? 0];
  const predSurahs = [...new Set(ayahs.filter((a) => a.ayah_number > 0).map((a) => a.surah_number))].sort((x, y) => x - y);
  const surahOk = pred.surah_number === surahs[0] && predSurahs.join(",") === surahs.join(",");
  const base = { id: item.id, kind: item.kind, surahOk };
  if (!exp) {
    const want = ayahCounts[surahs[0] - 1];
    const have = ayahs.filter((a) => a.ayah_number > 0 && a.surah_number === surahs[0]).length;
    return { ...base, missing: Math.max(0, want - have), extra: Math.max(0, have - want), errorsSeconds: [] };
  }
  const hasBasmalaRef = exp.some((e) => e.ayah === 0);
  const expectedKeys = new Set(exp.map((e) => `${e.surah}:${e.ayah}`));
  const predictedKeys = [...got.keys()].filter((k) => hasBasmalaRef || !k.endsWith(":0"));
  const missing = [...expectedKeys].filter((k) => !got.has(k)).length;
  const extra = predictedKeys.filter((k) => !expectedKeys.has(k)).length;
  if (!db) throw new Error("energy is required to score boundaries");
  const floorDb = percentile(db, 5);
  const errors: number[] = [];
  const first = got.get(`${exp[0].surah}:${exp[0].ayah}`);
  if (first) errors.push(distance(first.start_time, zone(db, exp[0].start, floorDb)));
  for (let k = 1; k < exp.length; k++) {
    const z = zone(db, exp[k].start, floorDb);
    const a = got.get(`${exp[k - 1].surah}:${exp[k - 1].ayah}`);
    const b = got.get(`${exp[k].surah}:${exp[k].ayah}`);
    if (!a || !b) continue;
    errors.push(Math.max(distance(a.end_time, z), distance(b.start_time, z)));
  }
  const score: ItemScore = { ...base, missing, extra, errorsSeconds: errors };
  if (item.cut_off_end) {
    const last = got.get(`${exp[exp.length - 1].surah}:${exp[exp.length - 1].ayah}`);
    score.cutoffFlagged = Boolean(last?.cutoff_uncertain);
  }
  return score;
}

export interface ScoreSummary {
  items: number; failed: number; surah_id: string; exact_sequence: string; missing: number; extra: number;
  boundaries: number; median_ms: number | null; p90_ms: number | null;
  within_100ms: number | null; within_300ms: number | null; within_1000ms: number | null; cutoff_flagged: string;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The SUMMARY object of score.py; `null` entries in `scores` are items with no prediction. */
export function summarize(scores: (ItemScore | null)[]): ScoreSummary {
  const ok = scores.filter((s): s is ItemScore => s !== null);
  const errorsMs = ok.flatMap((s) => s.errorsSeconds.map((e) => e * 1000));
  const share = (limit: number) => (errorsMs.length ? round1((errorsMs.filter((e) => e <= limit).length / errorsMs.length) * 100) : null);
  const withCutoff = ok.filter((s) => s.cutoffFlagged !== undefined);
  return {
    items: scores.length,
    failed: scores.length - ok.length,
    surah_id: `${ok.filter((s) => s.surahOk).length}/${scores.length}`,
    exact_sequence: `${ok.filter((s) => s.missing === 0 && s.extra === 0).length}/${scores.length}`,
    missing: ok.reduce((sum, s) => sum + s.missing, 0),
    extra: ok.reduce((sum, s) => sum + s.extra, 0),
    boundaries: errorsMs.length,
    median_ms: errorsMs.length ? round1(percentile(errorsMs, 50)) : null,
    p90_ms: errorsMs.length ? round1(percentile(errorsMs, 90)) : null,
    within_100ms: share(100),
    within_300ms: share(300),
    within_1000ms: share(1000),
    cutoff_flagged: `${withCutoff.filter((s) => s.cutoffFlagged).length}/${withCutoff.length}`,
  };
}
