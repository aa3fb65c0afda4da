/**
 * Surah openings the per-segment alignments left out. The model hears the basmala poorly
 * (aligned at confidence 0.00–0.24 where it is said), so the Viterbi path of a segment that starts
 * at a surah's first ayah often prefers to skip it, and where two recordings meet, the frames are
 * split halfway between the two chains' letters: the previous recording's last ayah is stretched
 * over the head of the basmala and the next ayah 1 over its tail (hour-long set: 36:0, 93:0,
 * 113:0 and al-Fatiha's 1:1 lost so). At every aligned first ayah of a surah whose opening (its
 * basmala; al-Fatiha's 1:1 before 1:2) is not aligned before it, or that follows another surah's
 * ayah, the previous aligned unit (with its surah's next two ayahs offered, kept only when heard
 * as their text: a recording's last ayahs squeezed out by the next basmala), the opening
 * (required) and the first ayah are force-aligned again together over the frames from the
 * previous unit's start to the first ayah's end; the result is taken when the opening got the
 * time and the sound a basmala takes at the recording's pace, so
 * a reciter who starts without one keeps none. Pure.
 */
import type { LatticeWorkspace } from "../align/ctcAlign.ts";
import type { EnergyTrack } from "../audio/energyDips.ts";
import type { LetterPosteriors } from "../model/ctcPosteriors.ts";
import type { TextRules } from "../quran/spokenText.ts";
import { collectUnits } from "./alignedUnits.ts";
import { buildLabelPlan } from "./labelPlan.ts";
import { speechSeconds } from "./neighbourKeep.ts";
import { heardLetters, letterErrorRate, MAX_UNCHAINED_LETTER_ERROR, passageLetters } from "./letterAgreement.ts";
import type { HypothesisLetter } from "./locate.ts";
import type { QuranIndex } from "./quranIndex.ts";
import { forcedAlignWithFallback, MAX_UNBANDED_CELLS, sliceFramePosteriors } from "./segmentAlign.ts";
import type { AlignedUnit } from "./spanBuilder.ts";

export interface OpeningContext {
  index: QuranIndex;
  /** The greedy letters heard (for the letter check of the previous surah's offered ayahs). */
  hyp: HypothesisLetter[];
  rules: TextRules;
  posteriors: LetterPosteriors;
  /** Without the energy track there is no evidence of sound: nothing is restored. */
  energy?: EnergyTrack;
  workspace: LatticeWorkspace;
  /** Stream letters the hints allow. */
  allowed: [number, number];
}

/** The unit that opens a surah before `unitIndex` when that is its first ayah: the basmala, or al-Fatiha's 1:1 before 1:2. */
export function openerOf(index: QuranIndex, unitIndex: number): number | null {
  const unit = index.units[unitIndex];
  const before = index.units[unitIndex - 1];
  if (!unit || !before || unit.kind !== "ayah" || before.surah !== unit.surah) return null;
  if (unit.surah === 1) return unit.ayah === 2 ? unitIndex - 1 : null;
  return unit.ayah === 1 && before.kind === "basmala" ? unitIndex - 1 : null;
}

/** Median frames per label over the aligned ayahs: the recording's pace. */
export function medianFramesPerLabel(units: AlignedUnit[]): number | null {
  const paces = units
    .filter((u) => u.unit.kind === "ayah" && !u.startsInside && !u.endsInside)
    .map((u) => (u.lastFrame - u.firstFrame + 1) / Math.max(1, u.labelFrames.startFrames.length))
    .sort((a, b) => a - b);
  return paces.length < 3 ? null : paces[Math.floor(paces.length / 2)];
}

/**
 * A restored opening must span at least this share of the time its labels take at the
 * recording's pace (a forced one squeezed into a pause takes one frame per label)...
 */
const MIN_DUE_SHARE = 0.5;
/** ...and hold sound for at least this share of that time (not a silence between recordings). */
const MIN_SPEECH_SHARE = 0.25;
/** How far before the first ayah the opening of a recording's first surah is looked for, in its due times. */
const LEAD_DUE_TIMES = 2.5;

function inAllowed(ctx: OpeningContext, unitIndex: number): boolean {
  const unit = ctx.index.units[unitIndex];
  return unit.startLetter >= ctx.allowed[0] && unit.endLetter <= ctx.allowed[1];
}

/** Ayahs after an aligned ayah offered again where a recording's tail meets the next (its last ayahs squeezed out by the next basmala). */
const MAX_TRAILING_AYAHS = 2;

/** Up to MAX_TRAILING_AYAHS ayahs of the previous unit's surah that follow it. */
function trailingAyahs(ctx: OpeningContext, previous: AlignedUnit): number[] {
  const ayahs: number[] = [];
  for (let u = previous.unitIndex + 1; ayahs.length < MAX_TRAILING_AYAHS && ctx.index.units[u]?.kind === "ayah" && ctx.index.units[u].surah === previous.unit.surah && inAllowed(ctx, u); u++) ayahs.push(u);
  return previous.unit.kind === "ayah" ? ayahs : [];
}

interface Junction {
  /** The aligned unit before the opening (another surah's), aligned whole; undefined at the recording's start. */
  previous?: AlignedUnit;
  opener: number;
  first: AlignedUnit;
  /** Without a previous unit to align again: the first frame the opening may take (after a partly heard unit before it). */
  earliestFrame?: number;
}

