/**
 * Recognition + forced alignment over the model's letter posteriors, with no hint needed:
 * greedy letters → locate in the Quran → per located segment, CTC forced alignment of the
 * segment's text (optional extras may be skipped) inside a band around the locator's anchors →
 * ayah spans whose boundaries are moved into the pauses around them. Pure function.
 */
import type { LetterPosteriors } from "../model/ctcPosteriors.ts";
import { greedyDecodeDetailed, type GreedyDecoding } from "../model/greedyDecode.ts";
import type { TextRules } from "../quran/spokenText.ts";
import type { AlignHints, AlignmentResult, Pause } from "../pipeline/types.ts";
import { createLatticeWorkspace, type LatticeWorkspace } from "../align/ctcAlign.ts";
import { mergeFalseRepeats } from "./repeatCheck.ts";
import { bandFor, forcedAlignWithFallback, MAX_UNBANDED_CELLS, sliceFramePosteriors } from "./segmentAlign.ts";
import { locateSegments, type HypothesisLetter, type LocatedSegment } from "./locate.ts";
import { isOptionalUnit, type QuranIndex } from "./quranIndex.ts";
import type { EnergyTrack } from "../audio/energyDips.ts";
import { planSegmentUnits, type SegmentUnits } from "./segmentPlan.ts";
import { unitToKeep } from "./neighbourKeep.ts";
import { buildLabelPlan } from "./labelPlan.ts";
import { collectUnits } from "./alignedUnits.ts";
import { restoreSurahOpenings } from "./surahOpening.ts";
import { completeSurahEnding } from "./surahEnding.ts";
import { dropUnheardFinalBasmala } from "./finalBasmala.ts";
import { spansFromAlignment, type AlignedUnit } from "./spanBuilder.ts";
import { locateInGaps } from "./gapSearch.ts";
import { heardLetters, identifyWholeRecording, letterErrorRate, MAX_UNCHAINED_LETTER_ERROR, passageLetters, unitLetterError } from "./letterAgreement.ts";
import { describeUnexplainedSpeech, unexplainedSpeech } from "./speechCoverage.ts";
import { dropLookAlikes } from "./lookAlike.ts";
import { dropUnheardExtensions } from "./chainExtension.ts";
import { describePaceOutliers, paceOutliers, type PacedUnit } from "./paceCheck.ts";

export const CTC_ENGINE = "ctc-locate-align";

export interface RecognizerInput {
  posteriors: LetterPosteriors;
  pauses: Pause[];
  hints: AlignHints;
  durationSeconds: number;
  energy?: EnergyTrack;
}

export function hypothesisLetters(posteriors: LetterPosteriors, decoding: GreedyDecoding, index: QuranIndex): HypothesisLetter[] {
  const letters: HypothesisLetter[] = [];
  decoding.symbolIndices.forEach((symbol, k) => {
    const letterId = index.letterIds.get(posteriors.alphabet[symbol]);
    if (letterId !== undefined) letters.push({ letterId, frameIndex: decoding.startFrames[k] });
  });
  return letters;
}

/**
 * Stream letters the hints allow: the hinted surah (and ayah range), else the whole Quran. The
 * extras before the surah's first ayah (isti'adha, basmala) belong to a range that starts at
 * ayah 1, the closing phrase to one that runs to the last ayah.
 */
export function allowedStreamRange(index: QuranIndex, hints: AlignHints): [number, number] {
  if (hints.surah === undefined) return [0, index.letters.length];
  const inSurah = index.units.filter((u) => u.surah === hints.surah);
  const ayahs = inSurah.filter((u) => u.kind === "ayah");
  const from = hints.fromAyah ?? 1;
  const to = Math.min(hints.toAyah ?? Number.MAX_SAFE_INTEGER, ayahs.length);
  const inRange = ayahs.filter((u) => u.ayah >= from && u.ayah <= to);
  const start = from > 1 ? inRange[0].startLetter : Math.min(...inSurah.map((u) => u.startLetter));
  const end = to < ayahs.length ? inRange[inRange.length - 1].endLetter : Math.max(...inSurah.map((u) => u.endLetter));
  return [start, end];
}

/** Frame ranges each segment owns: split halfway between neighbouring segments' letters. */
function segmentFrameRanges(segments: LocatedSegment[], hyp: HypothesisLetter[], frameCount: number): [number, number][] {
  return segments.map((segment, k) => {
    const from = k === 0 ? 0 : Math.round((hyp[segments[k - 1].lastHyp].frameIndex + hyp[segment.firstHyp].frameIndex) / 2);
    const to = k === segments.length - 1 ? frameCount : Math.round((hyp[segment.lastHyp].frameIndex + hyp[segments[k + 1].firstHyp].frameIndex) / 2);
    return [from, to];
  });
}

