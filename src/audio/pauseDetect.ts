/**
 * Energy-based pause / speech detection with an adaptive threshold. Pure: PCM in, spans out.
 *
 * 1. Frame energy in dB (frameSeconds windows every hopSeconds).
 * 2. Local noise floor and speech level = low and high percentiles of frame energy over a sliding
 *    window (adaptWindowSeconds, via a running histogram, so linear time). The threshold sits a fixed
 *    fraction of the way from floor to level (and at least minMarginDb above the floor): it follows
 *    background noise and recording loudness that drift over a long recitation.
 * 3. Frames below threshold are silent; silent runs shorter than minPauseSeconds are re-labelled speech
 *    (gaps between syllables), then speech runs shorter than minSpeechSeconds become silence (clicks).
 * 4. Pauses = silent runs between two speech runs (leading/trailing silence is not a pause: it separates
 *    nothing); speech regions = the speech runs.
 */
import type { Pause, SpeechRegion } from "../pipeline/types.ts";
import { DEFAULT_FRAMES_PER_BLOCK, forEachFrameBlock, memoryPcmSource, type PcmSource } from "./pcmSource.ts";

export interface PauseDetectOptions {
  /** Energy window length. */
  frameSeconds: number;
  /** Step between windows: the time resolution of the result. */
  hopSeconds: number;
  /** Shorter silences are gaps inside speech, not pauses. */
  minPauseSeconds: number;
  /** Shorter sounds between silences are clicks/breaths, not speech. */
  minSpeechSeconds: number;
  /** Span over which floor and level are estimated (centred on each point). */
  adaptWindowSeconds: number;
  /** Threshold position between floor (0) and speech level (1), in dB. */
  thresholdRatio: number;
  /** The threshold is never closer than this to the noise floor. */
  minMarginDb: number;
  /** Percentiles (0..1) of frame energy taken as noise floor and as speech level. */
  floorPercentile: number;
  levelPercentile: number;
}

export const DEFAULT_PAUSE_OPTIONS: PauseDetectOptions = {
  frameSeconds: 0.02,
  hopSeconds: 0.01,
  minPauseSeconds: 0.25,
  minSpeechSeconds: 0.08,
  adaptWindowSeconds: 20,
  thresholdRatio: 0.35,
  minMarginDb: 6,
  floorPercentile: 0.1,
  levelPercentile: 0.9,
};

export interface PauseDetection {
  pauses: Pause[];
  speech: SpeechRegion[];
}

/** Per-frame analysis, exposed for diagnostics and tests. */
export interface FrameEnergy {
  energyDb: Float32Array;
  thresholdDb: Float32Array;
  /** Local floor and level at each frame, dB. */
  floorDb: Float32Array;
  levelDb: Float32Array;
}

const SILENCE_DB = -100; // energy of digital silence (avoids log(0))
const HISTOGRAM_MIN_DB = -100;
const HISTOGRAM_BIN_DB = 0.5;
const HISTOGRAM_BINS = 201; // -100 dB .. 0 dB

export function detectPauses(samples: Float32Array, sampleRateHz: number, overrides: Partial<PauseDetectOptions> = {}): PauseDetection {
  return detectPausesWithEnergy(samples, sampleRateHz, overrides).detection;
}

/** Pauses plus the frame energy they were found on, for callers that also need the energy (cut refinement). */
export function detectPausesWithEnergy(
  samples: Float32Array, sampleRateHz: number, overrides: Partial<PauseDetectOptions> = {},
): { detection: PauseDetection; frames: FrameEnergy } {
  return detectPausesInPcm(memoryPcmSource(samples), sampleRateHz, overrides);
}

