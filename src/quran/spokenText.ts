/**
 * The spoken letter form of Quran text: TypeScript interpreter of models/quran-text-rules.json,
 * step for step the same as training/text_rules.py (a test compares both on all 6236 ayahs).
 * The acoustic model's labels are this form, so the locator searches it and the aligner aligns it.
 *
 * Besides the normalized string it keeps, for every label position, the index of the written
 * (Uthmani) word it came from, so alignment can report times for words as written even where one
 * written word is spoken as several (muqatta'at: الٓمٓ → "الف لام ميم") or a word is silent.
 */
import { readFileSync } from "node:fs";
import { getAyahText } from "./quranText.ts";

/** One silent-letter rule: a letter in `letters` followed (within its marks) by one of `marks` is not spoken. */
export interface MarkedLetterDeletion {
  letters: string;
  marks: string;
}

export interface TextRules {
  name: string;
  wordSeparators: readonly string[];
  combining: ReadonlySet<string>;
  wordReplacements: ReadonlyMap<string, string>;
  markedLetterDeletions: readonly MarkedLetterDeletion[];
  charMap: ReadonlyMap<string, string>;
  deleteChars: ReadonlySet<string>;
  /** The label letters (word boundary " " excluded). */
  letters: readonly string[];
}

/** Label position → written word: the boundary between two different written words. */
export const WORD_BOUNDARY_INDEX = -1;

export interface SpokenText {
  /** Written words as split from the source text (step 1 of the rules). */
  writtenWords: readonly string[];
  /** Normalized spoken letters, words separated by single spaces. */
  spoken: string;
  /**
   * Per UTF-16 position of `spoken` (all label symbols are BMP): index into writtenWords, or
   * WORD_BOUNDARY_INDEX for a space between two written words. A space inside one written word's
   * spoken form (muqatta'at) maps to that word.
   */
  labelWordIndex: Int32Array;
}

function requireStringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new TypeError(`text rules: "${field}" must be an array of strings`);
  }
  return value;
}

function requireStringRecord(value: unknown, field: string): Map<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError(`text rules: "${field}" must be an object`);
  const entries = Object.entries(value);
  if (!entries.every(([, mapped]) => typeof mapped === "string")) throw new TypeError(`text rules: "${field}" values must be strings`);
  return new Map(entries as [string, string][]);
}

function requireDeletions(value: unknown): MarkedLetterDeletion[] {
  if (!Array.isArray(value)) throw new TypeError(`text rules: "markedLetterDeletions" must be an array`);
  return value.map((rule, index) => {
    if (typeof rule?.letters !== "string" || typeof rule?.marks !== "string") {
      throw new TypeError(`text rules: "markedLetterDeletions[${index}]" needs string "letters" and "marks"`);
    }
    return { letters: rule.letters, marks: rule.marks };
  });
}

/** Validates the parsed JSON of quran-text-rules.json; errors name the offending field. */
export function parseTextRules(json: unknown): TextRules {
  if (typeof json !== "object" || json === null) throw new TypeError("text rules: expected a JSON object");
  const raw = json as Record<string, unknown>;
  if (typeof raw.name !== "string") throw new TypeError(`text rules: "name" must be a string`);
  return {
    name: raw.name,
    wordSeparators: requireStringArray(raw.wordSeparators, "wordSeparators"),
    combining: new Set(requireStringArray(raw.combining, "combining")),
    wordReplacements: requireStringRecord(raw.wordReplacements, "wordReplacements"),
    markedLetterDeletions: requireDeletions(raw.markedLetterDeletions),
    charMap: requireStringRecord(raw.charMap, "charMap"),
    deleteChars: new Set(requireStringArray(raw.deleteChars, "deleteChars")),
    letters: requireStringArray(raw.letters, "letters"),
  };
}

export function loadTextRules(path: string | URL): TextRules {
  return parseTextRules(JSON.parse(readFileSync(path, "utf8")));
}

/** Step 1: split on the separators, dropping empty words. */
export function splitWrittenWords(rules: TextRules, text: string): string[] {
  let spaced = text;
  for (const separator of rules.wordSeparators) spaced = spaced.split(separator).join(" ");
  return spaced.split(" ").filter((word) => word.length > 0);
}

/** Step 3: drop letters whose run of following combining marks contains one of a rule's marks. */
function deleteMarkedLetters(rules: TextRules, chars: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < chars.length; index++) {
    let end = index + 1;
    while (end < chars.length && rules.combining.has(chars[end])) end++;
    const marks = chars.slice(index + 1, end);
    const silent = rules.markedLetterDeletions.some(
      (rule) => rule.letters.includes(chars[index]) && marks.some((mark) => rule.marks.includes(mark)),
    );
    if (!silent) kept.push(chars[index]);
  }
  return kept;
}

/** Steps 2–5 for one written word: its spoken letters (may contain spaces; may be empty). */
export function normalizeWrittenWord(rules: TextRules, word: string): string {
  const replaced = rules.wordReplacements.get(word) ?? word;
  const kept = deleteMarkedLetters(rules, Array.from(replaced));
  const mapped = Array.from(kept.map((char) => rules.charMap.get(char) ?? char).join(""));
  return mapped.filter((char) => !rules.deleteChars.has(char)).join("");
}

/** Steps 1–6 with the label → written word map. Throws on a char outside the label alphabet. */
export function toSpokenText(rules: TextRules, text: string): SpokenText {
  const writtenWords = splitWrittenWords(rules, text);
  const allowed = new Set([...rules.letters, " "]);
  const pieces: string[] = [];
  const wordIndices: number[] = [];
  let previousWordIndex: number | null = null;
  writtenWords.forEach((word, wordIndex) => {
    for (const token of normalizeWrittenWord(rules, word).split(" ")) {
      if (token.length === 0) continue;
      if (previousWordIndex !== null) {
        pieces.push(" ");
        wordIndices.push(previousWordIndex === wordIndex ? wordIndex : WORD_BOUNDARY_INDEX);
      }
      for (const char of token) {
        if (!allowed.has(char)) {
          throw new RangeError(`text rules: unmapped char U+${char.codePointAt(0)!.toString(16)} in word ${JSON.stringify(word)}`);
        }
        pieces.push(char);
        wordIndices.push(wordIndex);
      }
      previousWordIndex = wordIndex;
    }
  });
  return { writtenWords, spoken: pieces.join(""), labelWordIndex: Int32Array.from(wordIndices) };
}

/** Spoken form of an ayah (ayah 0 = the basmala heading a surah, as in quranText.ts). */
export function spokenAyahText(rules: TextRules, surah: number, ayah: number): SpokenText {
  return toSpokenText(rules, getAyahText(surah, ayah));
}
