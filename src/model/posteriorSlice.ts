/**
 * The posterior frames of a stretch of a recording, by the time convention the recognizer uses
 * (src/recognize/spanBuilder.ts): output frame f stands for the instant (f + 0.5) * frameStepSeconds,
 * and belongs to the stretch [startSeconds, endSeconds) that holds that instant. A cut the service
 * placed exactly at a letter's frame time (no pause between two ayahs) so gives that letter to the
 * ayah that starts there, as the service does. Rounding seconds to the nearest frame instead sent
 * such a tie, and any letter whose time lay within half a frame before a cut, to the wrong side.
 */
import type { LetterPosteriors } from "./ctcPosteriors.ts";

/** Times this close to a frame's instant count as on it (the manifests keep milliseconds). */
const TIE_TOLERANCE_FRAMES = 1e-6;

/** First output frame whose instant is at or after `seconds`. */
export function firstFrameAtOrAfter(seconds: number, frameStepSeconds: number): number {
  return Math.ceil(seconds / frameStepSeconds - 0.5 - TIE_TOLERANCE_FRAMES);
}

/** Frames [first, last) of the stretch, clamped to the recording. */
export function frameRangeOfSpan(startSeconds: number, endSeconds: number, frameStepSeconds: number, frameCount: number): [number, number] {
  const first = Math.min(frameCount, Math.max(0, firstFrameAtOrAfter(startSeconds, frameStepSeconds)));
  const last = Math.min(frameCount, Math.max(first, firstFrameAtOrAfter(endSeconds, frameStepSeconds)));
  return [first, last];
}

/** A view (no copy) of the posteriors of [startSeconds, endSeconds). */
export function slicePosteriors(posteriors: LetterPosteriors, startSeconds: number, endSeconds: number): LetterPosteriors {
  const [first, last] = frameRangeOfSpan(startSeconds, endSeconds, posteriors.frameStepSeconds, posteriors.frameCount);
  const { vocabSize } = posteriors;
  return { ...posteriors, frameCount: last - first, logProbs: posteriors.logProbs.subarray(first * vocabSize, last * vocabSize) };
}