/** The same, reading the signal block by block (the service's long recordings stay on disk). */
export function detectPausesInPcm(
  source: PcmSource, sampleRateHz: number, overrides: Partial<PauseDetectOptions> = {},
): { detection: PauseDetection; frames: FrameEnergy } {
  const options = { ...DEFAULT_PAUSE_OPTIONS, ...overrides };
  const durationSeconds = source.sampleCount / sampleRateHz;
  const frames = analyzeFrameEnergyInPcm(source, sampleRateHz, options);
  // A plain loop: Uint8Array.from(typedArray, mapFn) first lists every value as a JS number (heap).
  const silent = new Uint8Array(frames.energyDb.length);
  for (let i = 0; i < silent.length; i++) silent[i] = frames.energyDb[i] < frames.thresholdDb[i] ? 1 : 0;
  const hopFrames = (seconds: number) => Math.round(seconds / options.hopSeconds);
  relabelShortRuns(silent, 1, hopFrames(options.minPauseSeconds), 0);
  relabelShortRuns(silent, 0, hopFrames(options.minSpeechSeconds), 1);
  return { detection: buildSpans(silent, frames, options, durationSeconds), frames };
}

export function analyzeFrameEnergy(samples: Float32Array, sampleRateHz: number, options: PauseDetectOptions): FrameEnergy {
  return analyzeFrameEnergyInPcm(memoryPcmSource(samples), sampleRateHz, options);
}

function analyzeFrameEnergyInPcm(source: PcmSource, sampleRateHz: number, options: PauseDetectOptions): FrameEnergy {
  const energyDb = frameEnergyDb(source, sampleRateHz, options);
  const halfWindowFrames = Math.max(1, Math.round(options.adaptWindowSeconds / 2 / options.hopSeconds));
  const { floorDb, levelDb } = slidingPercentiles(energyDb, halfWindowFrames, options.floorPercentile, options.levelPercentile);
  const thresholdDb = floorDb.map((floor, i) => floor + Math.max(options.minMarginDb, options.thresholdRatio * (levelDb[i] - floor)));
  return { energyDb, thresholdDb, floorDb, levelDb };
}

/** Energy in dB of each frameSeconds window every hopSeconds (one window when the signal is shorter). */
function frameEnergyDb(source: PcmSource, sampleRateHz: number, options: PauseDetectOptions): Float32Array {
  const frameLength = Math.max(1, Math.round(options.frameSeconds * sampleRateHz));
  const hopLength = Math.max(1, Math.round(options.hopSeconds * sampleRateHz));
  const sampleCount = source.sampleCount;
  const frameCount = sampleCount < frameLength ? (sampleCount > 0 ? 1 : 0) : Math.floor((sampleCount - frameLength) / hopLength) + 1;
  const energyDb = new Float32Array(frameCount);
  forEachFrameBlock(source, { frameLength, hopLength }, frameCount, DEFAULT_FRAMES_PER_BLOCK, (samples, firstFrame, blockFrameCount) => {
    for (let frame = 0; frame < blockFrameCount; frame++) {
      const start = frame * hopLength;
      const end = Math.min(samples.length, start + frameLength);
      let sumSquares = 0;
      for (let i = start; i < end; i++) sumSquares += samples[i] * samples[i];
      const meanSquare = sumSquares / (end - start);
      energyDb[firstFrame + frame] = meanSquare > 0 ? Math.max(SILENCE_DB, 10 * Math.log10(meanSquare)) : SILENCE_DB;
    }
  });
  return energyDb;
}

/** Low and high percentile of values within ±halfWindow of each index (histogram of 0.5 dB bins). */
function slidingPercentiles(values: Float32Array, halfWindow: number, lowFraction: number, highFraction: number) {
  const floorDb = new Float32Array(values.length);
  const levelDb = new Float32Array(values.length);
  const histogram = new Int32Array(HISTOGRAM_BINS);
  const bin = (db: number) => Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.round((db - HISTOGRAM_MIN_DB) / HISTOGRAM_BIN_DB)));
  let count = 0;
  let addedUpTo = 0; // values[0..addedUpTo) are in the histogram, minus those removed below
  for (let i = 0; i < values.length; i++) {
    const windowEnd = Math.min(values.length, i + halfWindow + 1);
    for (; addedUpTo < windowEnd; addedUpTo++, count++) histogram[bin(values[addedUpTo])]++;
    const removeIndex = i - halfWindow - 1;
    if (removeIndex >= 0) {
      histogram[bin(values[removeIndex])]--;
      count--;
    }
    floorDb[i] = histogramPercentile(histogram, count, lowFraction);
    levelDb[i] = histogramPercentile(histogram, count, highFraction);
  }
  return { floorDb, levelDb };
}

