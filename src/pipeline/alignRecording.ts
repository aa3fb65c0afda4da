/**
 * Chooses and runs the alignment engine for a decoded recording:
 * the acoustic model (recognition + forced alignment, no hint needed) when it is installed and
 * finds the recitation; the pause-DP baseline when the model is absent or unsure and the user
 * gave the surah; otherwise a clear error asking for the surah.
 */
import { createBaselineAligner } from "../align/baselineAligner.ts";
import { PlanError } from "../align/recitationPlan.ts";
import { computeLetterPosteriors } from "../model/ctcPosteriors.ts";
import { recognizeAndAlign } from "../recognize/recognizer.ts";
import type { AlignInput, AlignmentResult } from "./types.ts";
import type { RecognitionModel } from "./workerContext.ts";

export class AlignmentError extends Error {
  constructor(readonly code: "SURAH_REQUIRED" | "ALIGNMENT_FAILED" | "NO_SPEECH", message: string) {
    super(message);
    this.name = "AlignmentError";
  }
}

/** Below this mean ayah confidence the model's answer is not trusted over a user-given surah. */
const MIN_MODEL_CONFIDENCE = 0.05;

function meanConfidence(result: AlignmentResult): number {
  if (result.spans.length === 0) return 0;
  return result.spans.reduce((sum, span) => sum + span.confidence, 0) / result.spans.length;
}

async function alignWithModel(recognition: RecognitionModel, input: AlignInput, onProgress: (fraction: number) => void): Promise<AlignmentResult | null> {
  const posteriors = await computeLetterPosteriors(input.audio.samples, input.audio.sampleRateHz, recognition.model);
  onProgress(1);
  const result = recognizeAndAlign(
    { posteriors, pauses: input.pauses, hints: input.hints, durationSeconds: input.audio.durationSeconds, energy: input.energy },
    recognition.index,
    recognition.model.textRules,
  );
  if (!result || result.spans.length === 0) return null;
  return result;
}

export async function alignRecording(
  recognition: RecognitionModel | null, input: AlignInput, onProgress: (fraction: number) => void,
): Promise<AlignmentResult> {
  if (input.speech.length === 0) throw new AlignmentError("NO_SPEECH", "The recording contains no audible recitation (only silence or noise).");
  let modelResult: AlignmentResult | null = null;
  if (recognition) modelResult = await alignWithModel(recognition, input, onProgress);
  const hinted = input.hints.surah !== undefined;
  if (modelResult && (!hinted || meanConfidence(modelResult) >= MIN_MODEL_CONFIDENCE)) return modelResult;
  if (!hinted) {
    throw new AlignmentError(
      "SURAH_REQUIRED",
      recognition
        ? "Could not recognise which surah is recited. Send the form field `surah` (1-114) to align it anyway."
        : "No recognition model is installed: send the form field `surah` (1-114), and `from_ayah`/`to_ayah` for part of a surah.",
    );
  }
  try {
    const baseline = await createBaselineAligner().align(input);
    baseline.notes.model_fallback = recognition ? "model unsure or no match; baseline used" : "no model installed";
    return baseline;
  } catch (error) {
    if (error instanceof PlanError) throw new AlignmentError("ALIGNMENT_FAILED", error.message);
    throw error;
  }
}
