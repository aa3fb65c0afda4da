/**
 * A look-alike passage of another surah located inside a surah that runs on around it (issue 8:
 * 62:2 reported as 62:2, 2:151, 2:152, 62:2 — 62:2 and 2:151 share "yatlu 'alayhim ayatihi wa
 * yuzakkihim wa yu'allimuhumu l-kitaba wa l-hikma"). The segments before and after continue one
 * surah; the stretch between them was heard at least as well as that surah's own text there as
 * as the other passage's, so it is not a jump: the middle segment is dropped and its neighbours
 * merge. A real excursion (another surah recited in between) matches its own text clearly better
 * and stays. Pure.
 */
import { mergeForwardSegments, type HypothesisLetter, type LocatedSegment } from "./locate.ts";
import { passageLetters, semiGlobalDistance } from "./letterAgreement.ts";
import type { QuranIndex } from "./quranIndex.ts";

/** The other passage must explain this share of the heard letters better than the surrounding surah does. */
const MIN_ADVANTAGE_SHARE = 0.1;

function unitRange(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}

function lettersHeard(hyp: HypothesisLetter[], segment: LocatedSegment): number[] {
  return hyp.slice(segment.firstHyp, segment.lastHyp + 1).map((letter) => letter.letterId);
}

/** Whether `middle` (in another surah) is explained by the surah that `previous` and `next` continue. */
export function isLookAlike(index: QuranIndex, hyp: HypothesisLetter[], [previous, middle, next]: LocatedSegment[]): boolean {
  const surah = index.units[previous.lastUnit].surah;
  if (index.units[next.firstUnit].surah !== surah) return false;
  if (index.units[middle.firstUnit].surah === surah && index.units[middle.lastUnit].surah === surah) return false;
  if (next.firstUnit < previous.lastUnit || mergeForwardSegments([previous, next]).length !== 1) return false;
  const heard = lettersHeard(hyp, middle);
  const own = semiGlobalDistance(heard, passageLetters(index, unitRange(middle.firstUnit, middle.lastUnit))).distance;
  const around = semiGlobalDistance(heard, passageLetters(index, unitRange(previous.lastUnit, next.firstUnit))).distance;
  return around <= own + MIN_ADVANTAGE_SHARE * heard.length;
}

/** The continuation a trailing segment is compared with: this many times its heard letters (whole ayahs). */
const CONTINUATION_LENGTH_RATIO = 1.5;

/** The stream index of the last ayah of the surah `unitIndex` is in. */
function lastUnitOfSurah(index: QuranIndex, unitIndex: number): number {
  const { surah } = index.units[unitIndex];
  let last = unitIndex;
  while (last + 1 < index.units.length && index.units[last + 1].surah === surah) last++;
  return last;
}

/**
 * Whether the recording's last segment, in another surah than the one before it, is heard no
 * better as its own text than as the rest of that surah (unseen reverberant voice: 104:1-2, then
 * 104:3-9 located as 61:14 at confidence 0.04). A surah that was recited to its end may be
 * followed by any other; a real change of surah midway matches its own text clearly better.
 */
export function isTrailingLookAlike(index: QuranIndex, hyp: HypothesisLetter[], [previous, last]: LocatedSegment[]): boolean {
  const surah = index.units[previous.lastUnit].surah;
  const surahEnd = lastUnitOfSurah(index, previous.lastUnit);
  if (index.units[last.firstUnit].surah === surah || surahEnd <= previous.lastUnit) return false;
  const heard = lettersHeard(hyp, last);
  const own = semiGlobalDistance(heard, passageLetters(index, unitRange(last.firstUnit, last.lastUnit))).distance;
  // Only the text right after the previous segment: a short stretch heard would match some part
  // of a long surah's remainder by chance.
  const continuationStart = previous.lastUnit + 1;
  const lettersFromStart = (unit: number) => index.units[unit].endLetter - index.units[continuationStart].startLetter;
  let continuationEnd = continuationStart;
  while (continuationEnd < surahEnd && lettersFromStart(continuationEnd) < CONTINUATION_LENGTH_RATIO * heard.length) continuationEnd++;
  const rest = semiGlobalDistance(heard, passageLetters(index, unitRange(continuationStart, continuationEnd))).distance;
  return rest <= own + MIN_ADVANTAGE_SHARE * heard.length;
}

/** Segments in hypothesis order with look-alike insertions (and a look-alike last segment) removed, the surah around them re-joined. */
export function dropLookAlikes(index: QuranIndex, hyp: HypothesisLetter[], segments: LocatedSegment[]): LocatedSegment[] {
  const kept: LocatedSegment[] = [];
  for (let k = 0; k < segments.length; k++) {
    const previous = kept[kept.length - 1];
    const next = segments[k + 1];
    if (previous && next && isLookAlike(index, hyp, [previous, segments[k], next])) continue;
    if (previous && !next && isTrailingLookAlike(index, hyp, [previous, segments[k]])) continue;
    kept.push(segments[k]);
  }
  return kept.length === segments.length ? segments : mergeForwardSegments(kept);
}
