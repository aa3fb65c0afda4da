/**
 * Decides, after an alignment, whether a unit the path skipped must be brought back: the model
 * may hear a passage (here: the dev reciter's basmala) too poorly for the Viterbi path to prefer
 * it over skipping, while the audio clearly holds recitation there. Evidence, from the audio and
 * the alignment: clear speech left unaligned beside the aligned units; an edge ayah whose span has
 * a long pause early (late) in it, i.e. it swallowed a neighbour; an edge ayah stretched over far
 * more than its due time. Only same-surah ayahs and the basmala opening a surah are brought back,
 * never the extra phrases. Pure.
 */
import type { Pause } from "../pipeline/types.ts";
import type { EnergyTrack } from "../audio/energyDips.ts";
import type { QuranIndex } from "./quranIndex.ts";
import type { AlignedUnit } from "./spanBuilder.ts";

export interface KeepContext {
  index: QuranIndex;
  result: AlignedUnit[];
  /** Planned stream units of the segment, in order. */
  planned: number[];
  energy: EnergyTrack;
  pauses: Pause[];
  frameRange: [number, number];
  frameSeconds: number;
  /** Stream letters the hints allow. */
  allowed: [number, number];
  /** Frame of each letter of the greedy decoding (in order): what the model heard as speech. */
  letterFrames?: readonly number[];
}

export interface KeepDecision {
  /** Stream unit to align for sure. */
  unitIndex: number;
  /** Stream units to add after the planned ones first (extras on the way, then that unit). */
  append: number[];
  /** Stream units to add before the planned ones first (that unit, then extras on the way). */
  prepend: number[];
}

/** Unaligned speech beside the aligned units that calls for a skipped neighbour. */
const UNEXPLAINED_SPEECH_SECONDS = 2.0;
/**
 * Or this many letters the model heard there: a quiet opening (a Sudais recording of surah 77
 * starts 8 dB below its body, under the energy threshold) still decodes as letters.
 */
const UNEXPLAINED_LETTERS = 15;
/** A pause this long in the first (last) 40 % of an edge ayah's span means it swallowed a neighbour. */
const EDGE_SHARE = 0.4;
const SWALLOWED_PAUSE_SECONDS = 0.4;

export function speechSeconds(energy: EnergyTrack, fromSeconds: number, toSeconds: number): number {
  const first = Math.max(0, Math.round((fromSeconds - energy.offsetSeconds) / energy.hopSeconds));
  const last = Math.min(energy.energyDb.length - 1, Math.round((toSeconds - energy.offsetSeconds) / energy.hopSeconds));
  let frames = 0;
  for (let i = first; i <= last; i++) if (energy.energyDb[i] > energy.silenceThresholdDb) frames++;
  return frames * energy.hopSeconds;
}

function lettersHeard(ctx: KeepContext, fromSeconds: number, toSeconds: number): number {
  if (!ctx.letterFrames) return 0;
  const [from, to] = [fromSeconds / ctx.frameSeconds, toSeconds / ctx.frameSeconds];
  return ctx.letterFrames.filter((frame) => frame >= from && frame < to).length;
}

function unexplained(ctx: KeepContext, fromSeconds: number, toSeconds: number): boolean {
  return speechSeconds(ctx.energy, fromSeconds, toSeconds) >= UNEXPLAINED_SPEECH_SECONDS || lettersHeard(ctx, fromSeconds, toSeconds) >= UNEXPLAINED_LETTERS;
}

function hasLongPauseWithin(pauses: Pause[], fromSeconds: number, toSeconds: number): boolean {
  return pauses.some((p) => {
    const middle = (p.startTimeSeconds + p.endTimeSeconds) / 2;
    return p.endTimeSeconds - p.startTimeSeconds >= SWALLOWED_PAUSE_SECONDS && middle > fromSeconds && middle < toSeconds;
  });
}

/** Seconds an edge unit's span exceeds twice the time its labels take at the median pace of the inner units. */
function overstretchedSeconds(result: AlignedUnit[], k: number, frameSeconds: number): number {
  const labelsOf = (unit: AlignedUnit) => unit.labelFrames.startFrames.length;
  const inner = result.filter((_, j) => j !== 0 && j !== result.length - 1);
  if (inner.length < 2) return 0;
  // Median frames per label: one unit stretched over a poorly heard neighbour must not set the pace.
  const paces = inner.map((unit) => (unit.lastFrame - unit.firstFrame + 1) / Math.max(1, labelsOf(unit))).sort((a, b) => a - b);
  const pace = paces[Math.floor(paces.length / 2)];
  return (result[k].lastFrame - result[k].firstFrame + 1 - 2 * pace * labelsOf(result[k])) * frameSeconds;
}

