/**
 * From aligned units (frames) to ayah spans (seconds): boundaries moved into pauses, words
 * timed, extras (isti'adha, closing phrase) reported in notes rather than as ayahs. Pure.
 */
import type { AlignmentResult, AyahSpan, Pause, WordTiming } from "../pipeline/types.ts";
import type { StreamUnit } from "./quranIndex.ts";
import { cutBetween, endAfter, startBefore } from "./boundaryRefine.ts";
import type { EnergyTrack } from "../audio/energyDips.ts";

export interface AlignedUnit {
  /** Index of the unit in the Quran stream. */
  unitIndex: number;
  unit: StreamUnit;
  firstFrame: number;
  lastFrame: number;
  /** 0..1 from the alignment scores of its letters. */
  confidence: number;
  startsInside: boolean;
  endsInside: boolean;
  /** Start frame (segment-relative, -1 when skipped) of each of the unit's labels, plus the segment offset. */
  labelFrames: { startFrames: Int32Array; offset: number };
  writtenWords: readonly string[];
  labelWordIndex: Int32Array;
}

interface TimingInput { pauses: Pause[]; durationSeconds: number; posteriors: { frameStepSeconds: number }; energy?: EnergyTrack }

function wordTimings(unit: AlignedUnit, frameSeconds: (frame: number) => number, startSeconds: number, endSeconds: number): WordTiming[] {
  const firstFrameOfWord = new Map<number, number>();
  unit.labelWordIndex.forEach((wordIndex, label) => {
    const frame = unit.labelFrames.startFrames[label];
    if (wordIndex < 0 || frame < 0 || firstFrameOfWord.has(wordIndex)) return;
    firstFrameOfWord.set(wordIndex, frame + unit.labelFrames.offset);
  });
  const spoken = [...firstFrameOfWord.entries()].sort((a, b) => a[0] - b[0]);
  return spoken.map(([wordIndex, frame], k) => ({
    word: unit.writtenWords[wordIndex],
    startTimeSeconds: k === 0 ? startSeconds : Math.max(startSeconds, frameSeconds(frame) - 0.04),
    endTimeSeconds: k === spoken.length - 1 ? endSeconds : Math.max(startSeconds, frameSeconds(spoken[k + 1][1]) - 0.04),
  }));
}

/**
 * A last ayah aligned at under this confidence, ending where the recording does, was not heard as
 * its text: a recording cut inside it, whose missing letters the aligner had to force into the
 * little sound left. Measured on the evaluation sets: cut-off last ayahs 0.000-0.001, whole last
 * ayahs 0.058 and up (scripts/recognizeCached.ts); a slow cut-off ayah does not look compressed.
 */
const UNHEARD_CONFIDENCE = 0.02;

/** How close to the recording's end an unheard last ayah's last letter must be to count as cut off. */
const UNHEARD_END_SECONDS = 2.0;

/** A unit said this much faster than the recording's own pace was not said whole. */
const COMPRESSED_PACE_RATIO = 0.55;

/** Whether the last unit took far less time per label than the others did (a recording cut inside it). */
function looksCompressed(units: AlignedUnit[], cuts: number[]): boolean {
  const last = units.length - 1;
  if (last < 2) return false;
  let seconds = 0;
  let labels = 0;
  for (let k = 0; k < last; k++) {
    seconds += cuts[k + 1] - cuts[k];
    labels += units[k].labelFrames.startFrames.length;
  }
  const expectedSeconds = (seconds / Math.max(1, labels)) * units[last].labelFrames.startFrames.length;
  return cuts[last + 1] - cuts[last] < COMPRESSED_PACE_RATIO * expectedSeconds;
}

export function spansFromAlignment(units: AlignedUnit[], input: TimingInput, transcription: string, segmentCount: number): AlignmentResult {
  const step = input.posteriors.frameStepSeconds;
  const frameSeconds = (frame: number) => frame * step + step / 2;
  const cuts: number[] = [startBefore(frameSeconds(units[0].firstFrame), input.pauses)];
  for (let k = 1; k < units.length; k++) {
    cuts.push(cutBetween({ afterSeconds: frameSeconds(units[k - 1].lastFrame) + step, beforeSeconds: frameSeconds(units[k].firstFrame) }, input.pauses, input.energy));
  }
  const lastLetter = frameSeconds(units[units.length - 1].lastFrame) + step;
  cuts.push(endAfter(lastLetter, input.pauses, input.durationSeconds));
  const spans: AyahSpan[] = [];
  const extras: string[] = [];
  const seen = new Set<string>();
  let repeats = 0;
  units.forEach((aligned, k) => {
    const [start, end] = [cuts[k], cuts[k + 1]];
    const { unit } = aligned;
    if (unit.kind === "istiadha" || unit.kind === "sadaqa") {
      extras.push(`${unit.kind} ${start.toFixed(2)}-${end.toFixed(2)}`);
      return;
    }
    const key = `${unit.surah}:${unit.ayah}`;
    if (seen.has(key)) repeats++;
    seen.add(key);
    const secondsAfterLastLetter = input.durationSeconds - lastLetter;
    const isLast = k === units.length - 1;
    const endsAtRecordingEnd = isLast && secondsAfterLastLetter < 1.0 && looksCompressed(units, cuts);
    const unheardAtEnd = isLast && secondsAfterLastLetter < UNHEARD_END_SECONDS && aligned.confidence < UNHEARD_CONFIDENCE;
    spans.push({
      surah: unit.surah,
      ayah: unit.ayah,
      isBasmala: unit.kind === "basmala" || (unit.surah === 1 && unit.ayah === 1),
      startTimeSeconds: start,
      endTimeSeconds: end,
      confidence: Math.max(0, Math.min(1, aligned.confidence)),
      cutoffUncertain: aligned.startsInside || aligned.endsInside || endsAtRecordingEnd || unheardAtEnd,
      words: wordTimings(aligned, frameSeconds, start, end),
    });
  });
  return {
    engine: "ctc-locate-align",
    spans,
    transcription,
    notes: {
      located_segments: segmentCount,
      repeated_ayahs: repeats,
      non_quran_audio: extras.join("; ") || null,
      leading_unaligned_seconds: Math.round(cuts[0] * 1000) / 1000,
      trailing_unaligned_seconds: Math.round((input.durationSeconds - cuts[cuts.length - 1]) * 1000) / 1000,
    },
  };
}