/**
 * A short recording (one short surah) may hold too few intact rare k-mers for a chain; then a
 * second, looser pass accepts commoner k-mers (the basmala's) and shorter chains.
 */
function locateWithFallback(index: QuranIndex, hyp: HypothesisLetter[], allowed: [number, number], frameCount: number): LocatedSegment[] {
  const strict = locateSegments(index, hyp, { streamRange: allowed });
  if (strict.length > 0) {
    return locateInGaps({
      index, hyp, allowed,
      acceptLoose: (segment) => anchorsInAyahs(index, segment) >= MIN_AYAH_ANCHORS,
      unchained: (units, hypRange) => unchainedSegment(index, units, hyp, frameCount, hypRange),
    }, strict);
  }
  return locateSegments(index, hyp, { streamRange: allowed, maxOccurrences: 150, minChainHits: 4 })
    .filter((segment) => anchorsInAyahs(index, segment) >= MIN_AYAH_ANCHORS);
}

/**
 * The user named the surah but the model heard too little for a chain (a short surah read fast
 * by a voice it hears poorly): the hinted ayahs, as one segment over the whole recording, are
 * still force-aligned by the model, which places cuts far better than pauses alone.
 */
function hintedSegment(index: QuranIndex, hints: AlignHints, allowed: [number, number], hyp: HypothesisLetter[], frameCount: number): LocatedSegment | null {
  if (hints.surah === undefined) return null;
  const ayahUnits = index.units
    .map((unit, unitIndex) => ({ unit, unitIndex }))
    .filter(({ unit }) => unit.kind === "ayah" && unit.startLetter >= allowed[0] && unit.endLetter <= allowed[1]);
  if (ayahUnits.length === 0) return null;
  return unchainedSegment(index, [ayahUnits[0].unitIndex, ayahUnits[ayahUnits.length - 1].unitIndex], hyp, frameCount);
}

/**
 * Units [firstUnit, lastUnit] as one segment over all the letters heard, anchored only at both
 * ends. Too long a passage for an unbanded lattice gives null.
 */
function unchainedSegment(index: QuranIndex, [firstUnit, lastUnit]: [number, number], hyp: HypothesisLetter[], frameCount: number, [hypFrom, hypTo] = [0, hyp.length]): LocatedSegment | null {
  if (hypTo <= hypFrom) return null;
  const first = index.units[firstUnit];
  const last = index.units[lastUnit];
  // Without anchors the band is a bare diagonal: the passage must be small enough to search whole.
  const frames = hypFrom === 0 && hypTo === hyp.length ? frameCount : hyp[hypTo - 1].frameIndex - hyp[hypFrom].frameIndex + 1;
  if (frames * 2 * (last.endLetter - first.startLetter) > MAX_UNBANDED_CELLS) return null;
  const lastHyp = hypTo - 1;
  return {
    firstHyp: hypFrom,
    lastHyp,
    firstUnit,
    lastUnit,
    unchained: true,
    anchors: [
      { hypIndex: hypFrom, streamLetter: first.startLetter },
      { hypIndex: Math.max(hypFrom, lastHyp - index.kmerLength + 1), streamLetter: Math.max(first.startLetter, last.endLetter - index.kmerLength) },
    ],
  };
}

/** No chain and no hint: a short recording matched as a whole against every surah. */
function identifiedSegment(index: QuranIndex, hyp: HypothesisLetter[], frameCount: number): LocatedSegment | null {
  const match = identifyWholeRecording(index, hyp);
  return match ? unchainedSegment(index, [match.firstUnit, match.lastUnit], hyp, frameCount) : null;
}

/**
 * A passage aligned without any located chain must still sound like that text: a wrong hint
 * (surah 113 recited, 114 named) aligns its shared opening and then ~0.03 per ayah, and speech
 * that is not Quran (English) fits the frames at confidence ~0.3 but is heard as other letters.
 */
function heardAsAligned(index: QuranIndex, units: AlignedUnit[], hyp: HypothesisLetter[]): boolean {
  if (medianAyahConfidence(units) < MIN_HINTED_MEDIAN_CONFIDENCE) return false;
  const heard = heardLetters(hyp, units[0].firstFrame, units[units.length - 1].lastFrame);
  return letterErrorRate(heard, passageLetters(index, units.map((u) => u.unitIndex))) <= MAX_UNCHAINED_LETTER_ERROR;
}

