/**
 * A recording's last ayahs the alignment dropped as unheard: a short surah read to its end on a
 * channel the model hears poorly (8 kbps: 93:11, 114:4–6; at 1.6x: 114:5–6) gives its last
 * ayahs letters too garbled for the neighbour check (src/recognize/recognizer.ts, letter error
 * ≤ 0.6), which is there so that the next recording of a playlist is not taken for the surah's
 * continuation. At the recording's end there is no next recording: when the last aligned ayah is
 * a few ayahs short of its surah's end and the audio after it holds speech, the rest of the surah
 * is force-aligned (required, to its last ayah) over the frames from that ayah's start to the
 * end. It is kept only if the story fits as a whole: every added ayah at the recording's pace,
 * holding sound and heard as its text (see LOOSE_LETTER_ERROR), and no speech left after the
 * surah's end (a closing du'a or a talk would have to match the remaining ayahs in length and letters). Pure.
 */
import { collectUnits } from "./alignedUnits.ts";
import { buildLabelPlan } from "./labelPlan.ts";
import { heardLetters, letterErrorRate, MAX_UNCHAINED_LETTER_ERROR, passageLetters } from "./letterAgreement.ts";
import { speechSeconds } from "./neighbourKeep.ts";
import { forcedAlignWithFallback, MAX_UNBANDED_CELLS, sliceFramePosteriors } from "./segmentAlign.ts";
import type { AlignedUnit } from "./spanBuilder.ts";
import { medianFramesPerLabel, type OpeningContext } from "./surahOpening.ts";

export type EndingContext = OpeningContext;

/** At most this many ayahs are added (a short surah's tail, not a passage). */
const MAX_ENDING_AYAHS = 4;
/** Speech after the last aligned ayah that calls for the rest of its surah. */
const MIN_TAIL_SPEECH_SECONDS = 1.0;
/** Speech left after the surah's last ayah that makes the completion wrong. */
const MAX_SPEECH_AFTER_SECONDS = 1.0;
/** An added ayah spans between these multiples of its due time at the recording's pace. */
const PACE_RANGE: [number, number] = [0.5, 2.5];
/** ...holds sound for this share of its span... */
const MIN_SOUND_SHARE = 0.3;
/**
 * ...and is heard as its text: as well as the neighbour check asks (letter error ≤ 0.6), or
 * loosely (≤ 0.8; unrelated text scores about that, so this alone proves little) while fitting
 * the frames at a real recitation's confidence: the poorly heard tails measure 0.13–0.33 (8 kbps,
 * 1.6x), another passage's audio aligned as these ayahs ~0.03 (a wrong hint's, see recognizer.ts).
 */
const LOOSE_LETTER_ERROR = 0.8;
const MIN_LOOSE_CONFIDENCE = 0.1;

function remainingAyahs(ctx: EndingContext, last: AlignedUnit): number[] {
  const rest: number[] = [];
  for (let u = last.unitIndex + 1; ctx.index.units[u]?.surah === last.unit.surah && ctx.index.units[u].kind === "ayah"; u++) {
    if (ctx.index.units[u].endLetter > ctx.allowed[1]) return [];
    rest.push(u);
  }
  return rest;
}

function fitsAsEnding(ctx: EndingContext, added: AlignedUnit[], pace: number): boolean {
  const step = ctx.posteriors.frameStepSeconds;
  return added.every((u) => {
    const frames = u.lastFrame - u.firstFrame + 1;
    const due = pace * u.labelFrames.startFrames.length;
    const sound = speechSeconds(ctx.energy!, u.firstFrame * step, (u.lastFrame + 1) * step);
    const error = letterErrorRate(heardLetters(ctx.hyp, u.firstFrame, u.lastFrame), passageLetters(ctx.index, [u.unitIndex]));
    const heard = error <= MAX_UNCHAINED_LETTER_ERROR || (error <= LOOSE_LETTER_ERROR && u.confidence >= MIN_LOOSE_CONFIDENCE);
    return heard && frames >= PACE_RANGE[0] * due && frames <= PACE_RANGE[1] * due && sound >= MIN_SOUND_SHARE * frames * step;
  });
}

/** The aligned units with the rest of the last ayah's surah added when the recording's end holds it. */
export function completeSurahEnding(ctx: EndingContext, units: AlignedUnit[]): AlignedUnit[] {
  const last = units[units.length - 1];
  const pace = medianFramesPerLabel(units);
  if (!last || last.unit.kind !== "ayah" || last.startsInside || last.endsInside || pace === null || !ctx.energy) return units;
  const rest = remainingAyahs(ctx, last);
  if (rest.length === 0 || rest.length > MAX_ENDING_AYAHS) return units;
  const step = ctx.posteriors.frameStepSeconds;
  const [frameFrom, frameTo] = [last.firstFrame, ctx.posteriors.frameCount];
  if (speechSeconds(ctx.energy, (last.lastFrame + 1) * step + 0.3, frameTo * step) < MIN_TAIL_SPEECH_SECONDS) return units;
  const unitIndexes = [last.unitIndex, ...rest];
  const plan = buildLabelPlan(ctx.index, ctx.rules, ctx.posteriors.alphabet, unitIndexes, { optionalUnits: new Set(), leadingCount: 0, trailingCount: 0, headMayBeCut: false, tailMayBeCut: false });
  if ((frameTo - frameFrom) * (2 * plan.labels.length + 1) > MAX_UNBANDED_CELLS || frameTo - frameFrom < plan.labels.length) return units;
  const alignment = forcedAlignWithFallback(sliceFramePosteriors(ctx.posteriors, frameFrom, frameTo, ctx.workspace), plan, undefined, ctx.workspace);
  if (!alignment) return units;
  const realigned = collectUnits(ctx.index, plan, alignment, frameFrom);
  const end = realigned[realigned.length - 1];
  if (realigned.length !== unitIndexes.length || !fitsAsEnding(ctx, realigned.slice(1), pace)) return units;
  if (speechSeconds(ctx.energy, (end.lastFrame + 1) * step + 0.3, frameTo * step) > MAX_SPEECH_AFTER_SECONDS) return units;
  return [...units.slice(0, -1), ...realigned];
}
