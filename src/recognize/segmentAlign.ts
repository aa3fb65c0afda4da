/**
 * Forced alignment of one located segment's label plan over its frames: a band around the
 * locator's anchors keeps long segments affordable; when the band admits no path (the anchors
 * misled it, e.g. on a voice the model hears poorly) the whole lattice is searched if affordable.
 * Pure functions.
 */
import { AlignmentImpossibleError, ctcForcedAlign, type CtcAlignment, type FramePosteriors, type LabelBand, type LatticeWorkspace } from "../align/ctcAlign.ts";
import { logProbRows, type LetterPosteriors } from "../model/ctcPosteriors.ts";
import type { LabelPlan } from "./labelPlan.ts";
import type { HypothesisLetter, LocatedSegment } from "./locate.ts";

/** Labels either side of the anchor line a path may stray: ~10 s of recitation. */
const BAND_HALF_WIDTH_LABELS = 120;
/** Below this many frame×label cells the whole lattice is cheap enough to search unbanded. */
const UNBANDED_CELLS = 8_000_000;

export function bandFor(plan: LabelPlan, segment: LocatedSegment, hyp: HypothesisLetter[], frameFrom: number, frameCount: number): LabelBand | undefined {
  const labelCount = plan.labels.length;
  if (frameCount * labelCount * 2 < UNBANDED_CELLS) return undefined;
  const points: [number, number][] = [[0, 0]];
  for (const anchor of segment.anchors) {
    const label = plan.labelOfStreamLetter.get(anchor.streamLetter);
    if (label !== undefined) points.push([hyp[anchor.hypIndex].frameIndex - frameFrom, label]);
  }
  points.push([frameCount - 1, labelCount - 1]);
  const lowLabel = new Int32Array(frameCount);
  const highLabel = new Int32Array(frameCount);
  let k = 0;
  let runningLow = 0;
  for (let t = 0; t < frameCount; t++) {
    while (k < points.length - 2 && points[k + 1][0] <= t) k++;
    const [t0, l0] = points[k];
    const [t1, l1] = points[k + 1];
    const expected = t1 > t0 ? l0 + ((l1 - l0) * (t - t0)) / (t1 - t0) : l1;
    runningLow = Math.max(runningLow, Math.floor(expected) - BAND_HALF_WIDTH_LABELS);
    lowLabel[t] = Math.max(0, Math.min(runningLow, labelCount - 1));
    highLabel[t] = Math.min(labelCount - 1, Math.ceil(expected) + BAND_HALF_WIDTH_LABELS);
  }
  for (let t = 1; t < frameCount; t++) highLabel[t] = Math.max(highLabel[t], highLabel[t - 1]);
  return { lowLabel, highLabel };
}

/** Largest lattice searched unbanded when the band leaves no path (one byte per cell: 60 MB). */
export const MAX_UNBANDED_CELLS = 60_000_000;

/**
 * Forced alignment inside the band; when the band admits no path (the locator's anchors misled
 * it, e.g. on a voice the model hears poorly) the whole lattice is searched if affordable.
 * Null when no path fits at all: the caller drops that segment rather than failing the job.
 */
export function forcedAlignWithFallback(frames: FramePosteriors, plan: LabelPlan, band: LabelBand | undefined, workspace?: LatticeWorkspace): CtcAlignment | null {
  const attempts = band && frames.frameCount * (2 * plan.labels.length + 1) <= MAX_UNBANDED_CELLS ? [band, undefined] : [band];
  for (const attemptBand of attempts) {
    try {
      return ctcForcedAlign(frames, plan.labels, { band: attemptBand, optionalRanges: plan.optionalRanges, workspace });
    } catch (error) {
      if (!(error instanceof AlignmentImpossibleError)) throw error;
    }
  }
  return null;
}

/**
 * Frames [frameFrom, frameTo) as float32 for one alignment: a view of float32 posteriors; float16
 * ones (the service's) are decoded into the workspace's row buffer, grown as needed and reused
 * by the next alignment, so only the window being aligned is ever float32.
 */
export function sliceFramePosteriors(posteriors: LetterPosteriors, frameFrom: number, frameTo: number, workspace?: LatticeWorkspace): FramePosteriors {
  const { vocabSize } = posteriors;
  const valueCount = (frameTo - frameFrom) * vocabSize;
  if (workspace && posteriors.logProbs instanceof Uint16Array && workspace.rows.length < valueCount) {
    workspace.rows = new Float32Array(Math.max(valueCount, Math.ceil(workspace.rows.length * 1.5)));
  }
  return { logProbs: logProbRows(posteriors, frameFrom, frameTo, workspace?.rows), frameCount: frameTo - frameFrom, vocabSize };
}
