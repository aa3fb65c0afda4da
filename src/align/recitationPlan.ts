/**
 * The ordered list of units (basmala, ayahs) a recording is expected to contain, built from
 * the user's hints. Pure; shared by the baseline aligner and, later, forced alignment.
 */
import { ayahCount, getAyahText, hasUncountedBasmala, isValidSurahNumber } from "../quran/quranText.ts";
import { countLetters } from "../quran/letterCount.ts";
import type { AlignHints } from "../pipeline/types.ts";

export interface RecitationUnit {
  surah: number;
  /** 0 = basmala of a surah other than 1 and 9. */
  ayah: number;
  isBasmala: boolean;
  text: string;
  letterCount: number;
}

export class PlanError extends Error {}

function unit(surah: number, ayah: number): RecitationUnit {
  const text = getAyahText(surah, ayah);
  const isBasmala = ayah === 0 || (surah === 1 && ayah === 1);
  return { surah, ayah, isBasmala, text, letterCount: countLetters(text) };
}

/**
 * Units for one surah from `fromAyah` to `toAyah` (inclusive). The basmala (ayah 0) is
 * expected only when the recording starts at the surah's first ayah: a recitation that
 * begins mid-surah normally has no basmala.
 */
export function planSurahRange(hints: AlignHints): RecitationUnit[] {
  const surah = hints.surah;
  if (surah === undefined || !isValidSurahNumber(surah)) {
    throw new PlanError("surah (1-114) is required to align without a recognition model");
  }
  const lastAyah = ayahCount(surah);
  const fromAyah = hints.fromAyah ?? 1;
  const toAyah = hints.toAyah ?? lastAyah;
  if (fromAyah < 1 || toAyah > lastAyah || fromAyah > toAyah) {
    throw new PlanError(`ayah range ${fromAyah}-${toAyah} is outside surah ${surah} (1-${lastAyah})`);
  }
  const units: RecitationUnit[] = [];
  if (fromAyah === 1 && hasUncountedBasmala(surah)) units.push(unit(surah, 0));
  for (let ayah = fromAyah; ayah <= toAyah; ayah++) units.push(unit(surah, ayah));
  return units;
}
