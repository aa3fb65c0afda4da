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

/**
 * Whether the audio between two times holds recitation the alignment left out: 2 s of speech, or
 * half the time the skipped neighbour takes at the recording's pace (a fast basmala is under 2 s
 * of sound), or letters the model heard there.
 */
function unexplained(ctx: KeepContext, fromSeconds: number, toSeconds: number, neighbour?: number): boolean {
  const pace = neighbour === undefined ? null : innerPace(ctx.result);
  const neighbourSeconds = pace === null ? Number.POSITIVE_INFINITY : pace * ctx.index.units[neighbour!].spoken.length * ctx.frameSeconds;
  const enoughSpeech = Math.min(UNEXPLAINED_SPEECH_SECONDS, Math.max(1.0, 0.5 * neighbourSeconds));
  return speechSeconds(ctx.energy, fromSeconds, toSeconds) >= enoughSpeech || lettersHeard(ctx, fromSeconds, toSeconds) >= UNEXPLAINED_LETTERS;
}

function hasLongPauseWithin(pauses: Pause[], fromSeconds: number, toSeconds: number): boolean {
  return pauses.some((p) => {
    const middle = (p.startTimeSeconds + p.endTimeSeconds) / 2;
    return p.endTimeSeconds - p.startTimeSeconds >= SWALLOWED_PAUSE_SECONDS && middle > fromSeconds && middle < toSeconds;
  });
}

/** Median frames per label of the inner units (one unit stretched over a poorly heard neighbour must not set the pace). */
function innerPace(result: AlignedUnit[]): number | null {
  const inner = result.filter((_, j) => j !== 0 && j !== result.length - 1);
  if (inner.length < 2) return null;
  const paces = inner.map((unit) => (unit.lastFrame - unit.firstFrame + 1) / Math.max(1, unit.labelFrames.startFrames.length)).sort((a, b) => a - b);
  return paces[Math.floor(paces.length / 2)];
}

/** Seconds an edge unit's span exceeds twice the time its labels take at the median pace of the inner units. */
function overstretchedSeconds(result: AlignedUnit[], k: number, frameSeconds: number): number {
  const pace = innerPace(result);
  if (pace === null) return 0;
  return (result[k].lastFrame - result[k].firstFrame + 1 - 2 * pace * result[k].labelFrames.startFrames.length) * frameSeconds;
}

/** An edge unit this many times slower than the inner pace, by at least half a neighbour's time, holds that neighbour. */
const SWALLOW_PACE_RATIO = 2.0;

/**
 * Whether edge unit k is stretched over a skipped neighbour at the recording's own pace: a fast
 * basmala (2–3 s) swallowed into ayah 1 leaves no unaligned speech and no long pause, only an
 * ayah 1 that took far longer than its letters do elsewhere in the recording.
 */
function swallowedNeighbour(ctx: KeepContext, k: number, neighbour: number): boolean {
  const pace = innerPace(ctx.result);
  if (pace === null) return false;
  const unit = ctx.result[k];
  const frames = unit.lastFrame - unit.firstFrame + 1;
  const due = pace * unit.labelFrames.startFrames.length;
  const neighbourDue = pace * ctx.index.units[neighbour].spoken.length;
  return frames >= SWALLOW_PACE_RATIO * due && frames - 1.3 * due >= 0.5 * neighbourDue;
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
  const evidence = unexplained(ctx, ctx.frameRange[0] * ctx.frameSeconds, first.firstFrame * ctx.frameSeconds - 0.3, previous) || swallowedAtStart(ctx, first)
    || overstretchedSeconds(ctx.result, 0, ctx.frameSeconds) >= UNEXPLAINED_SPEECH_SECONDS || swallowedNeighbour(ctx, 0, previous);
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
  const position = ctx.planned.indexOf(last.unitIndex);
  // The next planned unit, or (the plan ends here) the next ayah of the same surah.
  const next = position < ctx.planned.length - 1 ? ctx.planned[position + 1] : ctx.planned[ctx.planned.length - 1] + 1;
  const evidence = unexplained(ctx, end + 0.3, ctx.frameRange[1] * ctx.frameSeconds) || hasLongPauseWithin(ctx.pauses, end - EDGE_SHARE * (end - start), end)
    || overstretchedSeconds(ctx.result, ctx.result.length - 1, ctx.frameSeconds) >= UNEXPLAINED_SPEECH_SECONDS
    || (ctx.index.units[next] !== undefined && swallowedNeighbour(ctx, ctx.result.length - 1, next));
  if (!evidence) return null;
  // After the isti'adha opening the next surah, that surah's basmala comes next.
  const afterExtra = last.unit.kind === "istiadha";
  if (!isKeepable(ctx, next, last.unit.surah, afterExtra)) return null;
  return { unitIndex: next, append: position < ctx.planned.length - 1 ? [] : [next], prepend: [] };
}

export function unitToKeep(ctx: KeepContext): KeepDecision | null {
  if (ctx.result.length === 0) return null;
  return leadingKeep(ctx) ?? innerBasmalaKeep(ctx) ?? trailingKeep(ctx);
}
