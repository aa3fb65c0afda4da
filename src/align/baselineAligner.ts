/**
 * Baseline aligner: needs the surah (hint); places ayah boundaries on pauses by DP over
 * expected durations (see pauseDp.ts). No acoustic model involved, so it cannot tell which
 * ayahs were recited: it assumes the hinted range (whole surah by default).
 */
import type { AlignInput, AlignmentResult, Aligner, AyahSpan, SpeechRegion } from "../pipeline/types.ts";
import { alignUnitsToPauses } from "./pauseDp.ts";
import { findEnergyDips, silenceEndBefore } from "../audio/energyDips.ts";
import { PlanError, planSurahRange, type RecitationUnit } from "./recitationPlan.ts";

export const BASELINE_ENGINE = "baseline-pauses-dp";

/** A last unit whose speech is below this share of its expected length was probably cut off. */
const CUTOFF_RATIO = 0.45;
/** Speech running this close to the end of the recording means the recitation did not finish. */
const TRAILING_SPEECH_SECONDS = 0.15;
/** Silence kept around the first and last speech so cuts do not clip a soft onset or decay. */
const EDGE_MARGIN_SECONDS = 0.25;

export function createBaselineAligner(): Aligner {
  return {
    name: BASELINE_ENGINE,
    async align(input: AlignInput): Promise<AlignmentResult> {
      const units = planSurahRange(input.hints);
      checkLongEnough(units, input);
      return alignPlanOnPauses(units, input);
    },
  };
}

/**
 * Fastest recitation credited: 25 letters a second (one letter per 40 ms model frame; the dev
 * reciter reads ~3.5, a fast hadr at 1.6x ~5.5). Speech shorter than the hinted letters need at
 * this pace cannot hold them, so the baseline refuses instead of cutting ayahs of milliseconds.
 */
export const MIN_SECONDS_PER_LETTER = 0.04;

function checkLongEnough(units: RecitationUnit[], input: AlignInput): void {
  const bounds = speechBounds(input.speech, input.audio.durationSeconds);
  const letters = units.reduce((sum, u) => sum + u.letterCount, 0);
  const neededSeconds = letters * MIN_SECONDS_PER_LETTER;
  if (bounds.end - bounds.start < neededSeconds) {
    throw new PlanError(`The recording holds ${(bounds.end - bounds.start).toFixed(1)} s of speech, too little for the ${units.length} hinted units (${letters} letters need at least ${neededSeconds.toFixed(0)} s even recited very fast). Check the surah and ayah range.`);
  }
}

function speechBounds(speech: SpeechRegion[], durationSeconds: number): { start: number; end: number } {
  if (speech.length === 0) return { start: 0, end: durationSeconds };
  return { start: speech[0].startTimeSeconds, end: speech[speech.length - 1].endTimeSeconds };
}

export function alignPlanOnPauses(units: RecitationUnit[], input: AlignInput): AlignmentResult {
  const durationSeconds = input.audio.durationSeconds;
  const bounds = speechBounds(input.speech, durationSeconds);
  // Tight junctions leave only an energy dip: offer those as weaker boundary candidates too.
  const dips = input.energy ? findEnergyDips(input.energy).filter((dip) => !input.pauses.some((p) => dip.endTimeSeconds > p.startTimeSeconds && dip.startTimeSeconds < p.endTimeSeconds)) : [];
  const candidates = [...input.pauses, ...dips].sort((a, b) => a.startTimeSeconds - b.startTimeSeconds);
  const result = alignUnitsToPauses({
    unitLengths: units.map((u) => u.letterCount),
    pauses: candidates,
    speechStartSeconds: bounds.start,
    speechEndSeconds: bounds.end,
  });
  const boundaries = [...result.boundarySeconds];
  // As in the recognizer, an ayah starts where the silence before it ends (see boundaryRefine.ts).
  result.pauseIndexes.forEach((candidateIndex, k) => {
    const pause = candidates[candidateIndex];
    if (!pause || !input.energy) return;
    boundaries[k + 1] = silenceEndBefore(input.energy, pause.endTimeSeconds, pause.startTimeSeconds) ?? boundaries[k + 1];
  });
  boundaries[0] = Math.max(0, boundaries[0] - EDGE_MARGIN_SECONDS);
  boundaries[units.length] = Math.min(durationSeconds, boundaries[units.length] + EDGE_MARGIN_SECONDS);
  const spans: AyahSpan[] = units.map((u, k) => ({
    surah: u.surah,
    ayah: u.ayah,
    isBasmala: u.isBasmala,
    startTimeSeconds: boundaries[k],
    endTimeSeconds: boundaries[k + 1],
    confidence: result.unitConfidences[k],
    cutoffUncertain: false,
  }));
  const last = spans[spans.length - 1];
  last.cutoffUncertain = isLastUnitCutOff(units, result.boundarySeconds, bounds.end, durationSeconds);
  return {
    engine: BASELINE_ENGINE,
    spans,
    transcription: units.map((u) => u.text).join(" "),
    notes: { pauses_used: result.pauseIndexes.length, pauses_detected: input.pauses.length, energy_dips: dips.length },
  };
}

function isLastUnitCutOff(units: RecitationUnit[], boundarySeconds: number[], speechEnd: number, durationSeconds: number): boolean {
  const unitCount = units.length;
  if (durationSeconds - speechEnd < TRAILING_SPEECH_SECONDS) return true;
  const totalLetters = units.reduce((sum, u) => sum + u.letterCount, 0) || 1;
  const totalSeconds = boundarySeconds[unitCount] - boundarySeconds[0];
  const expected = (totalSeconds * units[unitCount - 1].letterCount) / totalLetters;
  const actual = boundarySeconds[unitCount] - boundarySeconds[unitCount - 1];
  return unitCount > 2 && actual < CUTOFF_RATIO * expected;
}
