/**
 * A located chain vouches only for the text between its first and last anchor. The rest of its
 * outer ayahs (before the first anchor, after the last) is force-aligned to whatever speech lies
 * there, as an unchained passage is, and must be heard as that text just the same: a loose chain
 * of 72 letters inside the long ayah 4:171, found in a noisy surah-80 recording the model hears
 * poorly, stretched 4:171 over all 125 s of it (the 145 letters outside the chain heard at letter
 * error 1.6). Correct chains measure at most 0.58 on every evaluation set where 40 letters or
 * more lie outside them (unseen noisy and reverberant voices included); shorter stretches say
 * too little (a 12-letter end of 1:7 reaches 1.0 in the hour-long set). Pure.
 */
import type { HypothesisLetter, LocatedSegment } from "./locate.ts";
import type { QuranIndex } from "./quranIndex.ts";
import type { AlignedUnit } from "./spanBuilder.ts";
import { heardLetters, letterErrorRate, MAX_UNCHAINED_LETTER_ERROR } from "./letterAgreement.ts";

/** Fewer letters than this outside the chain are not checked. */
export const MIN_EXTENSION_LETTERS = 40;

export interface ExtensionAgreement { letters: number; letterError: number }

/** Heard letters between two frames (inclusive) against stream letters [textFrom, textTo). */
function agreement(index: QuranIndex, hyp: HypothesisLetter[], [textFrom, textTo]: [number, number], [frameFrom, frameTo]: [number, number]): ExtensionAgreement {
  if (textTo <= textFrom) return { letters: 0, letterError: 0 };
  const ref = index.letters.subarray(textFrom, textTo);
  return { letters: ref.length, letterError: letterErrorRate(heardLetters(hyp, frameFrom, frameTo), ref) };
}

/** The first chained ayah's text before the chain's first anchor, against what was heard over it. */
export function headExtension(index: QuranIndex, unit: AlignedUnit, segment: LocatedSegment, hyp: HypothesisLetter[]): ExtensionAgreement {
  const anchor = segment.anchors[0];
  return agreement(index, hyp, [unit.unit.startLetter, anchor.streamLetter], [unit.firstFrame, hyp[anchor.hypIndex].frameIndex - 1]);
}

/** The last chained ayah's text after the chain's last anchor (a k-mer), against what was heard over it. */
export function tailExtension(index: QuranIndex, unit: AlignedUnit, segment: LocatedSegment, hyp: HypothesisLetter[]): ExtensionAgreement {
  const anchor = segment.anchors[segment.anchors.length - 1];
  const lastAnchorHyp = Math.min(hyp.length - 1, anchor.hypIndex + index.kmerLength - 1);
  return agreement(index, hyp, [anchor.streamLetter + index.kmerLength, unit.unit.endLetter], [hyp[lastAnchorHyp].frameIndex + 1, unit.lastFrame]);
}

const unheard = (extension: ExtensionAgreement) => extension.letters >= MIN_EXTENSION_LETTERS && extension.letterError > MAX_UNCHAINED_LETTER_ERROR;

/**
 * A chained segment's aligned units without an outer ayah whose text beyond the chain was not
 * heard, and without what lies beyond that ayah (its neighbours were only reached through it).
 */
export function dropUnheardExtensions(index: QuranIndex, result: AlignedUnit[], segment: LocatedSegment, hyp: HypothesisLetter[]): AlignedUnit[] {
  if (segment.unchained || segment.anchors.length === 0) return result;
  const first = result.find((u) => u.unitIndex === segment.firstUnit);
  const last = result.find((u) => u.unitIndex === segment.lastUnit);
  const headUnheard = first !== undefined && unheard(headExtension(index, first, segment, hyp));
  const tailUnheard = last !== undefined && unheard(tailExtension(index, last, segment, hyp));
  return result.filter((u) => !(headUnheard && u.unitIndex <= segment.firstUnit) && !(tailUnheard && u.unitIndex >= segment.lastUnit));
}
