/**
 * Short, sharp drops of energy: where a reciter joins two ayahs with almost no pause (or a
 * recording was assembled from tightly cut ayah files) the only trace of the junction is a dip
 * of 30-100 ms, far too short for the pause detector. Pure functions over the frame energy
 * track (dB per hop) of pauseDetect.analyzeFrameEnergy.
 */
import type { Pause } from "../pipeline/types.ts";
import { DEFAULT_PAUSE_OPTIONS } from "./pauseDetect.ts";

export interface EnergyTrack {
  /** Frame energy in dB; frame i is centred near i * hopSeconds. */
  energyDb: Float32Array;
  hopSeconds: number;
  /** Time of frame 0's centre (half the analysis window). */
  offsetSeconds: number;
  /** Frames at or below this are silence: 10 dB over the recording's 5th percentile, at least -45 dB. */
  silenceThresholdDb: number;
}

/**
 * Energy track of a recording from the frame energy the pause detector computed (default
 * options: 20 ms windows every 10 ms), with its silence threshold.
 */
export function energyTrackFrom(energyDb: Float32Array): EnergyTrack {
  const sorted = Float32Array.from(energyDb).sort();
  const fifthPercentile = sorted.length ? sorted[Math.floor(0.05 * (sorted.length - 1))] : -100;
  return {
    energyDb,
    hopSeconds: DEFAULT_PAUSE_OPTIONS.hopSeconds,
    offsetSeconds: DEFAULT_PAUSE_OPTIONS.frameSeconds / 2,
    silenceThresholdDb: Math.max(-45, fifthPercentile + 10),
  };
}

/** The frame nearest `seconds` (may lie outside the track: callers clamp). */
function frameAt(track: EnergyTrack, seconds: number): number {
  return Math.round((seconds - track.offsetSeconds) / track.hopSeconds);
}

/** The time right after frame `frame`, where the next frame's sound or silence begins. */
function timeAfterFrame(track: EnergyTrack, frame: number): number {
  return track.offsetSeconds + (frame + 1) * track.hopSeconds;
}

/**
 * Where the silence before `onsetSeconds` ends: scanning back from just after the onset, the
 * first silent frame found (not before `earliestSeconds`); null when there is no silence there.
 * The next ayah's recitation starts right after it (a breath may come first, but cutting before
 * it keeps the breath with the ayah it prepares).
 */
export function silenceEndBefore(track: EnergyTrack, onsetSeconds: number, earliestSeconds: number): number | null {
  const { energyDb, silenceThresholdDb } = track;
  const lowest = Math.max(0, frameAt(track, earliestSeconds));
  for (let frame = Math.min(energyDb.length - 1, frameAt(track, onsetSeconds + 0.05)); frame >= lowest; frame--) {
    if (energyDb[frame] <= silenceThresholdDb) return timeAfterFrame(track, frame);
  }
  return null;
}

/**
 * Where the silence that `seconds` lies in ends: the first sounding frame at or after it, if one
 * comes within `maxSeconds`; `seconds` itself when that frame already sounds; null when the
 * silence lasts past `maxSeconds`.
 */
export function soundAtOrAfter(track: EnergyTrack, seconds: number, maxSeconds: number): number | null {
  const { energyDb, hopSeconds, offsetSeconds, silenceThresholdDb } = track;
  const first = Math.max(0, frameAt(track, seconds));
  const last = Math.min(energyDb.length - 1, frameAt(track, maxSeconds));
  if (first >= energyDb.length || energyDb[first] > silenceThresholdDb) return seconds;
  for (let frame = first + 1; frame <= last; frame++) {
    if (energyDb[frame] > silenceThresholdDb) return offsetSeconds + frame * hopSeconds;
  }
  return null;
}

/**
 * The run of sound just before the silence that `seconds` lies in: its start and end (where that
 * silence begins), scanning back no further than `earliestSeconds`; null when `seconds` is not in
 * silence, or no sound, or no silence before that sound, lies within reach.
 */
