/**
 * Hints are evidence, not orders. The recognizer runs with the user's surah / ayah range; when the
 * audio does not bear that out (nothing of the named passage heard, or only at a confidence that
 * means a forced fit), it runs again with no hint: a recitation found then overrules the hint, and
 * the result says so in its notes; nothing found fails the job with a message naming the hint.
 * Never a forced fit of the named text onto audio that does not hold it. Pure.
 */
import type { AlignHints, AlignmentResult } from "../pipeline/types.ts";
import type { TextRules } from "../quran/spokenText.ts";
import type { QuranIndex } from "./quranIndex.ts";
import { recognizeAndAlign, type RecognizerInput } from "./recognizer.ts";

export type RecognitionOutcome =
  | { kind: "recognized"; result: AlignmentResult }
  /** No hint and no recitation recognised. */
  | { kind: "not-recognized" }
  /** The hint named text the audio does not hold, and no other recitation was recognised. */
  | { kind: "hint-contradicted"; message: string };

/** Below this mean ayah confidence a hinted result is a forced fit, not a recognition. */
const MIN_HINTED_MEAN_CONFIDENCE = 0.05;

function meanConfidence(result: AlignmentResult): number {
  return result.spans.reduce((sum, span) => sum + span.confidence, 0) / Math.max(1, result.spans.length);
}

export function describeHints(hints: AlignHints): string {
  const range = hints.fromAyah !== undefined || hints.toAyah !== undefined ? ` (ayahs ${hints.fromAyah ?? 1}–${hints.toAyah ?? "end"})` : "";
  return `surah ${hints.surah}${range}`;
}

function describeRecognized(result: AlignmentResult): string {
  const ayahs = result.spans.filter((s) => s.ayah > 0 || s.surah === 1);
  if (ayahs.length === 0) return "a basmala only";
  const surahs = [...new Set(ayahs.map((s) => s.surah))];
  return surahs.map((surah) => {
    const numbers = ayahs.filter((s) => s.surah === surah).map((s) => s.ayah);
    return `${surah}:${Math.min(...numbers)}-${Math.max(...numbers)}`;
  }).join(", ");
}

export function recognizeWithHintCheck(input: RecognizerInput, index: QuranIndex, rules: TextRules): RecognitionOutcome {
  const hinted = input.hints.surah !== undefined;
  const result = recognizeAndAlign(input, index, rules);
  if (result && result.spans.length > 0 && (!hinted || meanConfidence(result) >= MIN_HINTED_MEAN_CONFIDENCE)) return { kind: "recognized", result };
  if (!hinted) return { kind: "not-recognized" };
  const free = recognizeAndAlign({ ...input, hints: {} }, index, rules);
  if (free && free.spans.length > 0) {
    free.notes.hint_overruled = `The form fields named ${describeHints(input.hints)}, but the recording holds ${describeRecognized(free)}; the hint was not followed.`;
    return { kind: "recognized", result: free };
  }
  return {
    kind: "hint-contradicted",
    message: `The form fields named ${describeHints(input.hints)}, but no recitation of it (or of any other passage) was recognised in this recording, so no ayahs were cut. Check the surah and ayah range, or that the file holds Quran recitation.`,
  };
}
