/**
 * Places ayah boundaries on detected pauses by dynamic programming (the baseline aligner).
 *
 * Each unit (basmala / ayah) should take speech time proportional to its letter count at a
 * speaking rate estimated from the whole recording; each chosen boundary should be a clear
 * pause. The DP picks, for K units, K-1 interior boundaries among the P pauses minimizing
 *   sum_k durationWeight * ln((d_k + c) / (e_k + c))^2  +  sum_b pauseWeight * (1 - strength_b)
 * where d_k is the unit's speech time and e_k its expected speech time. Pure function.
 */
import type { Pause } from "../pipeline/types.ts";

export interface PauseDpInput {
  /** Relative spoken length of each unit (letters), in recitation order. */
  unitLengths: number[];
  /** Pauses sorted by time, with strength 0..1. */
  pauses: Pause[];
  /** Time the first unit starts and the last one ends (first/last speech). */
  speechStartSeconds: number;
  speechEndSeconds: number;
  durationWeight?: number;
  pauseWeight?: number;
}

export interface PauseDpResult {
  /** K+1 boundary times: unit k spans [boundaries[k], boundaries[k+1]]. Interior ones are pause midpoints. */
  boundarySeconds: number[];
  /** Index into `pauses` of each interior boundary (K-1 entries). */
  pauseIndexes: number[];
  /** Per unit: 0..1 fit of its duration and of the pause that ends it. */
  unitConfidences: number[];
}

/** Smoothing constant in seconds so very short ayahs do not dominate the cost. */
const DURATION_SMOOTHING_SECONDS = 0.5;

interface Candidate { timeSeconds: number; speechBeforeSeconds: number; strength: number; pauseIndex: number }

function buildCandidates(input: PauseDpInput): Candidate[] {
  const inner = input.pauses
    .map((pause, pauseIndex) => ({ pause, pauseIndex }))
    .filter(({ pause }) => pause.startTimeSeconds > input.speechStartSeconds && pause.endTimeSeconds < input.speechEndSeconds);
  const candidates: Candidate[] = [{ timeSeconds: input.speechStartSeconds, speechBeforeSeconds: 0, strength: 1, pauseIndex: -1 }];
  let silenceSoFar = 0;
  for (const { pause, pauseIndex } of inner) {
    const speechBefore = pause.startTimeSeconds - input.speechStartSeconds - silenceSoFar;
    candidates.push({
      timeSeconds: (pause.startTimeSeconds + pause.endTimeSeconds) / 2,
      speechBeforeSeconds: speechBefore,
      strength: pause.strength,
      pauseIndex,
    });
    silenceSoFar += pause.endTimeSeconds - pause.startTimeSeconds;
  }
  const totalSpeech = input.speechEndSeconds - input.speechStartSeconds - silenceSoFar;
  candidates.push({ timeSeconds: input.speechEndSeconds, speechBeforeSeconds: totalSpeech, strength: 1, pauseIndex: -1 });
  return candidates;
}

function durationCost(speechSeconds: number, expectedSeconds: number): number {
  const ratio = Math.log((speechSeconds + DURATION_SMOOTHING_SECONDS) / (expectedSeconds + DURATION_SMOOTHING_SECONDS));
  return ratio * ratio;
}

export function alignUnitsToPauses(input: PauseDpInput): PauseDpResult {
  const unitCount = input.unitLengths.length;
  if (unitCount === 0) throw new RangeError("no units to align");
  const durationWeight = input.durationWeight ?? 4;
  const pauseWeight = input.pauseWeight ?? 1;
  const candidates = buildCandidates(input);
  const candidateCount = candidates.length;
  const totalSpeech = candidates[candidateCount - 1].speechBeforeSeconds;
  const totalLength = input.unitLengths.reduce((sum, length) => sum + length, 0) || 1;
  const expected = input.unitLengths.map((length) => (totalSpeech * length) / totalLength);

  const cost = new Float64Array((unitCount + 1) * candidateCount).fill(Infinity);
  const back = new Int32Array((unitCount + 1) * candidateCount).fill(-1);
  cost[0] = 0; // zero units consumed, standing at the speech start
  for (let k = 1; k <= unitCount; k++) {
    const maxSpeech = 3 * expected[k - 1] + 10;
    const lastAllowed = k === unitCount ? candidateCount - 1 : candidateCount - 2;
    for (let c = k; c <= lastAllowed; c++) {
      if (k === unitCount && c !== candidateCount - 1) continue;
      const boundaryCost = c === candidateCount - 1 ? 0 : pauseWeight * (1 - candidates[c].strength);
      let best = Infinity;
      let bestFrom = -1;
      for (let from = c - 1; from >= k - 1; from--) {
        const speech = candidates[c].speechBeforeSeconds - candidates[from].speechBeforeSeconds;
        if (speech > maxSpeech) break;
        const previous = cost[(k - 1) * candidateCount + from];
        if (previous === Infinity) continue;
        const total = previous + durationWeight * durationCost(speech, expected[k - 1]);
        if (total < best) { best = total; bestFrom = from; }
      }
      if (bestFrom >= 0) {
        cost[k * candidateCount + c] = best + boundaryCost;
        back[k * candidateCount + c] = bestFrom;
      }
    }
  }
  return traceBack(candidates, cost, back, unitCount, expected, durationWeight);
}

function traceBack(
  candidates: Candidate[], cost: Float64Array, back: Int32Array, unitCount: number, expected: number[], durationWeight: number,
): PauseDpResult {
  const candidateCount = candidates.length;
  let c = candidateCount - 1;
  if (cost[unitCount * candidateCount + c] === Infinity) {
    // Too few pauses for the units: fall back to proportional placement on speech time.
    return proportionalSplit(candidates, expected);
  }
  const path: number[] = [c];
  for (let k = unitCount; k > 0; k--) {
    c = back[k * candidateCount + c];
    path.push(c);
  }
  path.reverse();
  const boundarySeconds = path.map((index) => candidates[index].timeSeconds);
  const unitConfidences = expected.map((expectedSeconds, k) => {
    const speech = candidates[path[k + 1]].speechBeforeSeconds - candidates[path[k]].speechBeforeSeconds;
    const fit = Math.exp(-durationWeight * durationCost(speech, expectedSeconds) / 2);
    return Math.max(0, Math.min(1, fit * candidates[path[k + 1]].strength));
  });
  return { boundarySeconds, pauseIndexes: path.slice(1, -1).map((index) => candidates[index].pauseIndex), unitConfidences };
}

function proportionalSplit(candidates: Candidate[], expected: number[]): PauseDpResult {
  const start = candidates[0].timeSeconds;
  const end = candidates[candidates.length - 1].timeSeconds;
  const total = expected.reduce((sum, value) => sum + value, 0) || 1;
  const boundarySeconds = [start];
  let acc = 0;
  for (const value of expected) {
    acc += value;
    boundarySeconds.push(start + ((end - start) * acc) / total);
  }
  return { boundarySeconds, pauseIndexes: [], unitConfidences: expected.map(() => 0.1) };
}
