/**
 * Turns a run of stream units into the label sequence the forced aligner needs: vocab indices,
 * the label range of each unit, which ranges are optional, where each stream letter sits in
 * the labels (for the locator's anchors), and the written word of each label. Pure.
 */
import { toSpokenText, type TextRules } from "../quran/spokenText.ts";
import { getAyahText, ISTIADHA_TEXT } from "../quran/quranText.ts";
import { isOptionalUnit, SADAQA_TEXT, type QuranIndex, type StreamUnit } from "./quranIndex.ts";

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

export function buildLabelPlan(index: QuranIndex, rules: TextRules, alphabet: readonly string[], unitIndexes: number[]): LabelPlan {
  const symbolOf = new Map(alphabet.map((symbol, i) => [symbol, i]));
  const space = symbolOf.get(" ")!;
  const labels: number[] = [];
  const units: UnitLabels[] = [];
  const optionalRanges: [number, number][] = [];
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
    if (isOptionalUnit(unit)) {
      // Take the joining space along so that skipping leaves exactly one space between neighbours.
      const isLast = k === unitIndexes.length - 1;
      optionalRanges.push(isLast && k > 0 ? [startLabel - 1, labels.length] : [startLabel, labels.length + (isLast ? 0 : 1)]);
    }
  });
  return { labels: Int32Array.from(labels), units, optionalRanges: removeOverlaps(optionalRanges), labelOfStreamLetter };
}

/** Optional ranges stay separate (isti'adha, then basmala: each may be skipped alone) and must not overlap. */
export function removeOverlaps(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < sorted.length; k++) {
    // Ranges may share their joining space; trim the overlap so they never overlap.
    if (sorted[k][0] < sorted[k - 1][1]) sorted[k][0] = sorted[k - 1][1];
  }
  return sorted.filter(([start, end]) => end > start);
}
