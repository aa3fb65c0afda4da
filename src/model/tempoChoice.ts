/**
 * Per-recording tempo, chosen by the model's own confidence (no reference text): run an excerpt of
 * the recording at each candidate tempo and keep the tempo whose output frames have the highest mean
 * best log-probability. This is the label-free rule training/eval_dev.py measures as
 * "tempo_adaptive" (same candidates, same statistic), here on one excerpt so that choosing costs a
 * bounded amount of inference (5 candidates × 2 min) whatever the recording's length.
 */
import type { LogMelFeatures } from "../audio/logMel.ts";
import type { LetterPosteriors } from "./ctcPosteriors.ts";
import { stretchFeaturesInTime } from "./tempoStretch.ts";

/** Runs the model over features (ctcPosteriors.ts's posteriorsFromFeatures bound to a model). */
export type FeaturesToPosteriors = (features: LogMelFeatures) => Promise<LetterPosteriors<Float32Array>>;

/** The candidates of training/eval_dev.py (TEMPOS). */
export const DEFAULT_TEMPO_CANDIDATES: readonly number[] = [0.8, 0.9, 1.0, 1.1, 1.25];
/** 2 minutes of 10 ms frames. */
export const DEFAULT_EXCERPT_FRAMES = 12_000;

export interface TempoChoice {
  tempo: number;
  /** Mean best log-probability per output frame, per candidate (same order as the candidates). */
  meanBestLogProb: number[];
}

/** The middle `maxFrames` frames (the start often holds silence or the isti'adha). */
function middleExcerpt(features: LogMelFeatures, maxFrames: number): LogMelFeatures {
  if (features.frameCount <= maxFrames) return features;
  const start = Math.floor((features.frameCount - maxFrames) / 2);
  const { melBinCount } = features;
  return { ...features, frameCount: maxFrames, data: features.data.subarray(start * melBinCount, (start + maxFrames) * melBinCount) };
}

function meanBestLogProb(logProbs: Float32Array, frameCount: number, vocabSize: number): number {
  if (frameCount === 0) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let frame = 0; frame < frameCount; frame++) {
    let best = Number.NEGATIVE_INFINITY;
    for (let symbol = 0; symbol < vocabSize; symbol++) best = Math.max(best, logProbs[frame * vocabSize + symbol]);
    sum += best;
  }
  return sum / frameCount;
}

export async function chooseTempo(
  features: LogMelFeatures,
  runModel: FeaturesToPosteriors,
  candidates: readonly number[] = DEFAULT_TEMPO_CANDIDATES,
  excerptFrames: number = DEFAULT_EXCERPT_FRAMES,
): Promise<TempoChoice> {
  if (candidates.length === 0) throw new RangeError("chooseTempo needs at least one candidate tempo");
  const excerpt = middleExcerpt(features, excerptFrames);
  const scores: number[] = [];
  for (const tempo of candidates) {
    const posteriors = await runModel(stretchFeaturesInTime(excerpt, tempo));
    scores.push(meanBestLogProb(posteriors.logProbs, posteriors.frameCount, posteriors.vocabSize));
  }
  const bestIndex = scores.reduce((best, score, index) => (score > scores[best] ? index : best), 0);
  return { tempo: candidates[bestIndex], meanBestLogProb: scores };
}
