/**
 * Synthetic letter posteriors of a recitation, for recognizer tests without audio: each label of
 * each unit takes `framesPerLabel` frames then one blank, with pauses of `pauseFrames` blank frames
 * between units. A unit may be "heard poorly" (the model gives its letters only 30 %, and half its
 * frames to blank), as a fast basmala is. Also the matching energy track (loud where a unit is
 * recited), so the recognizer's speech checks see the audio the posteriors describe.
 */
import type { EnergyTrack } from "../../src/audio/energyDips.ts";
import type { LetterPosteriors } from "../../src/model/ctcPosteriors.ts";
import type { Pause } from "../../src/pipeline/types.ts";
import type { TextRules } from "../../src/quran/spokenText.ts";
import { buildLabelPlan } from "../../src/recognize/labelPlan.ts";
import type { QuranIndex } from "../../src/recognize/quranIndex.ts";

export const SYNTH_STEP_SECONDS = 0.04;

export interface Recited {
  surah: number; ayah: number; kind?: string; heardPoorly?: boolean; framesPerLabel?: number;
  /** This unit's share of letters heard as another letter (default: the options' `confusion`). */
  confusion?: number;
}

export interface SynthOptions { confusion?: number; leadFrames?: number; tailFrames?: number; pauseFrames?: number; seed?: number }

export interface SynthesizedRecitation {
  posteriors: LetterPosteriors;
  pauses: Pause[];
  /** True cut times (middle of each pause). */
  cuts: number[];
  durationSeconds: number;
  energy: EnergyTrack;
}

export function synthesizeRecitation(index: QuranIndex, rules: TextRules, recited: Recited[], options: SynthOptions = {}): SynthesizedRecitation {
  const { confusion = 0, leadFrames = 10, tailFrames = 10, pauseFrames = 20 } = options;
  const alphabet = ["<blank>", " ", ...rules.letters];
  const frames: { symbol: number; poor: boolean }[] = Array.from({ length: leadFrames }, () => ({ symbol: 0, poor: false }));
  const loud: boolean[] = new Array(leadFrames).fill(false);
  const pauses: Pause[] = [];
  const cuts: number[] = [];
  let state = options.seed ?? 3;
  const rand = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  recited.forEach((r, k) => {
    const unitIndex = index.units.findIndex((u) => u.surah === r.surah && u.ayah === r.ayah && (!r.kind || u.kind === r.kind));
    if (k > 0) {
      if (pauseFrames > 0) pauses.push({ startTimeSeconds: frames.length * SYNTH_STEP_SECONDS, endTimeSeconds: (frames.length + pauseFrames) * SYNTH_STEP_SECONDS, strength: 0.9 });
      cuts.push((frames.length + pauseFrames / 2) * SYNTH_STEP_SECONDS);
      for (let i = 0; i < pauseFrames; i++) { frames.push({ symbol: 0, poor: false }); loud.push(false); }
    }
    const plan = buildLabelPlan(index, rules, alphabet, [unitIndex], { optionalUnits: new Set(), leadingCount: 0, trailingCount: 0, headMayBeCut: false, tailMayBeCut: false });
    for (const label of plan.labels) {
      const symbol = rand() < (r.confusion ?? confusion) ? 2 + Math.floor(rand() * (alphabet.length - 2)) : label;
      for (let i = 0; i < (r.framesPerLabel ?? 2); i++) { frames.push({ symbol, poor: Boolean(r.heardPoorly) }); loud.push(true); }
      frames.push({ symbol: 0, poor: false });
      loud.push(true);
    }
  });
  for (let i = 0; i < tailFrames; i++) { frames.push({ symbol: 0, poor: false }); loud.push(false); }
  const vocabSize = alphabet.length;
  const logProbs = new Float32Array(frames.length * vocabSize);
  frames.forEach(({ symbol, poor }, t) => {
    const row = logProbs.subarray(t * vocabSize, (t + 1) * vocabSize);
    if (poor && symbol !== 0) {
      row.fill(Math.log(0.2 / (vocabSize - 2)));
      row[0] = Math.log(0.5);
      row[symbol] = Math.log(0.3);
    } else {
      row.fill(Math.log(0.1 / (vocabSize - 1)));
      row[symbol] = Math.log(0.9);
    }
  });
  const posteriors: LetterPosteriors = { logProbs, frameCount: frames.length, vocabSize, frameStepSeconds: SYNTH_STEP_SECONDS, alphabet };
  // 10 ms energy frames: -20 dB where a unit is recited, -60 dB in pauses.
  const hopsPerFrame = Math.round(SYNTH_STEP_SECONDS / 0.01);
  const energyDb = new Float32Array(frames.length * hopsPerFrame).map((_, i) => (loud[Math.floor(i / hopsPerFrame)] ? -20 : -60));
  const energy: EnergyTrack = { energyDb, hopSeconds: 0.01, offsetSeconds: 0.01, silenceThresholdDb: -45 };
  return { posteriors, pauses, cuts, durationSeconds: frames.length * SYNTH_STEP_SECONDS, energy };
}
