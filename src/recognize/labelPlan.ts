/**
 * Turns a run of stream units into the label sequence the forced aligner needs: vocab indices,
 * the label range of each unit, which ranges are optional, where each stream letter sits in
 * the labels (for the locator's anchors), and the written word of each label. Pure.
 */
import { toSpokenText, type TextRules } from "../quran/spokenText.ts";
import { getAyahText, ISTIADHA_TEXT } from "../quran/quranText.ts";
import { SADAQA_TEXT, type QuranIndex, type StreamUnit } from "./quranIndex.ts";

export interface UnitLabels {
  unitIndex: number;
  /** Labels [startLabel, endLabel) hold this unit's letters and inner word spaces. */
  startLabel: number;
  endLabel: number;
  writtenWords: readonly string[];
  /** Per label of the unit: written word index, or -1 for a space between words. */
  labelWordIndex: Int32Array;
}

export interface LabelPlan {
  labels: Int32Array;
  units: UnitLabels[];
  /** Optional label ranges (a unit plus the space that follows or precedes it). */
  optionalRanges: [number, number][];
  /** Label position of each stream letter of the planned units (key: stream letter index). */
  labelOfStreamLetter: Map<number, number>;
}

export function unitWrittenText(unit: StreamUnit): string {
  if (unit.kind === "istiadha") return ISTIADHA_TEXT;
  if (unit.kind === "sadaqa") return SADAQA_TEXT;
  return getAyahText(unit.surah, unit.ayah);
}

export interface PlanOptions {
  /** Units (stream indexes) the reciter may leave out on their own: the extras. */
  optionalUnits: ReadonlySet<number>;
  /**
   * The first `leadingCount` / last `trailingCount` units are neighbours the locator did not
   * confirm: the recitation may start after any of them / stop before any of them (a prefix or a
   * suffix is skipped, never a hole in the middle).
   */
  leadingCount: number;
  trailingCount: number;
  /** Units that must be aligned even inside a skippable prefix/suffix (decided from the audio). */
  keepUnits?: ReadonlySet<number>;
  /** The first / last ayah of the plan may be heard only in part (recording starts / ends inside it). */
  headMayBeCut: boolean;
  tailMayBeCut: boolean;
}

/** Letters of a partly heard ayah that must still be said for it to count. */
const PARTIAL_MIN_LABELS = 3;
/** Skip edges into one lattice state are numbered in a byte (see ctcAlign.ts). */
const MAX_RANGES = 240;

export function buildLabelPlan(index: QuranIndex, rules: TextRules, alphabet: readonly string[], unitIndexes: number[], options: PlanOptions): LabelPlan {
  const symbolOf = new Map(alphabet.map((symbol, i) => [symbol, i]));
  const space = symbolOf.get(" ")!;
  const labels: number[] = [];
  const units: UnitLabels[] = [];
  const labelOfStreamLetter = new Map<number, number>();
  unitIndexes.forEach((unitIndex, k) => {
    const unit = index.units[unitIndex];
    if (k > 0) labels.push(space);
    const spoken = toSpokenText(rules, unitWrittenText(unit));
    const startLabel = labels.length;
    let streamLetter = unit.startLetter;
    for (const char of spoken.spoken) {
      if (char !== " ") labelOfStreamLetter.set(streamLetter++, labels.length);
      labels.push(symbolOf.get(char)!);
    }
    units.push({ unitIndex, startLabel, endLabel: labels.length, writtenWords: spoken.writtenWords, labelWordIndex: spoken.labelWordIndex });
  });
  return { labels: Int32Array.from(labels), units, optionalRanges: optionalRangesFor(index, units, labels.length, options), labelOfStreamLetter };
}

/**
 * Skippable label ranges. A whole optional unit takes its following joining space along, so that
 * skipping leaves one space between neighbours and skips of neighbours chain. Ranges may nest or
 * share ends: each is just a jump in the alignment lattice.
 */
function optionalRangesFor(index: QuranIndex, units: UnitLabels[], labelCount: number, options: PlanOptions): [number, number][] {
  const ranges: [number, number][] = [];
  const keep = options.keepUnits ?? new Set<number>();
  const last = units.length - 1;
  const endOf = (k: number) => (k === last ? labelCount : units[k].endLabel + 1);
  units.forEach((unit, k) => {
    if (!options.optionalUnits.has(unit.unitIndex) || keep.has(unit.unitIndex)) return;
    // [start, next unit's start): chained skips of neighbouring optional units compose.
    ranges.push([unit.startLabel, endOf(k)]);
    // A skipped last unit must also drop the space before it, or the path would have to say it.
    if (k === last && k > 0) ranges.push([unit.startLabel - 1, labelCount]);
  });
  // Prefixes: the recitation may start after leading unit j (never after a kept one).
  for (let j = 0; j < Math.min(options.leadingCount, last); j++) {
    if (keep.has(units[j].unitIndex)) break;
    ranges.push([0, endOf(j)]);
  }
  // Suffixes: it may stop before trailing unit j.
  for (let j = last; j > Math.max(0, last - options.trailingCount); j--) {
    if (keep.has(units[j].unitIndex)) break;
    ranges.push([units[j].startLabel - 1, labelCount]);
  }
  const ayahs = units.filter((unit) => index.units[unit.unitIndex].kind === "ayah");
  const firstAyah = ayahs[0];
  const lastAyah = ayahs[ayahs.length - 1];
  // A recording that starts inside its first ayah: any head of it may be unsaid...
  if (options.headMayBeCut && firstAyah && firstAyah.endLabel - firstAyah.startLabel > 2 * PARTIAL_MIN_LABELS) {
    for (let p = firstAyah.startLabel + 1; p <= firstAyah.endLabel - PARTIAL_MIN_LABELS && ranges.length < MAX_RANGES; p++) ranges.push([firstAyah.startLabel, p]);
  }
  // ...and one that ends inside its last ayah: a tail of at least a quarter of it.
  if (options.tailMayBeCut && lastAyah && lastAyah.endLabel - lastAyah.startLabel > 2 * PARTIAL_MIN_LABELS) {
    const tailEnd = lastAyah === units[last] ? labelCount : lastAyah.endLabel;
    const latestStart = lastAyah.startLabel + Math.floor(0.75 * (lastAyah.endLabel - lastAyah.startLabel));
    for (let p = lastAyah.startLabel + PARTIAL_MIN_LABELS; p <= latestStart && ranges.length < MAX_RANGES; p++) ranges.push([p, tailEnd]);
  }
  return ranges;
}
