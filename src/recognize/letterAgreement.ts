/**
 * How well the letters the model heard agree with a passage of the Quran, by edit distance over
 * letter ids. Two uses:
 *  - verification: a passage aligned without a located chain (a hint, or a short recording
 *    identified as a whole) must be heard as that passage, not merely fit into the frames
 *    (English speech heard as Arabic-like letters sits at 0.7–0.9 letter error against any surah;
 *    the dev reciter at 0.28–0.40, a fast unseen voice up to ~0.56);
 *  - identification: a short recording whose letters hold too few intact rare k-mers for a chain
 *    (al-Fatiha read fast) is matched as a whole against every surah, free to start and end
 *    anywhere inside it. Pure.
 */
import type { HypothesisLetter } from "./locate.ts";
import type { QuranIndex } from "./quranIndex.ts";

/**
 * Edit distance of `hyp` against the best-matching stretch of `ref` (free start and end in ref),
 * and where that stretch starts / ends in ref. O(|hyp|·|ref|) time, O(|ref|) memory.
 */
export function semiGlobalDistance(hyp: ArrayLike<number>, ref: ArrayLike<number>): { distance: number; refStart: number; refEnd: number } {
  const m = ref.length;
  let previous = new Int32Array(m + 1);
  let current = new Int32Array(m + 1);
  // Start column: the stretch may begin anywhere in ref (row 0 all zeros), so track each cell's origin.
  let previousOrigin = Int32Array.from({ length: m + 1 }, (_, j) => j);
  let currentOrigin = new Int32Array(m + 1);
  for (let i = 1; i <= hyp.length; i++) {
    current[0] = i;
    currentOrigin[0] = 0;
    for (let j = 1; j <= m; j++) {
      const substitute = previous[j - 1] + (hyp[i - 1] === ref[j - 1] ? 0 : 1);
      const deleteHyp = previous[j] + 1;
      const skipRef = current[j - 1] + 1;
      if (substitute <= deleteHyp && substitute <= skipRef) { current[j] = substitute; currentOrigin[j] = previousOrigin[j - 1]; }
      else if (deleteHyp <= skipRef) { current[j] = deleteHyp; currentOrigin[j] = previousOrigin[j]; }
      else { current[j] = skipRef; currentOrigin[j] = currentOrigin[j - 1]; }
    }
    [previous, current] = [current, previous];
    [previousOrigin, currentOrigin] = [currentOrigin, previousOrigin];
  }
  let best = 0;
  for (let j = 1; j <= m; j++) if (previous[j] < previous[best]) best = j;
  return { distance: previous[best], refStart: previousOrigin[best], refEnd: best };
}

/** Plain edit distance / reference length (the letter error rate of the model on that passage). */
export function letterErrorRate(hyp: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  let previous = Int32Array.from({ length: ref.length + 1 }, (_, j) => j);
  let current = new Int32Array(ref.length + 1);
  for (let i = 1; i <= hyp.length; i++) {
    current[0] = i;
    for (let j = 1; j <= ref.length; j++) {
      current[j] = Math.min(previous[j - 1] + (hyp[i - 1] === ref[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[ref.length] / ref.length;
}

/** Letter ids the model heard between two frames (inclusive). */
export function heardLetters(hyp: HypothesisLetter[], firstFrame: number, lastFrame: number): number[] {
  return hyp.filter((h) => h.frameIndex >= firstFrame && h.frameIndex <= lastFrame).map((h) => h.letterId);
}

/** Stream letters of units [firstUnit, lastUnit], optional extras left out unless listed. */
export function passageLetters(index: QuranIndex, unitIndexes: readonly number[]): Uint8Array {
  const parts = unitIndexes.map((u) => index.letters.subarray(index.units[u].startLetter, index.units[u].endLetter));
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) { out.set(part, at); at += part.length; }
  return out;
}

/** Letter error of what was heard over one aligned unit's frames against that unit's text. */
export function unitLetterError(index: QuranIndex, unit: { unitIndex: number; firstFrame: number; lastFrame: number }, hyp: HypothesisLetter[]): number {
  return letterErrorRate(heardLetters(hyp, unit.firstFrame, unit.lastFrame), passageLetters(index, [unit.unitIndex]));
}

/** Letter error above which a passage aligned without a chain is not what the audio holds. */
export const MAX_UNCHAINED_LETTER_ERROR = 0.6;

export interface WholeRecordingMatch { surah: number; firstUnit: number; lastUnit: number; letterError: number; runnerUpError: number }

/** A whole-recording match must be this good, and this much better than any other surah. */
const MAX_IDENTIFY_ERROR = 0.5;
const MIN_IDENTIFY_MARGIN = 0.12;
/** Fewer letters than this say too little to tell surahs apart. */
const MIN_IDENTIFY_LETTERS = 25;
/** Only recordings this short are matched whole (longer ones have chains; cost is letters × surah). */
export const MAX_IDENTIFY_LETTERS = 600;

/**
 * The surah (and the stretch of it) that best explains all the letters heard, when it clearly
 * beats every other surah. Surahs much shorter than what was heard cannot hold it and are skipped.
 */
export function identifyWholeRecording(index: QuranIndex, hyp: HypothesisLetter[], allowedSurahs?: (surah: number) => boolean): WholeRecordingMatch | null {
  if (hyp.length < MIN_IDENTIFY_LETTERS || hyp.length > MAX_IDENTIFY_LETTERS) return null;
  const heard = hyp.map((h) => h.letterId);
  const bySurah = new Map<number, number[]>();
  index.units.forEach((unit, u) => {
    if (unit.kind === "istiadha" || unit.kind === "sadaqa") return;
    if (!bySurah.has(unit.surah)) bySurah.set(unit.surah, []);
    bySurah.get(unit.surah)!.push(u);
  });
  const scored: WholeRecordingMatch[] = [];
  for (const [surah, units] of bySurah) {
    if (allowedSurahs && !allowedSurahs(surah)) continue;
    const ref = passageLetters(index, units);
    if (ref.length < 0.5 * heard.length) continue;
    const { distance, refStart, refEnd } = semiGlobalDistance(heard, ref);
    // Normalised by the longer of what was heard and what was matched: a short match cannot hide garbage.
    const letterError = distance / Math.max(heard.length, refEnd - refStart);
    const ends = unitEndOffsets(index, units);
    const unitAt = (offset: number) => units[Math.max(0, ends.findIndex((end) => end > offset))];
    scored.push({ surah, firstUnit: unitAt(refStart), lastUnit: unitAt(Math.max(refStart, refEnd - 1)), letterError, runnerUpError: 1 });
  }
  scored.sort((a, b) => a.letterError - b.letterError);
  // The basmala alone (al-Fatiha's first ayah, every surah's heading) does not identify a surah.
  if (scored.length > 0 && scored[0].firstUnit === scored[0].lastUnit && index.units[scored[0].firstUnit].surah === 1 && index.units[scored[0].firstUnit].ayah === 1) return null;
  if (scored.length === 0) return null;
  const best = { ...scored[0], runnerUpError: scored[1]?.letterError ?? 1 };
  if (best.letterError > MAX_IDENTIFY_ERROR || best.runnerUpError - best.letterError < MIN_IDENTIFY_MARGIN) return null;
  return best;
}

/** For each unit, the offset just past its letters in the passage the units make. */
function unitEndOffsets(index: QuranIndex, units: readonly number[]): number[] {
  let total = 0;
  return units.map((u) => (total += index.units[u].endLetter - index.units[u].startLetter));
}
