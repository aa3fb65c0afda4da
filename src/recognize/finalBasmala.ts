/**
 * A basmala aligned as a recording's very last unit heads no ayah there, so nothing confirms it.
 * Elsewhere every basmala is spared the neighbour letter check (a fast one is heard poorly, and
 * the ayah 1 after it vouches for it); at the end it is kept only if heard as its text. In the
 * mujawwad evaluation set the long, stretched tail of 3:200 was otherwise reported as 4:0, a
 * basmala of surah 4 the audio does not hold (confidence 0.075). Pure.
 */
import type { HypothesisLetter } from "./locate.ts";
import { MAX_UNCHAINED_LETTER_ERROR, unitLetterError } from "./letterAgreement.ts";
import type { QuranIndex } from "./quranIndex.ts";
import type { AlignedUnit } from "./spanBuilder.ts";

export function dropUnheardFinalBasmala(index: QuranIndex, units: AlignedUnit[], hyp: HypothesisLetter[]): AlignedUnit[] {
  const last = units[units.length - 1];
  if (!last || last.unit.kind !== "basmala" || units.length < 2) return units;
  return unitLetterError(index, last, hyp) > MAX_UNCHAINED_LETTER_ERROR ? units.slice(0, -1) : units;
}
