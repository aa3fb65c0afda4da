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

/** Segments in hypothesis order with look-alike insertions removed and the surah around them re-joined. */
export function dropLookAlikes(index: QuranIndex, hyp: HypothesisLetter[], segments: LocatedSegment[]): LocatedSegment[] {
  const kept: LocatedSegment[] = [];
  for (let k = 0; k < segments.length; k++) {
    const previous = kept[kept.length - 1];
    const next = segments[k + 1];
    if (previous && next && isLookAlike(index, hyp, [previous, segments[k], next])) continue;
    kept.push(segments[k]);
  }
  return kept.length === segments.length ? segments : mergeForwardSegments(kept);
}
