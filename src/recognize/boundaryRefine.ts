/**
 * Moves aligned ayah boundaries into the pauses around them, so no file starts or ends in the
 * middle of a sound. CTC emits a letter on a frame near its sound, not at its onset, so the
 * aligned gap between two ayahs only says roughly where the silence is. Pure.
 */
import type { Pause } from "../pipeline/types.ts";
import { quietestTime, silenceEndBefore, soundAtOrAfter, soundRunBefore, type EnergyTrack } from "../audio/energyDips.ts";

export interface GapSeconds {
  /** End of the last letter of the earlier ayah and start of the first letter of the next. */
  afterSeconds: number;
  beforeSeconds: number;
}

/** How far outside the aligned gap a pause may lie and still be the one between the ayahs. */
const GAP_TOLERANCE_SECONDS = 0.35;

function overlapSeconds(pause: Pause, from: number, to: number): number {
  return Math.max(0, Math.min(pause.endTimeSeconds, to) - Math.max(pause.startTimeSeconds, from));
}

/** With the energy track and no silence, the cut goes to the quietest moment up to this far after the next ayah's first letter. */
const QUIET_SEARCH_SECONDS = 0.2;

/** How far back before the next ayah's first letter its preceding silence is looked for. */
const ONSET_LOOKBACK_SECONDS = 1.2;

/**
 * How far forward an ayah's first letter placed in silence is moved to the sound that follows.
 * CTC may emit a slow reciter's first letter well inside the pause before it (tempo 0.8 and the
 * stretched pauses of the mujawwad set cut 0.3-0.6 s early); the letter cannot be in the silence.
 */
const ONSET_LOOKAHEAD_SECONDS = 2.0;

/**
 * Only a letter deep inside a pause is moved: a first syllable may be followed by a short break
 * (36:14's "idh", then 0.2 s of silence), and there the letter sits rightly before the silence.
 */
const MIN_SILENCE_AFTER_LETTER_SECONDS = 0.3;

/**
 * A first letter deep in silence may follow, not precede, the ayah's first sound: a short syllable
 * and then a stop's closure ("lit-taghina": "li", then the doubled t's silence, stretched to 0.8 s in
 * the mujawwad set) leave CTC's letter inside the closure. A sound run this short, nearer the
 * letter than the earlier ayah's last letter (a qalqala release right after that letter stays with
 * it), is the ayah's first syllable.
 */
const MAX_FIRST_SYLLABLE_SECONDS = 0.35;

function firstSyllableStart(gap: GapSeconds, energy: EnergyTrack): number | null {
  const run = soundRunBefore(energy, gap.beforeSeconds, gap.afterSeconds);
  if (!run || run.endSeconds - run.startSeconds > MAX_FIRST_SYLLABLE_SECONDS) return null;
  return run.startSeconds - gap.afterSeconds >= 2 * (gap.beforeSeconds - run.endSeconds) ? run.startSeconds : null;
}

/**
 * The cut between two ayahs: the middle of the pause that best overlaps the aligned gap
 * (widened by a tolerance), else the middle of the gap itself (ayahs joined without a pause).
 * Given the frame energy: where the silence before the next ayah's first letter ends (the onset
 * of its recitation; measured on the dev reciter this put half the cuts within 25 ms of the
 * reference, against 140 ms for the pause middle), else the quietest moment from the earlier ayah's
 * last letter to just after the next one's first (ayahs joined without a silence).
 */
export function cutBetween(gap: GapSeconds, pauses: Pause[], energy?: EnergyTrack): number {
  if (energy) {
    const heardSeconds = soundAtOrAfter(energy, gap.beforeSeconds, gap.beforeSeconds + ONSET_LOOKAHEAD_SECONDS);
    if (heardSeconds !== null && heardSeconds - gap.beforeSeconds >= MIN_SILENCE_AFTER_LETTER_SECONDS) {
      const syllableStart = firstSyllableStart(gap, energy);
      if (syllableStart !== null) return syllableStart;
      gap = { ...gap, beforeSeconds: heardSeconds };
    }
    // Never before the earlier ayah's last letter: its sound lies there (93:1 "wad-duha" joined to
    // 93:2 without a pause: the closure of its d, 0.2 s before the aligned ha, took the cut and the
    // file of 93:2 began with "duha").
    const earliest = Math.max(gap.afterSeconds, gap.beforeSeconds - ONSET_LOOKBACK_SECONDS);
    const silenceEnd = silenceEndBefore(energy, gap.beforeSeconds, earliest);
    if (silenceEnd !== null) return silenceEnd;
    return quietestTime(energy, gap.afterSeconds, gap.beforeSeconds + QUIET_SEARCH_SECONDS);
  }
  const from = gap.afterSeconds - GAP_TOLERANCE_SECONDS;
  const to = gap.beforeSeconds + GAP_TOLERANCE_SECONDS;
  let best: Pause | null = null;
  let bestScore = 0;
  for (const pause of pauses) {
    if (pause.endTimeSeconds < from || pause.startTimeSeconds > to) continue;
    const score = overlapSeconds(pause, from, to) * (0.5 + pause.strength);
    if (score > bestScore) { bestScore = score; best = pause; }
  }
  if (!best) return (gap.afterSeconds + gap.beforeSeconds) / 2;
  return (Math.max(best.startTimeSeconds, from) + Math.min(best.endTimeSeconds, to)) / 2;
}

/**
 * Start of a recording's first ayah: at the end of the last silence before its first letter, if
 * any within `lookBackSeconds`. The look-back is long because the first syllables may not be heard
 * as letters (quran-ctc-v1 placed the first letter of e036's basmala 1.5 s into continuous speech).
 */
export function startBefore(firstLetterSeconds: number, pauses: Pause[], lookBackSeconds = 2.5): number {
  const from = Math.max(0, firstLetterSeconds - lookBackSeconds);
  const before = pauses.filter((p) => p.endTimeSeconds >= from && p.endTimeSeconds <= firstLetterSeconds + 0.1 && p.startTimeSeconds < firstLetterSeconds);
  const pause = before.reduce<Pause | undefined>((latest, p) => (!latest || p.endTimeSeconds > latest.endTimeSeconds ? p : latest), undefined);
  if (pause) return Math.max(pause.startTimeSeconds, pause.endTimeSeconds - 0.15);
  return from === 0 ? 0 : firstLetterSeconds - 0.25;
}

/** End of a recording's last ayah: inside the silence after its last letter, if any. */
export function endAfter(lastLetterSeconds: number, pauses: Pause[], durationSeconds: number, lookAheadSeconds = 1.0): number {
  const to = Math.min(durationSeconds, lastLetterSeconds + lookAheadSeconds);
  const pause = pauses.find((p) => p.startTimeSeconds >= lastLetterSeconds - 0.1 && p.startTimeSeconds <= to);
  if (pause) return Math.min(pause.endTimeSeconds, pause.startTimeSeconds + 0.3);
  return to;
}
