/**
 * Speech the result does not explain (issue 8: "every stretch of speech is either explained by
 * ayahs or reported"). The model's greedy letters are where it heard speech; a run of them outside
 * every aligned unit (ayah, basmala, isti'adha, closing phrase) is reported with its times, so a
 * user sees that a part of the recording was heard but not matched (a passage the locator missed,
 * a dua, talk between surahs) instead of silently getting fewer ayahs. Pure.
 */

export interface CoveredFrames {
  firstFrame: number;
  lastFrame: number;
}

export interface UnexplainedSpeech {
  startTimeSeconds: number;
  endTimeSeconds: number;
  letterCount: number;
}

/** Letters this close to an aligned unit belong to its edges (alignment puts letters a few frames off). */
const EDGE_TOLERANCE_SECONDS = 0.4;
/** Letters further apart than this are separate stretches (a pause between two talks). */
const MAX_LETTER_GAP_SECONDS = 2.5;
/** Fewer letters, or a shorter stretch, is a cough or a breath the model read as a letter. */
const MIN_LETTERS = 6;
const MIN_STRETCH_SECONDS = 1.0;

function isCovered(frame: number, covered: readonly CoveredFrames[], toleranceFrames: number): boolean {
  return covered.some((unit) => frame >= unit.firstFrame - toleranceFrames && frame <= unit.lastFrame + toleranceFrames);
}

/** Runs of heard letters outside every aligned unit, in time order. */
export function unexplainedSpeech(covered: readonly CoveredFrames[], letterFrames: readonly number[], frameStepSeconds: number): UnexplainedSpeech[] {
  const toleranceFrames = Math.round(EDGE_TOLERANCE_SECONDS / frameStepSeconds);
  const maxGapFrames = Math.round(MAX_LETTER_GAP_SECONDS / frameStepSeconds);
  const outside = letterFrames.filter((frame) => !isCovered(frame, covered, toleranceFrames));
  const runs: number[][] = [];
  for (const frame of outside) {
    const run = runs[runs.length - 1];
    if (run && frame - run[run.length - 1] <= maxGapFrames) run.push(frame);
    else runs.push([frame]);
  }
  return runs
    .map((run) => ({
      startTimeSeconds: run[0] * frameStepSeconds,
      endTimeSeconds: (run[run.length - 1] + 1) * frameStepSeconds,
      letterCount: run.length,
    }))
    .filter((stretch) => stretch.letterCount >= MIN_LETTERS && stretch.endTimeSeconds - stretch.startTimeSeconds >= MIN_STRETCH_SECONDS);
}

/** The diagnostics' form: "12.30-15.80 s (14 letters); …", or null when everything heard is explained. */
export function describeUnexplainedSpeech(stretches: readonly UnexplainedSpeech[]): string | null {
  if (stretches.length === 0) return null;
  return stretches.map((s) => `${s.startTimeSeconds.toFixed(2)}-${s.endTimeSeconds.toFixed(2)} s (${s.letterCount} letters)`).join("; ");
}
