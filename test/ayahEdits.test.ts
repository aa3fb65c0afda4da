// Boundary corrections (src/pipeline/ayahEdits.ts): what a PUT /jobs/{id}/ayahs body may say and
// the metadata the re-cut writes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { applyAyahEdits, AyahEditError, type AyahEdit } from "../src/pipeline/ayahEdits.ts";
import type { AyahMetadata, RecordingMetadata } from "../src/pipeline/taskTypes.ts";

function ayah(ayahNumber: number, start: number, end: number, words = false): AyahMetadata {
  return {
    surah_number: 112, ayah_number: ayahNumber, ayah_text: `text ${ayahNumber}`, filename: `surah_112_ayah_00${ayahNumber}.mp3`,
    is_basmala: ayahNumber === 0, duration_seconds: Math.round((end - start) * 1000) / 1000, cutoff_uncertain: false, start_time: start, end_time: end, confidence: 0.9,
    ...(words ? { words: [{ word: "a", start_time: start, end_time: start + 0.5 }, { word: "b", start_time: end - 0.5, end_time: end }] } : {}),
  };
}

const METADATA: RecordingMetadata = {
  surah_number: 112, total_ayahs: 3, transcription: "t",
  ayahs: [ayah(0, 0.5, 2.9), ayah(1, 3.9, 5.3, true), ayah(2, 6.3, 7.5), ayah(3, 8.5, 10.1)],
  diagnostics: { audio_input_end_timestamp: "00:00:11.000", last_ayah_end_timestamp: "00:00:10.100", engine: "test", audio_duration_seconds: 11 },
};

const edit = (ayahNumber: number, start: number, end: number): AyahEdit => ({ surah_number: 112, ayah_number: ayahNumber, start_time: start, end_time: end });

function rejects(edits: AyahEdit[], pattern: RegExp): void {
  try {
    applyAyahEdits(METADATA, edits);
  } catch (error) {
    assert.instance(error, AyahEditError);
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`accepted ${JSON.stringify(edits)}`);
}

test("a moved boundary: new times and duration, edited flags, words kept inside, others untouched", () => {
  const { metadata, editedCount } = applyAyahEdits(METADATA, [edit(1, 3.9, 4.8), edit(2, 5.9, 7.5)]);
  assert.is(editedCount, 2);
  assert.equal(metadata.ayahs.map((a) => [a.start_time, a.end_time, a.duration_seconds, a.edited]), [
    [0.5, 2.9, 2.4, false], [3.9, 4.8, 0.9, true], [5.9, 7.5, 1.6, true], [8.5, 10.1, 1.6, false],
  ]);
  assert.equal(metadata.ayahs[1].words!.map((w) => [w.start_time, w.end_time]), [[3.9, 4.4], [4.8, 4.8]]);
  assert.is(metadata.diagnostics.last_ayah_end_timestamp, "00:00:10.100");
  assert.is(METADATA.ayahs[1].end_time, 5.3, "the input is not modified");
});

test("the same times again change nothing; an earlier edit stays marked", () => {
  assert.is(applyAyahEdits(METADATA, [edit(1, 3.9, 5.3)]).editedCount, 0);
  const once = applyAyahEdits(METADATA, [edit(3, 8.5, 10.6)]).metadata;
  const twice = applyAyahEdits(once, [edit(1, 3.8, 5.3)]);
  assert.is(twice.editedCount, 1);
  assert.equal(twice.metadata.ayahs.map((a) => a.edited), [false, true, false, true]);
  assert.is(twice.metadata.diagnostics.last_ayah_end_timestamp, "00:00:10.600");
});

test("rejected edits name the offending ayah", () => {
  rejects([edit(1, 3.9, 6.5)], /^Ayah 112:1 overlaps Ayah 112:2: it ends at 6.5 s, after Ayah 112:2 starts at 6.3 s$/);
  rejects([edit(3, 8.5, 11.2)], /^Ayah 112:3: end_time 11.2 is past the end of the recording \(11 s\)$/);
  rejects([edit(0, -0.1, 2.9)], /^Ayah 112:0: start_time -0.1 is before the start/);
  rejects([edit(2, 7, 6.9)], /^Ayah 112:2: end_time 6.9 must be after start_time 7$/);
  rejects([edit(5, 1, 2)], /^Ayah 112:5 is not in this job's result$/);
  rejects([{ ...edit(1, 1, 2), surah_number: 2 }], /^Ayah 2:1 is not in this job's result$/);
  rejects([edit(1, 3.9, 5.3), edit(1, 3.9, 5.3)], /Ayah 112:1 is listed more often than the 1 time/);
  rejects([edit(2, 6.3, 7.5), edit(1, 3.9, 5.3)], /^Ayah 112:1 is listed out of order/);
});

test("a repeated ayah: the k-th edit of it is its k-th occurrence", () => {
  const repeated: RecordingMetadata = { ...METADATA, ayahs: [ayah(1, 1, 2), ayah(2, 2.5, 3), ayah(1, 3.5, 4.5)] };
  const { metadata } = applyAyahEdits(repeated, [edit(1, 1, 2), edit(1, 3.6, 4.5)]);
  assert.equal(metadata.ayahs.map((a) => [a.start_time, a.edited]), [[1, false], [2.5, false], [3.6, true]]);
});

test.run();
