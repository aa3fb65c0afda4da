/**
 * The options of `split`, checked into a SplitPlan. Errors name the option as the user typed it
 * (commander prints them as "error: ..." and exits with status 1 before any work starts).
 */
import { InvalidArgumentError } from "commander";
import { parseExportList } from "../export/exportFormats.ts";
import type { FileNaming } from "../export/everyayahNaming.ts";
import type { AlignHints } from "../pipeline/types.ts";
import { ayahCount, SURAH_COUNT } from "../quran/quranText.ts";

export type OutputFormat = "zip" | "dir";

/** What commander hands the action (after each option's own parser ran). */
export interface SplitCliOptions {
  output: string;
  surah?: number;
  fromAyah?: number;
  toAyah?: number;
  format: OutputFormat;
  naming: FileNaming;
  export?: string[];
  overwrite?: boolean;
}

export interface SplitPlan {
  files: string[];
  outputDir: string;
  hints: AlignHints;
  format: OutputFormat;
  naming: FileNaming;
  exports: string[];
  overwrite: boolean;
}

export function positiveInteger(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < 1) throw new InvalidArgumentError("expected a whole number of 1 or more.");
  return value;
}

export function surahNumber(raw: string): number {
  const value = positiveInteger(raw);
  if (value > SURAH_COUNT) throw new InvalidArgumentError(`a surah is numbered 1 to ${SURAH_COUNT}.`);
  return value;
}

export function exportList(raw: string): string[] {
  try {
    return parseExportList(raw);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** The cross-option checks commander cannot do per option; returns an error text or the hints. */
export function hintsOf(options: SplitCliOptions): AlignHints | string {
  const { surah, fromAyah, toAyah } = options;
  if (surah === undefined) {
    return fromAyah !== undefined || toAyah !== undefined ? "--from-ayah and --to-ayah need --surah as well" : {};
  }
  const count = ayahCount(surah);
  if (fromAyah !== undefined && fromAyah > count) return `--from-ayah ${fromAyah}: surah ${surah} has ${count} ayahs`;
  if (toAyah !== undefined && toAyah > count) return `--to-ayah ${toAyah}: surah ${surah} has ${count} ayahs`;
  if (fromAyah !== undefined && toAyah !== undefined && fromAyah > toAyah) return `--from-ayah (${fromAyah}) must not be greater than --to-ayah (${toAyah})`;
  const hints: AlignHints = { surah };
  if (fromAyah !== undefined) hints.fromAyah = fromAyah;
  if (toAyah !== undefined) hints.toAyah = toAyah;
  return hints;
}
