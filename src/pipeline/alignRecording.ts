/**
 * Chooses and runs the alignment engine for a decoded recording: the acoustic model
 * (recognition + forced alignment, no hint needed) when it is installed; hints are checked
 * against what it heard (src/recognize/hintEvidence.ts), so a wrong hint is overruled or fails
 * the job, never forced onto the audio. Only with no model installed does the pause-DP baseline
 * place the hinted ayahs (it cannot tell what was recited); with neither, a clear error asks for
 * the surah.
 */
import { createBaselineAligner } from "../align/baselineAligner.ts";
import { PlanError } from "../align/recitationPlan.ts";
import { computeLetterPosteriorsFromPcm } from "../model/ctcPosteriors.ts";
import { recognizeWithHintCheck, type RecognitionOutcome } from "../recognize/hintEvidence.ts";
import type { AlignInput, AlignmentResult } from "./types.ts";
import type { RecognitionModel } from "./workerContext.ts";

export class AlignmentError extends Error {
  constructor(readonly code: "SURAH_REQUIRED" | "ALIGNMENT_FAILED" | "NO_SPEECH", message: string) {
    super(message);
    this.name = "AlignmentError";
  }
}

/**
 * Tempos tried, in order, when nothing is recognised at the recording's own: a slow (mujawwad)
 * short surah read at 0.7x holds too few intact k-mers for the locator at 1x but is found at 1.25x
 * (evalsets/mujawwad e112, e113-114); a very fast one may need 0.8x. Within the trainer's range.
 */
export const FALLBACK_TEMPOS: readonly number[] = [1.25, 0.8];
/**
 * A tempo change interpolates the whole feature sequence in memory (1.9 MB per minute), and long
 * recordings have chains enough at 1x: only recordings up to this long are tried again.
 */
export const MAX_TEMPO_RETRY_SECONDS = 15 * 60;

async function alignWithModel(recognition: RecognitionModel, input: AlignInput, onProgress: (fraction: number) => void): Promise<RecognitionOutcome> {
  const tempos = input.audio.durationSeconds <= MAX_TEMPO_RETRY_SECONDS ? [1, ...FALLBACK_TEMPOS] : [1];
  let first: RecognitionOutcome | null = null;
  for (const [attempt, tempo] of tempos.entries()) {
    // The model is most of the stage's time: its chunks report progress (a 4-hour job moves for minutes).
    // Kept as float16 (half the memory of a 4-hour recording's 47 MB): recognition reads them decoded.
    const posteriors = await computeLetterPosteriorsFromPcm(input.audio.pcm, input.audio.sampleRateHz, recognition.model, {
      tempo,
      storage: "float16",
      onProgress: attempt === 0 ? (fraction) => onProgress(0.9 * fraction) : undefined,
    });
    onProgress(attempt === 0 ? 0.9 : 0.9 + (0.1 * attempt) / tempos.length);
    const outcome = recognizeWithHintCheck(
      { posteriors, pauses: input.pauses, hints: input.hints, durationSeconds: input.audio.durationSeconds, energy: input.energy },
      recognition.index,
      recognition.model.textRules,
    );
    if (outcome.kind === "recognized") {
      if (tempo !== 1) outcome.result.notes.model_tempo = tempo;
      onProgress(1);
      return outcome;
    }
    first ??= outcome;
  }
  onProgress(1);
  return first!;
}

export async function alignRecording(
  recognition: RecognitionModel | null, input: AlignInput, onProgress: (fraction: number) => void,
): Promise<AlignmentResult> {
  if (input.speech.length === 0) throw new AlignmentError("NO_SPEECH", "The recording contains no audible recitation (only silence or noise).");
  if (recognition) {
    const outcome = await alignWithModel(recognition, input, onProgress);
    if (outcome.kind === "recognized") return outcome.result;
    if (outcome.kind === "hint-contradicted") throw new AlignmentError("ALIGNMENT_FAILED", outcome.message);
    throw new AlignmentError("SURAH_REQUIRED", "Could not recognise which surah is recited (the model heard no passage of the Quran it could match). If it is a recitation, send the form field `surah` (1-114) to help.");
  }
  if (input.hints.surah === undefined) {
    throw new AlignmentError("SURAH_REQUIRED", "No recognition model is installed: send the form field `surah` (1-114), and `from_ayah`/`to_ayah` for part of a surah.");
  }
  try {
    const baseline = await createBaselineAligner().align(input);
    baseline.notes.model_fallback = "no model installed";
    return baseline;
  } catch (error) {
    if (error instanceof PlanError) throw new AlignmentError("ALIGNMENT_FAILED", error.message);
    throw error;
  }
}