function histogramPercentile(histogram: Int32Array, count: number, fraction: number): number {
  const target = Math.max(1, Math.ceil(fraction * count));
  let seen = 0;
  for (let b = 0; b < histogram.length; b++) {
    seen += histogram[b];
    if (seen >= target) return HISTOGRAM_MIN_DB + b * HISTOGRAM_BIN_DB;
  }
  return 0;
}

/** Runs of `label` shorter than minFrames, with other labels on both sides, become `replacement`. */
function relabelShortRuns(labels: Uint8Array, label: number, minFrames: number, replacement: number): void {
  for (let start = 0; start < labels.length; ) {
    let end = start;
    while (end < labels.length && labels[end] === labels[start]) end++;
    const interior = start > 0 && end < labels.length;
    if (labels[start] === label && interior && end - start < minFrames) labels.fill(replacement, start, end);
    start = end;
  }
}

function buildSpans(silent: Uint8Array, frames: FrameEnergy, options: PauseDetectOptions, durationSeconds: number): PauseDetection {
  const pauses: Pause[] = [];
  const speech: SpeechRegion[] = [];
  const round = (seconds: number) => Math.round(Math.min(durationSeconds, Math.max(0, seconds)) * 1000) / 1000;
  // A silent run of frames a..b spans from frame a's window start to frame b's window end (its windows
  // lie entirely in silence); a speech run spans what the silences around it leave.
  const lastFrame = silent.length - 1;
  const silenceStart = (frame: number) => (frame === 0 ? 0 : frame * options.hopSeconds);
  const silenceEnd = (frame: number) => (frame === lastFrame ? durationSeconds : frame * options.hopSeconds + options.frameSeconds);
  for (let start = 0; start < silent.length; ) {
    let end = start;
    while (end < silent.length && silent[end] === silent[start]) end++;
    if (silent[start] === 0) {
      const startTimeSeconds = start === 0 ? 0 : silenceEnd(start - 1);
      const endTimeSeconds = end > lastFrame ? durationSeconds : silenceStart(end);
      speech.push({ startTimeSeconds: round(startTimeSeconds), endTimeSeconds: round(endTimeSeconds) });
    } else if (start > 0 && end <= lastFrame) {
      const startTimeSeconds = silenceStart(start);
      const endTimeSeconds = silenceEnd(end - 1);
      const strength = pauseStrength(frames, start, end, endTimeSeconds - startTimeSeconds);
      pauses.push({ startTimeSeconds: round(startTimeSeconds), endTimeSeconds: round(endTimeSeconds), strength });
    }
    start = end;
  }
  return { pauses, speech };
}

/**
 * 0..1: mostly length (a breath between ayat is long; a catch of breath inside one is short), partly
 * depth (how far below the threshold the pause sits, relative to the floor–threshold distance).
 */
function pauseStrength(frames: FrameEnergy, startFrame: number, endFrame: number, durationSeconds: number): number {
  let depthSum = 0;
  for (let i = startFrame; i < endFrame; i++) {
    const span = Math.max(1e-6, frames.thresholdDb[i] - frames.floorDb[i]);
    depthSum += Math.min(1, Math.max(0, (frames.thresholdDb[i] - frames.energyDb[i]) / span));
  }
  const depth = depthSum / (endFrame - startFrame);
  const length = 1 - Math.exp(-durationSeconds / 0.6);
  return Math.round((0.7 * length + 0.3 * depth) * 1000) / 1000;
}
