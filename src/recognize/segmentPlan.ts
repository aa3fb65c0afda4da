/**
 * From a located segment to the units to align. The chain's first and last units are certain;
 * around them the hypothesis may hold letters the chain did not explain (the model heard a short
 * first ayah too badly to seed it, or the recording runs on into the next surah). Those
 * neighbouring ayahs, and the extras a reciter may say around a surah (isti'adha, basmala,
 * closing phrase), are added as OPTIONAL units: forced alignment keeps them when the audio holds
 * them and skips them otherwise. Pure.
 */
import type { AlignHints } from "../pipeline/types.ts";
import { isOptionalUnit, type QuranIndex } from "./quranIndex.ts";
import type { LocatedSegment } from "./locate.ts";

export interface SegmentUnits {
  unitIndexes: number[];
  /** Extras the alignment may skip on their own. */
  optionalUnits: Set<number>;
  /** Unconfirmed neighbours before / after the chain's units (a prefix / suffix of them may be skipped). */
  leadingCount: number;
  trailingCount: number;
  /** The recording may start inside the first ayah / end inside the last one (its head/tail may go unsaid). */
  headMayBeCut: boolean;
  tailMayBeCut: boolean;
}

export interface SegmentContext {
  /** Hypothesis letters [hypFrom, hypTo) belong to this segment (up to its neighbours). */
  hypFrom: number;
  hypTo: number;
  /** Stream letters the hints allow. */
  allowed: [number, number];
  isFirstSegment: boolean;
  isLastSegment: boolean;
  /** The model heard letters until (nearly) the end of the recording. */
  speechRunsToEnd: boolean;
  /**
   * What the user said: a surah (the allowed range is that surah or part of it), and maybe the
   * first / last ayah recited (the text from / up to it must then be aligned).
   */
  hints?: AlignHints;
}

/** Neighbouring ayahs offered as optional: up to this many, within a letter budget. */
const MAX_OPTIONAL_AYAHS = 4;
/**
 * With a surah hint the recording holds that surah: everything from the hinted start to the first
 * located chain is offered (as a skippable prefix), whatever the model heard there. A fast reciter
 * read 77:1-13 in 35 s, heard as 95 garbled letters: the letter budget stopped at 77:7.
 */
const MAX_HINTED_PREFIX_AYAHS = 40;

function inRange(unitIndex: number, index: QuranIndex, allowed: [number, number]): boolean {
  const unit = index.units[unitIndex];
  return unit !== undefined && unit.startLetter >= allowed[0] && unit.endLetter <= allowed[1];
}

function letters(index: QuranIndex, unitIndex: number): number {
  return index.units[unitIndex].endLetter - index.units[unitIndex].startLetter;
}

/** Hypothesis letters before the first anchor minus the stream letters its unit has before it. */
function leadingExcess(index: QuranIndex, segment: LocatedSegment, hypFrom: number): number {
  const first = segment.anchors[0];
  return first.hypIndex - hypFrom - (first.streamLetter - index.units[segment.firstUnit].startLetter);
}

function trailingExcess(index: QuranIndex, segment: LocatedSegment, hypTo: number): number {
  const last = segment.anchors[segment.anchors.length - 1];
  const unitEnd = index.units[segment.lastUnit].endLetter;
  return hypTo - (last.hypIndex + index.kmerLength) - (unitEnd - (last.streamLetter + index.kmerLength));
}

/**
 * Units next to `from` going in `direction` (-1 back, +1 on) offered as optional: extras always
 * (they are short), ayahs while their letters fit the budget of unexplained hypothesis letters
 * (generous, since a weak model drops letters).
 */
function optionalNeighbours(index: QuranIndex, from: number, direction: -1 | 1, excessLetters: number, allowed: [number, number], maxAyahs: number): number[] {
  const budget = 1.5 * Math.max(0, excessLetters) + 15;
  const added: number[] = [];
  let used = 0;
  let ayahs = 0;
  for (let u = from + direction; inRange(u, index, allowed); u += direction) {
    const unit = index.units[u];
    if (!isOptionalUnit(unit)) {
      // The nearest ayah is always offered (the alignment and the speech check decide); more only within budget.
      if (ayahs >= maxAyahs || (ayahs > 0 && used + letters(index, u) > budget)) break;
      used += letters(index, u);
      ayahs++;
    }
    added.push(u);
  }
  return added;
}

export function planSegmentUnits(index: QuranIndex, segment: LocatedSegment, context: SegmentContext): SegmentUnits {
  const leading = leadingExcess(index, segment, context.hypFrom);
  const trailing = trailingExcess(index, segment, context.hypTo);
  const hinted = context.hints?.surah !== undefined;
  const requiredPrefix = hinted && context.hints?.fromAyah !== undefined && context.isFirstSegment;
  const requiredSuffix = hinted && context.hints?.toAyah !== undefined && context.isLastSegment;
  const everything = Number.POSITIVE_INFINITY;
  const before = (requiredPrefix
    ? optionalNeighbours(index, segment.firstUnit, -1, everything, context.allowed, everything)
    : hinted && context.isFirstSegment
      ? optionalNeighbours(index, segment.firstUnit, -1, everything, context.allowed, MAX_HINTED_PREFIX_AYAHS)
      : optionalNeighbours(index, segment.firstUnit, -1, leading, context.allowed, MAX_OPTIONAL_AYAHS)).reverse();
  const after = requiredSuffix
    ? optionalNeighbours(index, segment.lastUnit, 1, everything, context.allowed, everything)
    : optionalNeighbours(index, segment.lastUnit, 1, trailing, context.allowed, MAX_OPTIONAL_AYAHS);
  const core: number[] = [];
  for (let u = segment.firstUnit; u <= segment.lastUnit; u++) core.push(u);
  const unitIndexes = [...before, ...core, ...after];
  const optionalUnits = new Set(unitIndexes.filter((u) => isOptionalUnit(index.units[u])));
  const firstAnchorInto = segment.anchors[0].streamLetter - index.units[segment.firstUnit].startLetter;
  return {
    unitIndexes,
    optionalUnits,
    // Named first / last ayahs are not a skippable prefix / suffix (extras among them stay optional).
    leadingCount: requiredPrefix ? 0 : before.length,
    trailingCount: requiredSuffix ? 0 : after.length,
    headMayBeCut: context.isFirstSegment && firstAnchorInto > 12 && leading < 0.5 * firstAnchorInto,
    tailMayBeCut: context.isLastSegment && context.speechRunsToEnd,
  };
}
