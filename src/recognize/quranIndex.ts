/**
 * The whole Quran as one stream of spoken letters, in mushaf order, with the optional extras
 * a reciter adds (isti'adha before a surah, basmala before surahs other than 1 and 9,
 * "sadaqa Allahu al-'azim" after a surah), and a k-mer index over it for approximate search.
 *
 * Word boundaries are left out of the stream: the model's spaces are the least reliable
 * symbol, and the locator only needs letters. Built once per worker (~0.3 s).
 */
import { ayahCount, SURAH_COUNT, hasUncountedBasmala, getAyahText, ISTIADHA_TEXT } from "../quran/quranText.ts";
import { toSpokenText, type TextRules } from "../quran/spokenText.ts";

export type UnitKind = "ayah" | "basmala" | "istiadha" | "sadaqa";

export const SADAQA_TEXT = "صَدَقَ ٱللَّهُ ٱلۡعَظِيمُ";

export interface StreamUnit {
  kind: UnitKind;
  surah: number;
  /** Ayah number; 0 for the basmala heading a surah, -1 isti'adha, -2 sadaqa. */
  ayah: number;
  /** Letter positions [startLetter, endLetter) in the stream. */
  startLetter: number;
  endLetter: number;
  /** Spoken form with word boundaries (for alignment labels). */
  spoken: string;
}

export interface QuranIndex {
  units: StreamUnit[];
  /** Letter ids (1..letterCount) of the whole stream. */
  letters: Uint8Array;
  /** Unit index for each letter position. */
  unitOfLetter: Int32Array;
  kmerLength: number;
  /** Sorted k-mer codes and, in the same order, their stream positions. */
  kmerCodes: Float64Array;
  kmerPositions: Int32Array;
  letterIds: ReadonlyMap<string, number>;
}

export function isOptionalUnit(unit: StreamUnit): boolean {
  return unit.kind !== "ayah";
}

function unitTexts(surah: number): { kind: UnitKind; ayah: number; text: string }[] {
  const list: { kind: UnitKind; ayah: number; text: string }[] = [{ kind: "istiadha", ayah: -1, text: ISTIADHA_TEXT }];
  if (hasUncountedBasmala(surah)) list.push({ kind: "basmala", ayah: 0, text: getAyahText(surah, 0) });
  for (let ayah = 1; ayah <= ayahCount(surah); ayah++) list.push({ kind: "ayah", ayah, text: getAyahText(surah, ayah) });
  list.push({ kind: "sadaqa", ayah: -2, text: SADAQA_TEXT });
  return list;
}

export function kmerCode(letters: ArrayLike<number>, start: number, length: number): number {
  let code = 0;
  for (let i = 0; i < length; i++) code = code * 64 + letters[start + i];
  return code;
}

export function buildQuranIndex(rules: TextRules, kmerLength = 5): QuranIndex {
  const letterIds = new Map(rules.letters.map((letter, index) => [letter, index + 1]));
  const units: StreamUnit[] = [];
  const letterList: number[] = [];
  const unitList: number[] = [];
  for (let surah = 1; surah <= SURAH_COUNT; surah++) {
    for (const { kind, ayah, text } of unitTexts(surah)) {
      const spoken = toSpokenText(rules, text).spoken;
      const startLetter = letterList.length;
      for (const char of spoken) {
        if (char === " ") continue;
        letterList.push(letterIds.get(char)!);
        unitList.push(units.length);
      }
      units.push({ kind, surah, ayah, startLetter, endLetter: letterList.length, spoken });
    }
  }
  const letters = Uint8Array.from(letterList);
  const count = Math.max(0, letters.length - kmerLength + 1);
  const order = new Int32Array(count).map((_, i) => i);
  const codes = new Float64Array(count).map((_, i) => kmerCode(letters, i, kmerLength));
  order.sort((a, b) => codes[a] - codes[b] || a - b);
  return {
    units,
    letters,
    unitOfLetter: Int32Array.from(unitList),
    kmerLength,
    kmerCodes: Float64Array.from(order, (i) => codes[i]),
    kmerPositions: order,
    letterIds,
  };
}

/** Index of the first entry of `code` in the sorted k-mer table (where it would be, if absent). */
export function firstKmerEntry(index: QuranIndex, code: number): number {
  let low = 0;
  let high = index.kmerCodes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (index.kmerCodes[mid] < code) low = mid + 1; else high = mid;
  }
  return low;
}
