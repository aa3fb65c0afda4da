/**
 * Letters between located segments that no chain explains are searched again on their own: in a
 * long playlist a short surah (112 read by a second voice, 113–114) holds too few rare k-mers to
 * win a chain against its long neighbours, and was otherwise aligned as their continuation. Each
 * gap is searched with the looser pass (commoner k-mers, shorter chains), then matched whole
 * (src/recognize/letterAgreement.ts). A passage found inside a gap whose two sides continue one
 * surah is not taken: the surrounding surah explains it (a look-alike verse). Pure.
 */
import { identifyWholeRecording } from "./letterAgreement.ts";
import { locateSegments, mergeForwardSegments, type HypothesisLetter, type LocatedSegment } from "./locate.ts";
import { isOptionalUnit, type QuranIndex } from "./quranIndex.ts";

/** Gaps with fewer letters than this beyond the extras (about 8 s of recitation) are left to the neighbours' optional units. */
const MIN_GAP_LETTERS = 25;

export interface GapSearchContext {
  index: QuranIndex;
  hyp: HypothesisLetter[];
  allowed: [number, number];
  /** Loose chains must rest on ayah text (not only the basmala every surah shares). */
  acceptLoose: (segment: LocatedSegment) => boolean;
  /** An unanchored segment for units [first, last] over hypothesis letters [from, to). */
  unchained: (units: [number, number], hypRange: [number, number]) => LocatedSegment | null;
}

function shifted(segment: LocatedSegment, offset: number): LocatedSegment {
  return {
    ...segment,
    firstHyp: segment.firstHyp + offset,
    lastHyp: segment.lastHyp + offset,
    anchors: segment.anchors.map((a) => ({ hypIndex: a.hypIndex + offset, streamLetter: a.streamLetter })),
  };
}

/**
 * Loose chains first, else the whole gap matched against every surah (it must clearly beat all
 * others); either way what is found there must then be heard as its text.
 */
function searchGap(ctx: GapSearchContext, from: number, to: number): LocatedSegment[] {
  const letters = ctx.hyp.slice(from, to);
  const loose = locateSegments(ctx.index, letters, { streamRange: ctx.allowed, maxOccurrences: 150, minChainHits: 4 }).filter(ctx.acceptLoose);
  if (loose.length > 0) return loose.map((segment) => ({ ...shifted(segment, from), verify: true }));
  const match = identifyWholeRecording(ctx.index, letters, (surah) => ctx.index.units.some((u) => u.surah === surah && u.kind === "ayah" && u.startLetter >= ctx.allowed[0] && u.endLetter <= ctx.allowed[1]));
  const whole = match ? ctx.unchained([match.firstUnit, match.lastUnit], [from, to]) : null;
  return whole ? [whole] : [];
}

/** Whether `next` continues `previous` in the stream as far as the time between them allows. */
function continues(previous: LocatedSegment, next: LocatedSegment): boolean {
  return mergeForwardSegments([previous, next]).length === 1;
}

/** Letters of the extras (isti'adha, basmala, closing phrase) next to a unit: they may fill a gap beside it. */
function extrasLetters(index: QuranIndex, fromUnit: number, direction: -1 | 1): number {
  let letters = 0;
  for (let u = fromUnit + direction; index.units[u] && isOptionalUnit(index.units[u]); u += direction) letters += index.units[u].endLetter - index.units[u].startLetter;
  return letters;
}

export function locateInGaps(ctx: GapSearchContext, segments: LocatedSegment[]): LocatedSegment[] {
  if (segments.length === 0) return segments;
  const found: LocatedSegment[] = [];
  for (let k = 0; k <= segments.length; k++) {
    const from = k === 0 ? 0 : segments[k - 1].lastHyp + 1;
    const to = k === segments.length ? ctx.hyp.length : segments[k].firstHyp;
    const [previous, next] = [segments[k - 1], segments[k]];
    // One set of extras fits between two recordings (closing phrase, isti'adha, basmala), whichever side claims it.
    const extras = Math.max(previous ? extrasLetters(ctx.index, previous.lastUnit, 1) : 0, next ? extrasLetters(ctx.index, next.firstUnit, -1) : 0);
    if (to - from - extras < MIN_GAP_LETTERS) continue;
    if (previous && next && continues(previous, next)) continue; // the surrounding surah explains the gap
    found.push(...searchGap(ctx, from, to));
  }
  if (found.length === 0) return segments;
  return mergeForwardSegments([...segments, ...found].sort((a, b) => a.firstHyp - b.firstHyp));
}
