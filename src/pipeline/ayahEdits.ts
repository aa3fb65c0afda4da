/**
 * Boundary corrections (PUT /jobs/{id}/ayahs): checks a person's edited ayah times against a
 * job's metadata and builds the metadata the re-cut writes. Pure: no I/O, no clock.
 *
 * The request body's shape is checked by the API (src/api/ayahEditsBody.ts); this checks the times.
 * An edit names its ayah by surah and ayah number; the k-th edit of a repeated ayah (a reciter
 * who read it twice) is the k-th occurrence in the metadata. Ayahs not named keep their times.
 */
import { formatTimestamp } from "./metadataBuilder.ts";
import type { AyahMetadata, RecordingMetadata } from "./taskTypes.ts";

export interface AyahEdit {
  surah_number: number;
  ayah_number: number;
  start_time: number;
  end_time: number;
}

/** A correction that cannot be applied; the message names the ayah and is shown to the user. */
export class AyahEditError extends Error {}

export interface AppliedEdits {
  metadata: RecordingMetadata;
  editedCount: number;
}

/** Two times closer than this are the same time (metadata keeps milliseconds). */
const SAME_TIME_SECONDS = 0.0005;

const label = (ayah: { surah_number: number; ayah_number: number }): string => `Ayah ${ayah.surah_number}:${ayah.ayah_number}`;
const roundMs = (seconds: number): number => Math.round(seconds * 1000) / 1000;

/** Index in `ayahs` of each edit; unknown ayahs and out-of-order lists are errors. */
function matchEdits(ayahs: readonly AyahMetadata[], edits: readonly AyahEdit[]): number[] {
  const used = new Set<number>();
  let previous = -1;
  return edits.map((edit) => {
    const index = ayahs.findIndex((ayah, i) => !used.has(i) && ayah.surah_number === edit.surah_number && ayah.ayah_number === edit.ayah_number);
    if (index < 0) {
      const times = ayahs.filter((ayah) => label(ayah) === label(edit)).length;
      throw new AyahEditError(times === 0 ? `${label(edit)} is not in this job's result` : `${label(edit)} is listed more often than the ${times} time(s) it is in this job's result`);
    }
    if (index < previous) throw new AyahEditError(`${label(edit)} is listed out of order: list the ayahs in the order they are recited`);
    used.add(index);
    previous = index;
    return index;
  });
}

function recordingSeconds(metadata: RecordingMetadata): number {
  const stored = metadata.diagnostics.audio_duration_seconds;
  if (typeof stored === "number") return stored;
  const [h, m, s] = metadata.diagnostics.audio_input_end_timestamp.split(":").map(Number);
  return h * 3600 + m * 60 + s;
}

function checkTimes(ayahs: readonly AyahMetadata[], durationSeconds: number): void {
  ayahs.forEach((ayah, index) => {
    if (ayah.start_time < 0) throw new AyahEditError(`${label(ayah)}: start_time ${ayah.start_time} is before the start of the recording`);
    if (ayah.end_time > durationSeconds + SAME_TIME_SECONDS) {
      throw new AyahEditError(`${label(ayah)}: end_time ${ayah.end_time} is past the end of the recording (${roundMs(durationSeconds)} s)`);
    }
    if (ayah.end_time <= ayah.start_time) throw new AyahEditError(`${label(ayah)}: end_time ${ayah.end_time} must be after start_time ${ayah.start_time}`);
    const next = ayahs[index + 1];
    if (next && ayah.end_time > next.start_time + SAME_TIME_SECONDS) {
      throw new AyahEditError(`${label(ayah)} overlaps ${label(next)}: it ends at ${ayah.end_time} s, after ${label(next)} starts at ${next.start_time} s`);
    }
  });
}

function withTimes(ayah: AyahMetadata, startSeconds: number, endSeconds: number): AyahMetadata {
  const start = roundMs(startSeconds);
  const end = roundMs(endSeconds);
  const changed = Math.abs(start - ayah.start_time) > SAME_TIME_SECONDS || Math.abs(end - ayah.end_time) > SAME_TIME_SECONDS;
  const updated: AyahMetadata = { ...ayah, start_time: start, end_time: end, duration_seconds: roundMs(end - start), edited: changed || ayah.edited === true };
  // Word times stay where the aligner heard them, but never outside their ayah's new file.
  if (ayah.words) {
    updated.words = ayah.words.map((word) => ({ ...word, start_time: Math.min(Math.max(word.start_time, start), end), end_time: Math.min(Math.max(word.end_time, start), end) }));
  }
  return updated;
}

export function applyAyahEdits(metadata: RecordingMetadata, edits: readonly AyahEdit[]): AppliedEdits {
  const indexes = matchEdits(metadata.ayahs, edits);
  const editByIndex = new Map(indexes.map((ayahIndex, editIndex) => [ayahIndex, edits[editIndex]]));
  const ayahs = metadata.ayahs.map((ayah, index) => {
    const edit = editByIndex.get(index);
    return edit ? withTimes(ayah, edit.start_time, edit.end_time) : { ...ayah, edited: ayah.edited === true };
  });
  checkTimes(ayahs, recordingSeconds(metadata));
  const editedCount = ayahs.filter((ayah, index) => ayah.start_time !== metadata.ayahs[index].start_time || ayah.end_time !== metadata.ayahs[index].end_time).length;
  const lastEnd = ayahs.reduce((latest, ayah) => Math.max(latest, ayah.end_time), 0);
  return {
    metadata: { ...metadata, ayahs, diagnostics: { ...metadata.diagnostics, last_ayah_end_timestamp: formatTimestamp(lastEnd) } },
    editedCount,
  };
}
