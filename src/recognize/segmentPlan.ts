/**
 * From a located segment to the exact units to align: widens the unit range when the
 * hypothesis holds more letters before/after the chain than the chain's end units explain
 * (the locator's first rare k-mer can fall past a short first ayah), and adds the optional
 * extras a reciter may say around a surah (isti'adha, basmala, closing phrase). Pure.
 */
import { isOptionalUnit, type QuranIndex } from "./quranIndex.ts";
import type { LocatedSegment } from "./locate.ts";

/** Share of an ayah's letters the unexplained hypothesis letters must reach to add that ayah. */
const EXTEND_SHARE = 0.6;

export interface SegmentUnits {
  unitIndexes: number[];
  /** The recording starts/ends inside the first/last ayah (too few letters heard for it). */
  startsInside: boolean;
  endsInside: boolean;
}

function inRange(unitIndex: number, index: QuranIndex, allowed: [number, number]): boolean {
  const unit = index.units[unitIndex];
  return unit !== undefined && unit.startLetter >= allowed[0] && unit.endLetter <= allowed[1];
}

/** Hypothesis letters before the first anchor minus the stream letters the first unit has before it. */
function leadingExcess(index: QuranIndex, segment: LocatedSegment, hypFrom: number): number {
  const first = segment.anchors[0];
  return first.hypIndex - hypFrom - (first.streamLetter - index.units[segment.firstUnit].startLetter);
}

function trailingExcess(index: QuranIndex, segment: LocatedSegment, hypTo: number): number {
  const last = segment.anchors[segment.anchors.length - 1];
  const unitEnd = index.units[segment.lastUnit].endLetter;
  return hypTo - (last.hypIndex + index.kmerLength) - (unitEnd - (last.streamLetter + index.kmerLength));
}

function letters(index: QuranIndex, unitIndex: number): number {
  return index.units[unitIndex].endLetter - index.units[unitIndex].startLetter;
}

/**
 * `hypFrom`/`hypTo`: the hypothesis letters this segment owns (up to its neighbours).
 * `allowed`: stream letters the hints allow.
 */
/** Levenshtein distance of two id sequences (short: a few dozen letters). */
export function editDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * A recording cut early in an ayah leaves too few letters of it for the locator; accept the
 * next ayah when the unexplained trailing letters read like its beginning.
 */
function trailingLettersStartUnit(index: QuranIndex, hypIds: ArrayLike<number>, hypTo: number, excess: number, unitIndex: number): boolean {
  if (excess < 5) return false;
  const tail = Array.from(hypIds).slice(hypTo - excess, hypTo);
  const unit = index.units[unitIndex];
  const head = index.letters.subarray(unit.startLetter, Math.min(unit.endLetter, unit.startLetter + excess));
  return editDistance(tail, head) <= 0.45 * excess;
}

export function planSegmentUnits(
  index: QuranIndex, segment: LocatedSegment, hypFrom: number, hypTo: number, allowed: [number, number], hypIds: ArrayLike<number>,
): SegmentUnits {
  let first = segment.firstUnit;
  let last = segment.lastUnit;
  let excess = leadingExcess(index, segment, hypFrom);
  while (inRange(first - 1, index, allowed) && !isOptionalUnit(index.units[first - 1]) && excess > EXTEND_SHARE * letters(index, first - 1)) {
    excess -= letters(index, --first);
  }
  const firstAnchorInto = segment.anchors[0].streamLetter - index.units[first].startLetter;
  const startsInside = !isOptionalUnit(index.units[first]) && firstAnchorInto - Math.max(0, excess) > 0.5 * letters(index, first) && firstAnchorInto > 12;
  excess = trailingExcess(index, segment, hypTo);
  while (inRange(last + 1, index, allowed) && !isOptionalUnit(index.units[last + 1]) && excess > EXTEND_SHARE * letters(index, last + 1)) {
    excess -= letters(index, ++last);
  }
  const lastAnchor = segment.anchors[segment.anchors.length - 1].streamLetter + index.kmerLength;
  const remaining = index.units[last].endLetter - lastAnchor;
  let endsInside = !isOptionalUnit(index.units[last]) && remaining - Math.max(0, excess) > 0.35 * letters(index, last) && remaining > 10;
  if (!endsInside && hypTo === hypIds.length && inRange(last + 1, index, allowed) && !isOptionalUnit(index.units[last + 1])
    && trailingLettersStartUnit(index, hypIds, hypTo, excess, last + 1)) {
    last++;
    endsInside = true;
  }
  // Optional extras directly around the recited units (the locator ignores them: their k-mers are too common).
  while (inRange(first - 1, index, allowed) && isOptionalUnit(index.units[first - 1]) && index.units[first - 1].kind !== "sadaqa") first--;
  while (inRange(last + 1, index, allowed) && index.units[last + 1].kind === "sadaqa") last++;
  const unitIndexes: number[] = [];
  for (let u = first; u <= last; u++) unitIndexes.push(u);
  return { unitIndexes, startsInside, endsInside };
}