function spanSeconds(unit: AlignedUnit, frameSeconds: number): [number, number] {
  return [unit.firstFrame * frameSeconds, (unit.lastFrame + 1) * frameSeconds];
}

function swallowedAtStart(ctx: KeepContext, unit: AlignedUnit): boolean {
  const [start, end] = spanSeconds(unit, ctx.frameSeconds);
  return hasLongPauseWithin(ctx.pauses, start, start + EDGE_SHARE * (end - start));
}

function isKeepable(ctx: KeepContext, unitIndex: number | undefined, surah: number, allowBasmala: boolean): boolean {
  const unit = unitIndex === undefined ? undefined : ctx.index.units[unitIndex];
  if (!unit || unit.surah !== surah || unit.startLetter < ctx.allowed[0] || unit.endLetter > ctx.allowed[1]) return false;
  return unit.kind === "ayah" || (allowBasmala && unit.kind === "basmala");
}

function leadingKeep(ctx: KeepContext): KeepDecision | null {
  const first = ctx.result[0];
  // The unit just before the first aligned one in the stream: an ayah of its surah, or its basmala.
  const previous = first.unitIndex - 1;
  if (!isKeepable(ctx, previous, first.unit.surah, true)) return null;
  const evidence = unexplained(ctx, ctx.frameRange[0] * ctx.frameSeconds, first.firstFrame * ctx.frameSeconds - 0.3) || swallowedAtStart(ctx, first) || overstretchedSeconds(ctx.result, 0, ctx.frameSeconds) >= UNEXPLAINED_SPEECH_SECONDS;
  if (!evidence) return null;
  if (ctx.planned.includes(previous)) return { unitIndex: previous, append: [], prepend: [] };
  // Before the plan: add the stream units from that one up to the plan's start.
  const prepend: number[] = [];
  for (let u = previous; u < ctx.planned[0]; u++) prepend.push(u);
  return { unitIndex: previous, append: [], prepend };
}

/** A basmala skipped between two aligned ayahs (one surah running into the next). */
function innerBasmalaKeep(ctx: KeepContext): KeepDecision | null {
  for (let k = 1; k < ctx.result.length; k++) {
    const [previous, next] = [ctx.result[k - 1], ctx.result[k]];
    const between = ctx.planned.slice(ctx.planned.indexOf(previous.unitIndex) + 1, ctx.planned.indexOf(next.unitIndex));
    const basmala = between.find((u) => ctx.index.units[u].kind === "basmala" && ctx.index.units[u].surah === next.unit.surah);
    if (basmala === undefined) continue;
    const gapSpeech = speechSeconds(ctx.energy, (previous.lastFrame + 1) * ctx.frameSeconds + 0.3, next.firstFrame * ctx.frameSeconds - 0.3);
    if (gapSpeech >= UNEXPLAINED_SPEECH_SECONDS || swallowedAtStart(ctx, next)) return { unitIndex: basmala, append: [], prepend: [] };
  }
  return null;
}

function trailingKeep(ctx: KeepContext): KeepDecision | null {
  const last = ctx.result[ctx.result.length - 1];
  const [start, end] = spanSeconds(last, ctx.frameSeconds);
  const evidence = unexplained(ctx, end + 0.3, ctx.frameRange[1] * ctx.frameSeconds) || hasLongPauseWithin(ctx.pauses, end - EDGE_SHARE * (end - start), end)
    || overstretchedSeconds(ctx.result, ctx.result.length - 1, ctx.frameSeconds) >= UNEXPLAINED_SPEECH_SECONDS;
  if (!evidence) return null;
  const position = ctx.planned.indexOf(last.unitIndex);
  if (position < ctx.planned.length - 1) {
    return isKeepable(ctx, ctx.planned[position + 1], last.unit.surah, false) ? { unitIndex: ctx.planned[position + 1], append: [], prepend: [] } : null;
  }
  // The plan ends here: extend it by the next ayah of the same surah.
  const next = ctx.planned[ctx.planned.length - 1] + 1;
  return isKeepable(ctx, next, last.unit.surah, false) ? { unitIndex: next, append: [next], prepend: [] } : null;
}

export function unitToKeep(ctx: KeepContext): KeepDecision | null {
  if (ctx.result.length === 0) return null;
  return leadingKeep(ctx) ?? innerBasmalaKeep(ctx) ?? trailingKeep(ctx);
}
