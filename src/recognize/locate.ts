/**
 * Locates recognised letters in the Quran: seeds with rare k-mers shared by the hypothesis and
 * the stream, chains them by dynamic programming along a near-diagonal (the hypothesis has
 * letter errors, so the diagonal drifts), and turns each chain into a span of stream units.
 * Letters left outside the best chain are searched again, which finds a second surah after a
 * gap, a repeated passage, or a recitation that jumps. Pure function over the index.
 */
import { firstKmerEntry, kmerCode, type QuranIndex } from "./quranIndex.ts";

export interface HypothesisLetter {
  /** Letter id as in QuranIndex.letterIds. */
  letterId: number;
  /** Model output frame at which the letter was emitted. */
  frameIndex: number;
}

export interface Anchor { hypIndex: number; streamLetter: number }

export interface LocatedSegment {
  /** Hypothesis letters [firstHyp, lastHyp] covered by the chain. */
  firstHyp: number;
  lastHyp: number;
  /** Stream units [firstUnit, lastUnit] recited in this segment (optional extras not yet included). */
  firstUnit: number;
  lastUnit: number;
  anchors: Anchor[];
  /** Placed without a chain (a hint, or a whole-stretch letter match): only its two ends are anchored. */
  unchained?: boolean;
  /** Found on weak evidence (a loose chain in a gap): kept only if heard as its text. */
  verify?: boolean;
}

export interface LocateOptions {
  /** Ignore k-mers that occur more often than this (basmala, common phrases). */
  maxOccurrences?: number;
  /** Restrict the search to stream letters [startLetter, endLetter) (hints). */
  streamRange?: [number, number];
  /** Smallest number of chained hits that counts as a located segment. */
  minChainHits?: number;
}

interface Hit { i: number; p: number }

/**
 * Every hit of a search as parallel arrays (hypothesis letter i, stream letter p), ordered by i:
 * a 4-hour recording has some 220k, which as {i, p} objects were ~10 MB of heap per search, and
 * the locator searches many stretches; typed arrays are freed with their search.
 */
interface Hits { i: Int32Array; p: Int32Array; count: number }

/** Calls `visit` with every stream position a usable k-mer of hyp[from, to) occurs at, in order. */
function forEachHit(index: QuranIndex, ids: Int32Array, [from, to]: [number, number], options: LocateOptions, visit: (i: number, p: number) => void): void {
  const k = index.kmerLength;
  const maxOccurrences = options.maxOccurrences ?? 40;
  const [rangeStart, rangeEnd] = options.streamRange ?? [0, index.letters.length];
  const { kmerCodes, kmerPositions } = index;
  for (let i = from; i + k <= to; i++) {
    const code = kmerCode(ids, i, k);
    const first = firstKmerEntry(index, code);
    let end = first;
    while (end < kmerCodes.length && kmerCodes[end] === code) end++;
    if (end === first || end - first > maxOccurrences) continue;
    for (let entry = first; entry < end; entry++) {
      const p = kmerPositions[entry];
      if (p >= rangeStart && p < rangeEnd) visit(i, p);
    }
  }
}

/** Two passes (count, then fill) so the arrays are allocated once at their size. */
function collectHits(index: QuranIndex, ids: Int32Array, from: number, to: number, options: LocateOptions): Hits {
  let count = 0;
  forEachHit(index, ids, [from, to], options, () => { count++; });
  const hits: Hits = { i: new Int32Array(count), p: new Int32Array(count), count: 0 };
  forEachHit(index, ids, [from, to], options, (i, p) => {
    hits.i[hits.count] = i;
    hits.p[hits.count] = p;
    hits.count++;
  });
  return hits;
}

/** Longest-ish chain of hits increasing in both coordinates with bounded diagonal drift. */
function bestChain(hits: Hits): Hit[] {
  const { i: hitI, p: hitP, count } = hits;
  if (count === 0) return [];
  const maxHypGap = 60;
  const score = new Float64Array(count);
  const previous = new Int32Array(count).fill(-1);
  let windowStart = 0;
  for (let b = 0; b < count; b++) {
    score[b] = 1;
    while (hitI[windowStart] < hitI[b] - maxHypGap) windowStart++;
    for (let a = windowStart; a < b; a++) {
      const di = hitI[b] - hitI[a];
      const dp = hitP[b] - hitP[a];
      if (di <= 0 || dp <= 0 || dp > 3 * di + 30) continue;
      const drift = Math.abs(dp - di);
      if (drift > 0.4 * Math.max(di, dp) + 6) continue;
      const candidate = score[a] + 1 - 0.02 * drift;
      if (candidate > score[b]) { score[b] = candidate; previous[b] = a; }
    }
  }
  let best = 0;
  for (let b = 1; b < count; b++) if (score[b] > score[best]) best = b;
  const chain: Hit[] = [];
  for (let b = best; b >= 0; b = previous[b]) chain.push({ i: hitI[b], p: hitP[b] });
  return chain.reverse();
}