/** A loose chain must rest on ayah text, not only on the basmala every surah shares. */
const MIN_AYAH_ANCHORS = 3;

function anchorsInAyahs(index: QuranIndex, segment: LocatedSegment): number {
  return segment.anchors.filter((anchor) => index.units[index.unitOfLetter[anchor.streamLetter]].kind === "ayah").length;
}

export interface AlignedRecitation {
  units: AlignedUnit[];
  segmentCount: number;
  /** The greedy letters the locator searched (the recording's transcription). */
  transcription: string;
  /** Output frame of each greedy letter heard (where the model heard speech). */
  letterFrames: number[];
}

/** Locate + forced alignment: the recited units with their letter frames (null when nothing was found). */
export function alignRecitedUnits(input: RecognizerInput, index: QuranIndex, rules: TextRules): AlignedRecitation | null {
  const { posteriors } = input;
  const decoding = greedyDecodeDetailed(posteriors);
  const hyp = hypothesisLetters(posteriors, decoding, index);
  const allowed = allowedStreamRange(index, input.hints);
  // One backpointer buffer for every alignment of this recording (memory flat over its segments).
  const workspace = createLatticeWorkspace();
  let segments = dropLookAlikes(index, hyp, mergeFalseRepeats({ posteriors, hyp, index, rules, workspace }, locateWithFallback(index, hyp, allowed, posteriors.frameCount)));
  // No chain: the hinted passage, or the surah the whole recording matches, aligned unanchored.
  const unchained = segments.length === 0;
  if (unchained) {
    const segment = input.hints.surah !== undefined
      ? hintedSegment(index, input.hints, allowed, hyp, posteriors.frameCount)
      : identifiedSegment(index, hyp, posteriors.frameCount);
    if (!segment) return null;
    segments = [segment];
  }
  const frameRanges = segmentFrameRanges(segments, hyp, posteriors.frameCount);
  const letterFrames = hyp.map((letter) => letter.frameIndex);
  const aligned: AlignedUnit[] = [];
  const lastLetterSeconds = hyp.length ? hyp[hyp.length - 1].frameIndex * posteriors.frameStepSeconds : 0;
  const speechRunsToEnd = input.durationSeconds - lastLetterSeconds < SPEECH_TO_END_SECONDS;
  segments.forEach((segment, k) => {
    const units = planSegmentUnits(index, segment, {
      hypFrom: k === 0 ? 0 : segments[k - 1].lastHyp + 1,
      hypTo: k === segments.length - 1 ? hyp.length : segments[k + 1].firstHyp,
      allowed,
      isFirstSegment: k === 0,
      isLastSegment: k === segments.length - 1,
      speechRunsToEnd,
      hints: input.hints,
    });
    // Nothing located where the hinted text ends: the recitation may stop after any of its ayahs.
    if (unchained) units.trailingCount = units.unitIndexes.length - units.leadingCount - 1;
    const [frameFrom, frameTo] = frameRanges[k];
    let result = alignKeepingNeighbours({ input, index, rules, hyp, allowed, letterFrames, workspace }, segment, units, [frameFrom, frameTo]);
    if ((segment.unchained || segment.verify) && result.length > 0 && !heardAsAligned(index, result, hyp)) result = [];
    result = dropUnheardExtensions(index, result, segment, hyp);
    aligned.push(...dropUnheardNeighbours(index, result, segment, hyp));
  });
  if (aligned.length === 0) return null;
  const context = { index, rules, posteriors, energy: input.energy, workspace, allowed, hyp };
  const units = dropUnheardFinalBasmala(index, completeSurahEnding(context, restoreSurahOpenings(context, relabelBasmalas(index, aligned))), hyp);
  return { units, segmentCount: segments.length, transcription: decoding.text, letterFrames };
}

interface AlignContext {
  input: RecognizerInput;
  index: QuranIndex;
  rules: TextRules;
  hyp: HypothesisLetter[];
  allowed: [number, number];
  letterFrames: number[];
  /** The recording's one backpointer buffer, shared by all its alignments. */
  workspace: LatticeWorkspace;
}

/**
 * One segment's forced alignment, re-aligned while the audio holds clear speech outside what was
 * aligned and a skipped neighbour could explain it (a basmala the model heard too poorly to prefer
 * over skipping). Each re-alignment is a candidate; the one that keeps the most ayahs and basmalas
 * (after edge ayahs not heard as their text are dropped), then the highest total confidence, wins.
 * The last one did before, and the search could run away through the neighbours: in the hour-long
 * set 3:189, 3:188, … 3:178 were kept one after another into the tail of the al-Fatiha before
 * them, then dropped as unheard, leaving 3:190–199 squeezed into half their time at confidence 0;
 * while the first alignment had them right. (Keeping goes on past an unheard neighbour, though:
 * 114:1 looks unheard while 114:0 is still stretched over it, and is heard once 114:2… follow.)
 */
