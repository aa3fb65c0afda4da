/**
 * Pure pieces of the evaluation-set maker (scripts/makeEvalSets.ts): how a manifest item's
 * reference times follow a tempo change, a pause stretch or a concatenation. PCM in, PCM and
 * times out; the script does the ffmpeg I/O around them.
 */
import type { ExpectedAyah, ManifestItem } from "./scoreMetrics.ts";

/** A stretch of silence inserted into a recording: `addedSeconds` of it at `atSeconds` (input time). */
export interface Insertion { atSeconds: number; addedSeconds: number }

/** One source recording inside a concatenated item, with where it sits in the new file. */
export interface ConcatPart { id: string; offsetSeconds: number; durationSeconds: number }

/** An evaluation item: the dev manifest's shape plus optional hints, parts and expectations. */
export interface EvalItem extends ManifestItem {
  /** Form fields to send with this item (overrides the harness's --hints). */
  hints?: { surah?: number; from_ayah?: number; to_ayah?: number };
  /** For a concatenation: the source items and where each sits (scored part by part). */
  parts?: ConcatPart[];
  /** "no-ayahs": the right answer is a failed job or no ayah at all (non-Quran audio). */
  expect?: "no-ayahs";
}

/** Reference times after `atempo=tempo` (a faster tempo shortens every time by the same factor). */
export function retimeForTempo(item: ManifestItem, tempo: number): ManifestItem {
  const scale = (t: number) => Math.round((t / tempo) * 1000) / 1000;
  return {
    ...item,
    duration: scale(item.duration),
    expected: item.expected?.map((e) => ({ ...e, start: scale(e.start), end: scale(e.end) })),
  };
}

/** Input time → output time once the insertions are made (silence goes in at each `atSeconds`). */
export function mapTimeThroughInsertions(timeSeconds: number, insertions: readonly Insertion[]): number {
  let shifted = timeSeconds;
  for (const insertion of insertions) if (insertion.atSeconds <= timeSeconds) shifted += insertion.addedSeconds;
  return Math.round(shifted * 1000) / 1000;
}

/**
 * Quiet runs of at least `minSeconds` in a 10 ms-frame energy track (dB), below `floor + 10 dB`
 * (the scorer's pause threshold), as [startSeconds, endSeconds].
 */
export function quietRuns(energyDbPerFrame: Float64Array, floorDb: number, minSeconds: number): [number, number][] {
  const threshold = Math.max(-45, floorDb + 10);
  const runs: [number, number][] = [];
  let start = -1;
  for (let f = 0; f <= energyDbPerFrame.length; f++) {
    const quiet = f < energyDbPerFrame.length && energyDbPerFrame[f] <= threshold;
    if (quiet && start < 0) start = f;
    if (!quiet && start >= 0) {
      if ((f - start) / 100 >= minSeconds) runs.push([start / 100, f / 100]);
      start = -1;
    }
  }
  return runs;
}

/**
 * Mujawwad-like pauses: each quiet run grows to `factor` times its length (at most `maxAddedSeconds`
 * more), by inserting copies of its own middle samples (so the added silence has the run's noise).
 */
export function stretchPauses(samples: Float32Array, sampleRateHz: number, runs: readonly [number, number][], factor: number, maxAddedSeconds: number): { samples: Float32Array; insertions: Insertion[] } {
  const insertions: Insertion[] = runs.map(([a, b]) => ({
    atSeconds: Math.round(((a + b) / 2) * 100) / 100,
    addedSeconds: Math.round(Math.min(maxAddedSeconds, (b - a) * (factor - 1)) * 100) / 100,
  }));
  const addedSamples = insertions.reduce((sum, i) => sum + Math.round(i.addedSeconds * sampleRateHz), 0);
  const out = new Float32Array(samples.length + addedSamples);
  let read = 0;
  let write = 0;
  insertions.forEach((insertion, k) => {
    const at = Math.min(samples.length, Math.round(insertion.atSeconds * sampleRateHz));
    out.set(samples.subarray(read, at), write);
    write += at - read;
    read = at;
    // Fill with the run's own quiet samples, repeated (a 40 ms loop around the insertion point).
    const [runStart, runEnd] = runs[k];
    const loopFrom = Math.max(Math.round(runStart * sampleRateHz), at - Math.round(0.02 * sampleRateHz));
    const loopTo = Math.min(Math.round(runEnd * sampleRateHz), at + Math.round(0.02 * sampleRateHz), samples.length);
    const count = Math.round(insertion.addedSeconds * sampleRateHz);
    for (let i = 0; i < count; i++) out[write + i] = loopTo > loopFrom ? samples[loopFrom + (i % (loopTo - loopFrom))] : 0;
    write += count;
  });
  out.set(samples.subarray(read), write);
  return { samples: out, insertions };
}

export function retimeThroughInsertions(item: ManifestItem, insertions: readonly Insertion[], durationSeconds: number): ManifestItem {
  return {
    ...item,
    duration: Math.round(durationSeconds * 1000) / 1000,
    expected: item.expected?.map((e) => ({ ...e, start: mapTimeThroughInsertions(e.start, insertions), end: mapTimeThroughInsertions(e.end, insertions) })),
  };
}

/** One item made of `items` played one after the other (each at its offset), scored part by part. */
export function concatenateItems(id: string, items: readonly { item: ManifestItem; offsetSeconds: number }[], durationSeconds: number): EvalItem {
  const expected: ExpectedAyah[] = items.flatMap(({ item, offsetSeconds }) =>
    (item.expected ?? []).map((e) => ({ ...e, start: Math.round((e.start + offsetSeconds) * 1000) / 1000, end: Math.round((e.end + offsetSeconds) * 1000) / 1000 })));
  return {
    id,
    audio: `${id}.mp3`,
    kind: "concatenation",
    duration: Math.round(durationSeconds * 1000) / 1000,
    expected,
    cut_off_end: false,
    parts: items.map(({ item, offsetSeconds }) => ({ id: item.id, offsetSeconds: Math.round(offsetSeconds * 1000) / 1000, durationSeconds: item.duration })),
  };
}