export function soundRunBefore(track: EnergyTrack, seconds: number, earliestSeconds: number): { startSeconds: number; endSeconds: number } | null {
  const { energyDb, silenceThresholdDb } = track;
  const lowest = Math.max(0, frameAt(track, earliestSeconds));
  let frame = Math.min(energyDb.length - 1, frameAt(track, seconds));
  if (frame < 0 || energyDb[frame] > silenceThresholdDb) return null;
  while (frame >= lowest && energyDb[frame] <= silenceThresholdDb) frame--;
  if (frame < lowest) return null;
  const endSeconds = timeAfterFrame(track, frame);
  while (frame >= lowest && energyDb[frame] > silenceThresholdDb) frame--;
  if (frame < lowest) return null;
  return { startSeconds: timeAfterFrame(track, frame), endSeconds };
}

export interface DipOptions {
  /** A dip must be this much below the loudest point on each side within `contextSeconds`. */
  minDepthDb: number;
  contextSeconds: number;
  /** Dips closer than this keep only the deeper one. */
  minSpacingSeconds: number;
}

export const DEFAULT_DIP_OPTIONS: DipOptions = { minDepthDb: 9, contextSeconds: 0.3, minSpacingSeconds: 0.3 };

function maxInRange(values: Float32Array, from: number, to: number): number {
  let best = -Infinity;
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) if (values[i] > best) best = values[i];
  return best;
}

/** Energy dips as short pseudo-pauses (strength from depth, at most 0.6: weaker than a real pause). */
export function findEnergyDips(track: EnergyTrack, overrides: Partial<DipOptions> = {}): Pause[] {
  const options = { ...DEFAULT_DIP_OPTIONS, ...overrides };
  const { energyDb, hopSeconds, offsetSeconds } = track;
  const context = Math.max(1, Math.round(options.contextSeconds / hopSeconds));
  const spacing = Math.max(1, Math.round(options.minSpacingSeconds / hopSeconds));
  const dips: { frame: number; depth: number }[] = [];
  for (let i = 1; i < energyDb.length - 1; i++) {
    if (!(energyDb[i] <= energyDb[i - 1] && energyDb[i] < energyDb[i + 1])) continue;
    const depth = Math.min(maxInRange(energyDb, i - context, i), maxInRange(energyDb, i + 1, i + 1 + context)) - energyDb[i];
    if (depth < options.minDepthDb) continue;
    const last = dips[dips.length - 1];
    if (last && i - last.frame < spacing) {
      if (depth > last.depth) dips[dips.length - 1] = { frame: i, depth };
      continue;
    }
    dips.push({ frame: i, depth });
  }
  return dips.map(({ frame, depth }) => ({
    startTimeSeconds: Math.max(0, offsetSeconds + (frame - 1) * hopSeconds),
    endTimeSeconds: offsetSeconds + (frame + 1) * hopSeconds,
    strength: Math.min(0.6, depth / 40),
  }));
}

/** The quietest moment (3-frame smoothed) within [fromSeconds, toSeconds]; ties go to the middle. */
export function quietestTime(track: EnergyTrack, fromSeconds: number, toSeconds: number): number {
  const { energyDb, hopSeconds, offsetSeconds } = track;
  const from = Math.max(1, Math.floor((fromSeconds - offsetSeconds) / hopSeconds));
  const to = Math.min(energyDb.length - 2, Math.ceil((toSeconds - offsetSeconds) / hopSeconds));
  if (to < from) return (fromSeconds + toSeconds) / 2;
  const middle = (from + to) / 2;
  let best = from;
  let bestValue = Infinity;
  for (let i = from; i <= to; i++) {
    const value = (energyDb[i - 1] + energyDb[i] + energyDb[i + 1]) / 3;
    if (value < bestValue - 0.5 || (Math.abs(value - bestValue) <= 0.5 && Math.abs(i - middle) < Math.abs(best - middle))) {
      if (value < bestValue) bestValue = value;
      best = i;
    }
  }
  return offsetSeconds + best * hopSeconds;
}