function segmentFromChain(index: QuranIndex, chain: Hit[]): LocatedSegment {
  const first = chain[0];
  const last = chain[chain.length - 1];
  return {
    firstHyp: first.i,
    lastHyp: last.i + index.kmerLength - 1,
    firstUnit: index.unitOfLetter[first.p],
    lastUnit: index.unitOfLetter[last.p + index.kmerLength - 1],
    anchors: chain.map((h) => ({ hypIndex: h.i, streamLetter: h.p })),
  };
}

/**
 * Splits a chain where the hypothesis has many more letters than the stream between two hits:
 * the reciter said something there that is not the next text (a repeat, a remark), which is
 * searched again on its own.
 */
function splitAtHypothesisExcess(chain: Hit[], maxExcessLetters: number): Hit[][] {
  const parts: Hit[][] = [[chain[0]]];
  for (let k = 1; k < chain.length; k++) {
    const excess = chain[k].i - chain[k - 1].i - (chain[k].p - chain[k - 1].p);
    if (excess > maxExcessLetters) parts.push([]);
    parts[parts.length - 1].push(chain[k]);
  }
  return parts;
}

/**
 * Located segments a recording may hold: at least 6 (a surah with repeats and a jump), and one
 * per 300 letters heard (about 1.5 minutes) beyond that, so an hour-long playlist of short
 * surahs is searched to its end rather than stopped after its first six passages.
 */
export function maxSegmentsFor(hypLetters: number): number {
  return Math.max(6, Math.ceil(hypLetters / 300));
}

/** Finds up to `maxSegments` located segments, ordered by position in the hypothesis. */
export function locateSegments(index: QuranIndex, hyp: HypothesisLetter[], options: LocateOptions = {}, maxSegments = maxSegmentsFor(hyp.length)): LocatedSegment[] {
  const minChainHits = options.minChainHits ?? 6;
  const segments: LocatedSegment[] = [];
  const ids = new Int32Array(hyp.length);
  hyp.forEach((letter, k) => { ids[k] = letter.letterId; });
  const pending: [number, number][] = [[0, hyp.length]];
  while (pending.length > 0 && segments.length < maxSegments) {
    const [from, to] = pending.shift()!;
    if (to - from < index.kmerLength + minChainHits) continue;
    const chain = bestChain(collectHits(index, ids, from, to, options));
    if (chain.length < minChainHits) continue;
    let searchedUpTo = from;
    for (const part of splitAtHypothesisExcess(chain, 20)) {
      if (part.length < minChainHits) continue;
      const segment = segmentFromChain(index, part);
      segments.push(segment);
      pending.push([searchedUpTo, segment.firstHyp]);
      searchedUpTo = segment.lastHyp + 1;
    }
    pending.push([searchedUpTo, to]);
  }
  return mergeForwardSegments(segments.sort((a, b) => a.firstHyp - b.firstHyp));
}

/**
 * Joins neighbouring segments that continue each other in the stream: where the model heard
 * a stretch badly the chain breaks, but the recitation went straight on. A segment that goes
 * back (a repeat) or jumps far ahead of what the time between them allows stays separate.
 */
export function mergeForwardSegments(segments: LocatedSegment[]): LocatedSegment[] {
  const merged: LocatedSegment[] = [];
  for (const segment of segments) {
    const previous = merged[merged.length - 1];
    if (previous) {
      const lastAnchor = previous.anchors[previous.anchors.length - 1];
      const hypGap = segment.anchors[0].hypIndex - lastAnchor.hypIndex;
      const streamGap = segment.anchors[0].streamLetter - lastAnchor.streamLetter;
      if (streamGap > 0 && streamGap <= 2 * hypGap + 150 && hypGap <= 2 * streamGap + 150) {
        merged[merged.length - 1] = {
          ...previous, lastHyp: segment.lastHyp, lastUnit: segment.lastUnit, anchors: [...previous.anchors, ...segment.anchors],
        };
        continue;
      }
    }
    merged.push(segment);
  }
  return merged;
}