/** [previous, `trailing` (optional), opener, first ayah] aligned together over the frames from the previous unit's start (or the look-back) to the first ayah's end. */
function alignJunction(ctx: OpeningContext, { previous, opener, first, earliestFrame = 0 }: Junction, trailing: number[], dueFrames: number): AlignedUnit[] | null {
  const frameFrom = previous ? previous.firstFrame : Math.max(earliestFrame, Math.round(first.firstFrame - LEAD_DUE_TIMES * dueFrames));
  const frameTo = first.lastFrame + 1;
  const unitIndexes = [...(previous ? [previous.unitIndex, ...trailing] : []), opener, first.unitIndex];
  const plan = buildLabelPlan(ctx.index, ctx.rules, ctx.posteriors.alphabet, unitIndexes, { optionalUnits: new Set(trailing), leadingCount: 0, trailingCount: 0, headMayBeCut: false, tailMayBeCut: false });
  if ((frameTo - frameFrom) * (2 * plan.labels.length + 1) > MAX_UNBANDED_CELLS || frameTo - frameFrom < plan.labels.length) return null;
  const alignment = forcedAlignWithFallback(sliceFramePosteriors(ctx.posteriors, frameFrom, frameTo, ctx.workspace), plan, undefined, ctx.workspace);
  return alignment ? collectUnits(ctx.index, plan, alignment, frameFrom) : null;
}

/** Ayahs shorter than this say too little for a letter check (as for the recognizer's neighbours). */
const MIN_CHECKED_LETTERS = 12;

/** An offered ayah of the previous surah not heard as its text (the recognizer's neighbour rule): it was not said. */
function unheardAyah(ctx: OpeningContext, unit: AlignedUnit): boolean {
  const letters = passageLetters(ctx.index, [unit.unitIndex]);
  return letters.length >= MIN_CHECKED_LETTERS && letterErrorRate(heardLetters(ctx.hyp, unit.firstFrame, unit.lastFrame), letters) > MAX_UNCHAINED_LETTER_ERROR;
}

/**
 * The junction aligned again: with the previous surah's next ayahs offered (kept only when heard
 * as their text, else aligned again without them), or null when the opening is not there.
 */
function realignJunction(ctx: OpeningContext, junction: Junction, pace: number): AlignedUnit[] | null {
  const { previous, opener } = junction;
  const dueFrames = pace * ctx.index.units[opener].spoken.length;
  const offered = previous ? trailingAyahs(ctx, previous) : [];
  let realigned = alignJunction(ctx, junction, offered, dueFrames);
  if (realigned && offered.length > 0 && realigned.some((u) => offered.includes(u.unitIndex) && unheardAyah(ctx, u))) realigned = alignJunction(ctx, junction, [], dueFrames);
  const opening = realigned?.find((u) => u.unitIndex === opener);
  if (!realigned || !opening) return null;
  const frames = opening.lastFrame - opening.firstFrame + 1;
  const step = ctx.posteriors.frameStepSeconds;
  const sound = ctx.energy ? speechSeconds(ctx.energy, opening.firstFrame * step, (opening.lastFrame + 1) * step) : 0;
  if (frames < MIN_DUE_SHARE * dueFrames || sound < MIN_SPEECH_SHARE * dueFrames * step) return null;
  return realigned;
}

/**
 * The junction before aligned unit k when it is a surah's first ayah: the opening, and the unit
 * before it in another surah (skipping the opening and isti'adha when they are aligned already).
 * Null when there is nothing to do: no opening, the first ayah heard only in part, or the
 * opening aligned already at the recording's start or after an ayah of its own surah.
 */
function junctionAt(ctx: OpeningContext, units: AlignedUnit[], k: number): { from: number; junction: Junction } | null {
  const first = units[k];
  const opener = openerOf(ctx.index, first.unitIndex);
  if (opener === null || first.startsInside || !inAllowed(ctx, opener)) return null;
  let from = k;
  // The surah's own extras (isti'adha, the opening) aligned before it are aligned again.
  while (from > 0 && units[from - 1].unit.surah === first.unit.surah && units[from - 1].unitIndex >= opener - 1 && units[from - 1].unitIndex < first.unitIndex) from--;
  const previous = units[from - 1];
  const opened = from < k;
  if (previous && previous.unit.surah === first.unit.surah) return null; // the surah goes on from an ayah of its own
  if (opened && !previous) return null; // the recording's start, opened already
  // A partly heard previous unit keeps its alignment (only a whole one is aligned again).
  if (previous && (previous.startsInside || previous.endsInside)) return opened ? null : { from, junction: { opener, first, earliestFrame: previous.lastFrame + 1 } };
  return { from: previous ? from - 1 : from, junction: { previous, opener, first } };
}

/** The aligned units with the surah openings the audio holds restored (or placed again) before their first ayahs. */
export function restoreSurahOpenings(ctx: OpeningContext, units: AlignedUnit[]): AlignedUnit[] {
  const pace = medianFramesPerLabel(units);
  if (pace === null || !ctx.energy) return units;
  const out = [...units];
  for (let k = 0; k < out.length; k++) {
    const found = junctionAt(ctx, out, k);
    if (!found) continue;
    const realigned = realignJunction(ctx, found.junction, pace);
    if (!realigned) continue;
    out.splice(found.from, k + 1 - found.from, ...realigned);
    k = found.from + realigned.length - 1;
  }
  return out;
}