function alignKeepingNeighbours(ctx: AlignContext, segment: LocatedSegment, units: SegmentUnits, [frameFrom, frameTo]: [number, number]): AlignedUnit[] {
  const { input, index, hyp } = ctx;
  const { posteriors } = input;
  const keepUnits = new Set<number>();
  const candidates: AlignedUnit[][] = [];
  for (let attempt = 0; attempt <= MAX_KEEP_ATTEMPTS; attempt++) {
    const plan = buildLabelPlan(index, ctx.rules, posteriors.alphabet, units.unitIndexes, { ...units, keepUnits });
    const band = bandFor(plan, segment, hyp, frameFrom, frameTo - frameFrom);
    const alignment = forcedAlignWithFallback(sliceFramePosteriors(posteriors, frameFrom, frameTo, ctx.workspace), plan, band, ctx.workspace);
    if (!alignment) break; // keeps the results that aligned (none on the first attempt: segment dropped)
    const result = collectUnits(index, plan, alignment, frameFrom);
    candidates.push(result);
    const decision = input.energy
      ? unitToKeep({ index, result, planned: units.unitIndexes, energy: input.energy, pauses: input.pauses, frameRange: [frameFrom, frameTo], frameSeconds: posteriors.frameStepSeconds, allowed: ctx.allowed, letterFrames: ctx.letterFrames })
      : null;
    if (decision === null || keepUnits.has(decision.unitIndex)) break;
    units.unitIndexes.unshift(...decision.prepend);
    units.unitIndexes.push(...decision.append);
    for (const added of [...decision.prepend, ...decision.append]) if (isOptionalUnit(index.units[added])) units.optionalUnits.add(added);
    keepUnits.add(decision.unitIndex);
  }
  return bestCandidate(candidates, (result) => dropUnheardNeighbours(index, result, segment, hyp));
}

/**
 * An ayah aligned below this is a forced fit, not an ayah heard (the hinted-passage rule's floor):
 * counting it let 3:189 at 0.03 push 3:190 (then 0.00) out of its own start in the hour-long set.
 * Basmalas count at any confidence: the model hears them poorly (0.02–0.2 in the hour-long set),
 * and one kept where the speech is is a surah's real opening; so do ayahs too short for their
 * confidence to mean much (36:1 "Ya-Sin" at 0.04 beside its basmala in e036 at 1.6x).
 */
const MIN_COUNTED_CONFIDENCE = 0.05;

/** The candidate keeping the most basmalas and ayahs (these aligned at ≥ MIN_COUNTED_CONFIDENCE) once `kept` has dropped what is not heard, then the most confidence; the later one on a tie. */
function bestCandidate(candidates: AlignedUnit[][], kept: (result: AlignedUnit[]) => AlignedUnit[]): AlignedUnit[] {
  let best: AlignedUnit[] = [];
  let bestScore = [-1, -1];
  for (const result of candidates) {
    const heard = kept(result);
    const counted = heard.filter((u) => u.unit.kind === "basmala" || (u.unit.kind === "ayah" && (u.confidence >= MIN_COUNTED_CONFIDENCE || u.labelFrames.startFrames.length < MIN_CHECKED_LETTERS)));
    const score = [counted.length, heard.reduce((sum, u) => sum + u.confidence, 0)];
    if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] >= bestScore[1] - 1e-9)) [best, bestScore] = [result, score];
  }
  return best;
}

/**
 * Letter error above which an ayah the chain did not confirm (a neighbour offered as optional, or
 * brought back by the speech check) is not what the audio holds: in a playlist the next recording
 * (113 after 67) was otherwise aligned as 68's first ayahs at confidence ~0.1.
 */
const MAX_NEIGHBOUR_LETTER_ERROR = MAX_UNCHAINED_LETTER_ERROR;
/** Ayahs shorter than this say too little for a letter check. */
const MIN_CHECKED_LETTERS = 12;

function unheard(index: QuranIndex, unit: AlignedUnit, hyp: HypothesisLetter[]): boolean {
  if (unit.unit.kind !== "ayah" || unit.unit.endLetter - unit.unit.startLetter < MIN_CHECKED_LETTERS) return false;
  return unitLetterError(index, unit, hyp) > MAX_NEIGHBOUR_LETTER_ERROR;
}

