/**
 * From a forced alignment back to stream units: each planned unit with the frames of its aligned
 * letters and its confidence. Pure.
 */
import type { CtcAlignment } from "../align/ctcAlign.ts";
import type { LabelPlan } from "./labelPlan.ts";
import type { QuranIndex } from "./quranIndex.ts";
import type { AlignedUnit } from "./spanBuilder.ts";

/** Aligned units in order; skipped optional units are left out, a cut head or tail is flagged. */
export function collectUnits(index: QuranIndex, plan: LabelPlan, alignment: CtcAlignment, frameFrom: number): AlignedUnit[] {
  const result: AlignedUnit[] = [];
  plan.units.forEach((unitLabels) => {
    const starts: number[] = [];
    const ends: number[] = [];
    let score = 0;
    for (let label = unitLabels.startLabel; label < unitLabels.endLabel; label++) {
      if (alignment.labelStartFrame[label] < 0) continue;
      starts.push(alignment.labelStartFrame[label] + frameFrom);
      ends.push(alignment.labelEndFrame[label] + frameFrom);
      score += alignment.labelScore[label];
    }
    if (starts.length === 0) return; // an optional unit the reciter did not say
    const labelCount = unitLabels.endLabel - unitLabels.startLabel;
    result.push({
      unitIndex: unitLabels.unitIndex,
      unit: index.units[unitLabels.unitIndex],
      firstFrame: Math.min(...starts),
      lastFrame: Math.max(...ends),
      confidence: Math.exp(score / Math.max(1, labelCount)),
      // A partly heard ayah: its first / last letter skipped while others were aligned.
      startsInside: alignment.labelStartFrame[unitLabels.startLabel] < 0,
      endsInside: alignment.labelStartFrame[unitLabels.endLabel - 1] < 0,
      labelFrames: { startFrames: alignment.labelStartFrame.subarray(unitLabels.startLabel, unitLabels.endLabel), offset: frameFrom },
      writtenWords: unitLabels.writtenWords,
      labelWordIndex: unitLabels.labelWordIndex,
    });
  });
  return result;
}
