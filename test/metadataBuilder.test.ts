import { test } from "uvu";
import * as assert from "uvu/assert";
import { ayahFilename, buildRecordingMetadata, formatTimestamp } from "../src/pipeline/metadataBuilder.ts";
import type { AyahSpan } from "../src/pipeline/types.ts";

const span = (surah: number, ayah: number, start: number, end: number, isBasmala = false): AyahSpan =>
  ({ surah, ayah, isBasmala, startTimeSeconds: start, endTimeSeconds: end, confidence: 0.9, cutoffUncertain: false });

test("formats HH:MM:SS.mmm", () => {
  assert.is(formatTimestamp(0), "00:00:00.000");
  assert.is(formatTimestamp(1215), "00:20:15.000");
  assert.is(formatTimestamp(3723.4567), "01:02:03.457");
});

test("file names follow the spec, repeats get a suffix", () => {
  assert.is(ayahFilename(span(12, 0, 0, 1, true), 1), "surah_012_ayah_000_basmala.mp3");
  assert.is(ayahFilename(span(12, 7, 0, 1), 1), "surah_012_ayah_007.mp3");
  assert.is(ayahFilename(span(12, 7, 0, 1), 2), "surah_012_ayah_007_repeat2.mp3");
});

test("metadata counts ayahs without the basmala and carries times", () => {
  const spans = [span(112, 0, 0, 5.25, true), span(112, 1, 5.25, 8), span(112, 2, 8, 10.5), span(112, 3, 10.5, 13.8), span(112, 4, 13.8, 17.9)];
  const meta = buildRecordingMetadata({ engine: "test", spans, notes: {} }, 17.892);
  assert.is(meta.surah_number, 112);
  assert.is(meta.total_ayahs, 4);
  assert.is(meta.ayahs.length, 5);
  assert.ok(meta.ayahs[0].is_basmala);
  assert.is(meta.ayahs[1].ayah_text.length > 5, true);
  assert.is(meta.ayahs[2].duration_seconds, 2.5);
  assert.is(meta.diagnostics.audio_input_end_timestamp, "00:00:17.892");
  assert.is(meta.diagnostics.last_ayah_end_timestamp, "00:00:17.900");
  assert.is(meta.diagnostics.engine, "test");
});

test.run();
