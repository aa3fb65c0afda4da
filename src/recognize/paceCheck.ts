/**
 * The recording's own pace as a check on each ayah (issue 8: "an ayah 5x longer or shorter than
 * its letters allow is implausible — re-align or report, never emit it silently"). A reciter keeps
 * roughly one pace through a recording (hadr fast, mujawwad slow, but not both at once), so an ayah
 * whose letters were spread over five times the time the recording's confident ayahs took for as
 * many letters (18:94 stretched over 90 s across a missed surah), or squeezed into a fifth of it,
 * was not recited there as aligned. Such ayahs are reported; the times are left as found. The
 * same holds for the optional phrases around a surah (isti'adha, closing phrase): the caller drops
 * one aligned at an impossible pace, since it was only there to absorb what the audio did not hold
 * (a hinted 113 followed by 114: the whole of 114 was taken for "sadaqa Allahu al-'azim"). Pure.
 */

export interface PacedUnit {
  /** How the diagnostics name it: "18:94", "113:closing phrase". */
  label: string;
  /** Only ayahs set the recording's pace; every unit is checked against it. */
  isAyah: boolean;
  /** Letters (labels) the alignment placed for the unit. */
  letterCount: number;
  firstFrame: number;
  lastFrame: number;
  confidence: number;
  /** The recording starts or ends inside the unit: its duration says nothing about pace. */
  partial: boolean;
}

export interface PaceOutlier {
  /** Index of the unit in the list checked. */
  index: number;
  label: string;
  durationSeconds: number;
  /** The ayah's letters per second over the recording's median letters per second. */
  paceRatio: number;
}

/** Beyond this factor either way an ayah's pace is not the reciter's. */
export const MAX_PACE_FACTOR = 5;
/** Ayahs that set the reference pace: confidently aligned and long enough to have one. */
const REFERENCE_MIN_CONFIDENCE = 0.3;
const MIN_PACED_LETTERS = 12;
/** Units with fewer letters are checked too (a closing phrase has 13), but not shorter ones. */
const MIN_CHECKED_LETTERS = 10;
/** Fewer reference ayahs than this and the recording has no pace to compare with. */
const MIN_REFERENCE_AYAHS = 3;

function lettersPerSecond(unit: PacedUnit, frameStepSeconds: number): number {
  return unit.letterCount / ((unit.lastFrame - unit.firstFrame + 1) * frameStepSeconds);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The recording's median letters per second over its confident ayahs, or null with too few. */
export function recordingPace(units: readonly PacedUnit[], frameStepSeconds: number): number | null {
  const reference = units.filter((u) => u.isAyah && !u.partial && u.letterCount >= MIN_PACED_LETTERS && u.confidence >= REFERENCE_MIN_CONFIDENCE);
  return reference.length < MIN_REFERENCE_AYAHS ? null : median(reference.map((u) => lettersPerSecond(u, frameStepSeconds)));
}

export function paceOutliers(units: readonly PacedUnit[], frameStepSeconds: number): PaceOutlier[] {
  const pace = recordingPace(units, frameStepSeconds);
  if (pace === null) return [];
  return units
    .map((u, index) => ({ u, index }))
    .filter(({ u }) => !u.partial && u.letterCount >= MIN_CHECKED_LETTERS)
    .map(({ u, index }) => ({ index, label: u.label, durationSeconds: (u.lastFrame - u.firstFrame + 1) * frameStepSeconds, paceRatio: lettersPerSecond(u, frameStepSeconds) / pace }))
    .filter((o) => o.paceRatio > MAX_PACE_FACTOR || o.paceRatio < 1 / MAX_PACE_FACTOR);
}

/** The diagnostics' form: "18:94 over 90.2 s (0.12x the recording's pace); …", or null. */
export function describePaceOutliers(outliers: readonly PaceOutlier[]): string | null {
  if (outliers.length === 0) return null;
  return outliers.map((o) => `${o.label} over ${o.durationSeconds.toFixed(1)} s (${o.paceRatio.toFixed(2)}x the recording's pace)`).join("; ");
}
