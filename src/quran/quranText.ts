/**
 * The Quran text (Hafs, Uthmani script with full diacritics) from the `quran-json` package
 * (CC-BY-4.0). Read-only lookups; the JSON is loaded once on first use.
 *
 * Ayah numbering follows the product's convention: ayah 0 is the basmala that opens every
 * surah except 9 (At-Tawbah); for surah 1 the basmala is ayah 1 itself.
 */
import quranJson from "quran-json/dist/quran.json" with { type: "json" };

export interface SurahInfo {
  /** 1..114 */
  number: number;
  /** Arabic name, e.g. "الفاتحة" */
  name: string;
  transliteration: string;
  /** Uthmani text of ayahs 1..n, index i = ayah i+1 */
  ayahTexts: readonly string[];
}

interface RawSurah {
  id: number;
  name: string;
  transliteration: string;
  verses: { id: number; text: string }[];
}

export const SURAH_COUNT = 114;
export const TOTAL_AYAH_COUNT = 6236;

const surahs: readonly SurahInfo[] = (quranJson as RawSurah[]).map((raw) => ({
  number: raw.id,
  name: raw.name,
  transliteration: raw.transliteration,
  ayahTexts: raw.verses.map((verse) => verse.text),
}));

/** The basmala as written at the head of Al-Fatiha (1:1). */
export const BASMALA_TEXT: string = surahs[0].ayahTexts[0];

/** The isti'adha (not part of the mushaf text), in the same script style. */
export const ISTIADHA_TEXT = "أَعُوذُ بِٱللَّهِ مِنَ ٱلشَّيۡطَٰنِ ٱلرَّجِيمِ";

export function isValidSurahNumber(surah: number): boolean {
  return Number.isInteger(surah) && surah >= 1 && surah <= SURAH_COUNT;
}

export function getSurah(surah: number): SurahInfo {
  if (!isValidSurahNumber(surah)) throw new RangeError(`surah must be 1..114, got ${surah}`);
  return surahs[surah - 1];
}

export function ayahCount(surah: number): number {
  return getSurah(surah).ayahTexts.length;
}

/** Whether the recitation of this surah opens with a basmala that is not counted as an ayah. */
export function hasUncountedBasmala(surah: number): boolean {
  return surah !== 1 && surah !== 9;
}

/** Uthmani text of an ayah; ayah 0 is the basmala (for surahs that have one). */
export function getAyahText(surah: number, ayah: number): string {
  const info = getSurah(surah);
  if (ayah === 0) {
    if (!hasUncountedBasmala(surah)) throw new RangeError(`surah ${surah} has no ayah 0 (basmala)`);
    return BASMALA_TEXT;
  }
  if (!Number.isInteger(ayah) || ayah < 1 || ayah > info.ayahTexts.length) {
    throw new RangeError(`surah ${surah} has ayahs 1..${info.ayahTexts.length}, got ${ayah}`);
  }
  return info.ayahTexts[ayah - 1];
}

export function allSurahs(): readonly SurahInfo[] {
  return surahs;
}