/** Unconfirmed edge ayahs (outside the chain's units) not heard as their text are dropped, with what lies beyond them. */
function dropUnheardNeighbours(index: QuranIndex, result: AlignedUnit[], segment: LocatedSegment, hyp: HypothesisLetter[]): AlignedUnit[] {
  if (segment.unchained) return result;
  let from = 0;
  for (let k = 0; k < result.length && result[k].unitIndex < segment.firstUnit; k++) {
    if (unheard(index, result[k], hyp)) from = k + 1;
    else if (result[k].unit.kind === "ayah") break;
  }
  let to = result.length;
  for (let k = result.length - 1; k >= from && result[k].unitIndex > segment.lastUnit; k--) {
    if (unheard(index, result[k], hyp)) to = k;
    else if (result[k].unit.kind === "ayah") break;
  }
  return result.slice(from, to);
}

/**
 * Every basmala has the same text, so one aligned as the trailing neighbour of one surah may head
 * the next recording: a basmala directly followed by ayah 1 of another surah is that surah's.
 */
function relabelBasmalas(index: QuranIndex, units: AlignedUnit[]): AlignedUnit[] {
  return units.map((unit, k) => {
    const next = units[k + 1];
    if (unit.unit.kind !== "basmala" || !next || next.unit.surah === unit.unit.surah) return unit;
    const heads = next.unit.kind === "ayah" && (next.unit.ayah === 1 || (next.unit.surah === 1 && next.unit.ayah === 2));
    const own = index.units[next.unitIndex - 1];
    if (!heads || !own || own.surah !== next.unit.surah || !(own.kind === "basmala" || (own.surah === 1 && own.ayah === 1))) return unit;
    return { ...unit, unitIndex: next.unitIndex - 1, unit: own };
  });
}

/** Real recitations the locator missed measure 0.28 (Sudais, al-Fatiha) to 0.49 (Sudais, 112). */
const MIN_HINTED_MEDIAN_CONFIDENCE = 0.1;

function medianAyahConfidence(units: AlignedUnit[]): number {
  const values = units.filter((u) => u.unit.kind === "ayah").map((u) => u.confidence).sort((a, b) => a - b);
  return values.length === 0 ? 0 : values[Math.floor(values.length / 2)];
}

export function recognizeAndAlign(input: RecognizerInput, index: QuranIndex, rules: TextRules): AlignmentResult | null {
  const recitation = alignRecitedUnits(input, index, rules);
  if (!recitation) return null;
  const step = input.posteriors.frameStepSeconds;
  const outliers = paceOutliers(recitation.units.map(pacedUnit), step);
  // An optional phrase at an impossible pace only absorbed audio it does not hold: drop it, so
  // that audio is reported as unrecognized speech and the ayah before it ends where it ends.
  const absorbed = new Set(outliers.filter((o) => isOptionalUnit(recitation.units[o.index].unit) && recitation.units[o.index].unit.kind !== "basmala").map((o) => o.index));
  const units = recitation.units.filter((_, k) => !absorbed.has(k));
  if (units.length === 0) return null;
  const result = spansFromAlignment(units, input, recitation.transcription, recitation.segmentCount);
  const stretches = unexplainedSpeech(units, recitation.letterFrames, step);
  return {
    ...result,
    notes: {
      ...result.notes,
      unrecognized_speech: describeUnexplainedSpeech(stretches),
      unrecognized_speech_seconds: Math.round(stretches.reduce((sum, s) => sum + s.endTimeSeconds - s.startTimeSeconds, 0) * 100) / 100,
      implausible_pace: describePaceOutliers(outliers),
    },
  };
}

const UNIT_LABELS: Partial<Record<string, string>> = { istiadha: "isti'adha", sadaqa: "closing phrase", basmala: "basmala" };

function pacedUnit(u: AlignedUnit): PacedUnit {
  return {
    label: `${u.unit.surah}:${UNIT_LABELS[u.unit.kind] ?? u.unit.ayah}`, isAyah: u.unit.kind === "ayah",
    letterCount: u.labelFrames.startFrames.length, firstFrame: u.firstFrame, lastFrame: u.lastFrame,
    confidence: u.confidence, partial: u.startsInside || u.endsInside,
  };
}

/** Re-alignments per segment to bring in skipped neighbours the audio calls for. */
const MAX_KEEP_ATTEMPTS = 12;

/** The last letter heard this close to the recording's end means the recitation may be cut off. */
const SPEECH_TO_END_SECONDS = 1.0;
