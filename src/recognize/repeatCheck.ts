/**
 * Checks the locator's repeats against the audio. A segment that goes back in the text is the
 * locator's sign of a repeated passage, but on a voice the model hears poorly a chain can also run
 * ahead of the audio on a few chance hits and the next chain then seems to go back (measured on a
 * Sudais recording of surah 66: ayahs 4–7 reported twice, the second time at confidence 0.00).
 * The audio decides: the pair is force-aligned as located (two passes over the shared text) and
 * as one straight passage over the same frames; the straight reading wins unless the repeat
 * explains the frames better. Pure function.
 */
import type { LetterPosteriors } from "../model/ctcPosteriors.ts";
import type { TextRules } from "../quran/spokenText.ts";
import { buildLabelPlan } from "./labelPlan.ts";
import type { HypothesisLetter, LocatedSegment } from "./locate.ts";
import { isOptionalUnit, type QuranIndex } from "./quranIndex.ts";
import { bandFor, forcedAlignWithFallback, sliceFramePosteriors } from "./segmentAlign.ts";
import type { LatticeWorkspace } from "../align/ctcAlign.ts";

export interface RepeatCheckInput {
  posteriors: LetterPosteriors;
  hyp: HypothesisLetter[];
  index: QuranIndex;
  rules: TextRules;
  /** Backpointer memory shared with the recognizer's other alignments (ctcAlign.ts). */
  workspace?: LatticeWorkspace;
}

/**
 * Best path log-probability of the segment's units (extras optional) over frames [from, to),
 * in a band around its anchors as the aligner would search it; null if no path fits.
 */
function segmentScore(input: RepeatCheckInput, segment: LocatedSegment, frameFrom: number, frameTo: number): number | null {
  const { index, rules, posteriors, hyp } = input;
  const unitIndexes: number[] = [];
  for (let u = segment.firstUnit; u <= segment.lastUnit; u++) unitIndexes.push(u);
  const optionalUnits = new Set(unitIndexes.filter((u) => isOptionalUnit(index.units[u])));
  const plan = buildLabelPlan(index, rules, posteriors.alphabet, unitIndexes, { optionalUnits, leadingCount: 0, trailingCount: 0, headMayBeCut: false, tailMayBeCut: false });
  const band = bandFor(plan, segment, hyp, frameFrom, frameTo - frameFrom);
  return forcedAlignWithFallback(sliceFramePosteriors(posteriors, frameFrom, frameTo, input.workspace), plan, band, input.workspace)?.logScore ?? null;
}

/** The pair read as one straight passage; anchors of the first that run past the second's start are dropped. */
export function mergedSegment(first: LocatedSegment, second: LocatedSegment): LocatedSegment {
  const secondStart = second.anchors[0].streamLetter;
  const kept = first.anchors.filter((anchor) => anchor.streamLetter < secondStart);
  return {
    firstHyp: first.firstHyp,
    lastHyp: second.lastHyp,
    firstUnit: Math.min(first.firstUnit, second.firstUnit),
    lastUnit: Math.max(first.lastUnit, second.lastUnit),
    anchors: [...kept, ...second.anchors],
  };
}

/** Frame where the recitation passes from one segment to the next: halfway between their letters. */
function junctionFrame(hyp: HypothesisLetter[], first: LocatedSegment, second: LocatedSegment): number {
  return Math.round((hyp[first.lastHyp].frameIndex + hyp[second.firstHyp].frameIndex) / 2);
}

function isRepeatPair(first: LocatedSegment, second: LocatedSegment): boolean {
  return second.firstUnit <= first.lastUnit && second.lastUnit >= first.firstUnit;
}

/** True when the audio of the pair reads better as one straight passage than as a repeat. */
export function straightReadsBetter(input: RepeatCheckInput, first: LocatedSegment, second: LocatedSegment, frameFrom: number, frameTo: number): boolean {
  const junction = junctionFrame(input.hyp, first, second);
  const firstScore = segmentScore(input, first, frameFrom, junction);
  const secondScore = segmentScore(input, second, junction, frameTo);
  const mergedScore = segmentScore(input, mergedSegment(first, second), frameFrom, frameTo);
  if (mergedScore === null) return false;
  if (firstScore === null || secondScore === null) return true;
  return mergedScore >= firstScore + secondScore;
}

/**
 * Segments in recitation order with each false repeat merged into one straight passage. The
 * frames of a pair run from the previous junction to the next one (as the aligner slices them).
 */
export function mergeFalseRepeats(input: RepeatCheckInput, segments: LocatedSegment[]): LocatedSegment[] {
  const result: LocatedSegment[] = [];
  for (const [k, segment] of segments.entries()) {
    const previous = result[result.length - 1];
    if (previous && isRepeatPair(previous, segment)) {
      const before = result[result.length - 2];
      const frameFrom = before ? junctionFrame(input.hyp, before, previous) : 0;
      const next = segments[k + 1];
      const frameTo = next ? junctionFrame(input.hyp, segment, next) : input.posteriors.frameCount;
      if (straightReadsBetter(input, previous, segment, frameFrom, frameTo)) {
        result[result.length - 1] = mergedSegment(previous, segment);
        continue;
      }
    }
    result.push(segment);
  }
  return result;
}
