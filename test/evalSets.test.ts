// The evaluation-set maker's pure parts (tempo, pause stretch, concatenation) and the extra
// scoring of generated sets (part by part, order, inventions).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { concatenateItems, mapTimeThroughInsertions, quietRuns, retimeForTempo, retimeThroughInsertions, stretchPauses, type EvalItem } from "../src/eval/evalSetTransforms.ts";
import { inventedAyahs, orderExact, scoreParts } from "../src/eval/partScores.ts";
import type { ManifestItem } from "../src/eval/scoreMetrics.ts";
import type { AyahMetadata, RecordingMetadata } from "../src/pipeline/taskTypes.ts";

const item: ManifestItem = {
  id: "x", audio: "x.mp3", kind: "whole-surah", duration: 13,
  expected: [{ surah: 112, ayah: 0, start: 0, end: 3 }, { surah: 112, ayah: 1, start: 3, end: 6.5 }, { surah: 112, ayah: 2, start: 6.5, end: 13 }],
};

test("a faster tempo shortens every reference time by the tempo", () => {
  const fast = retimeForTempo(item, 1.3);
  assert.is(fast.duration, 10);
  assert.equal(fast.expected!.map((e) => e.end), [2.308, 5, 10]);
});

test("inserted silence shifts the times after it, and only those", () => {
  const insertions = [{ atSeconds: 3.1, addedSeconds: 2 }, { atSeconds: 6.6, addedSeconds: 1 }];
  assert.is(mapTimeThroughInsertions(3, insertions), 3);
  assert.is(mapTimeThroughInsertions(6.5, insertions), 8.5);
  assert.is(mapTimeThroughInsertions(13, insertions), 16);
  assert.equal(retimeThroughInsertions(item, insertions, 16).expected!.map((e) => e.start), [0, 3, 8.5]);
});

test("pauses are found in the energy track and stretched with their own quiet samples", () => {
  const rate = 1000;
  const samples = new Float32Array(3000);
  for (let i = 0; i < 3000; i++) samples[i] = i >= 1000 && i < 1500 ? 0.0001 : 0.5 * Math.sin(i);
  const db = new Float64Array(300).map((_, f) => (f >= 100 && f < 150 ? -80 : -6));
  const runs = quietRuns(db, -80, 0.15);
  assert.equal(runs, [[1, 1.5]]);
  const stretched = stretchPauses(samples, rate, runs, 3, 4);
  assert.equal(stretched.insertions, [{ atSeconds: 1.25, addedSeconds: 1 }]);
  assert.is(stretched.samples.length, 4000);
  // The inserted second is as quiet as the pause it came from; the speech after it is intact.
  assert.ok(Math.max(...stretched.samples.subarray(1250, 2250).map(Math.abs)) <= 0.0001);
  assert.is(stretched.samples[2500], samples[1500]);
});

function ayah(surah: number, n: number, start: number, end: number): AyahMetadata {
  return { surah_number: surah, ayah_number: n, ayah_text: "", filename: "", is_basmala: n === 0, duration_seconds: end - start, cutoff_uncertain: false, start_time: start, end_time: end, confidence: 1 };
}
const meta = (ayahs: AyahMetadata[]): RecordingMetadata => ({ surah_number: ayahs[0]?.surah_number ?? 0, total_ayahs: ayahs.length, transcription: "", ayahs, diagnostics: { audio_input_end_timestamp: "", last_ayah_end_timestamp: "", engine: "t" } });

test("a concatenation is scored part by part, so the same ayah may come back once per voice", () => {
  const second = retimeForTempo({ ...item, id: "y" }, 1.3);
  const hour = concatenateItems("hour", [{ item, offsetSeconds: 0 }, { item: second, offsetSeconds: 14 }], 24);
  assert.is(hour.expected!.length, 6);
  const pred = meta([ayah(112, 0, 0, 3), ayah(112, 1, 3, 6.5), ayah(112, 2, 6.5, 13), ayah(112, 0, 14, 16.308), ayah(112, 2, 19, 24)]);
  const scores = scoreParts(hour, pred, new Float64Array(2400).fill(-6), Array(114).fill(4));
  assert.equal(scores.map((s) => [s.missing, s.extra, s.surahOk]), [[0, 0, true], [1, 0, true]]);
  assert.is(scores[0].errorsSeconds.every((e) => e === 0), true);
  assert.is(orderExact(hour, pred), false);
  assert.is(orderExact(hour, meta([ayah(112, 1, 3, 6.5), ayah(112, 2, 6.5, 13), ayah(112, 1, 16.3, 19), ayah(112, 2, 19, 24)])), true);
});

test("inventions: every ayah from non-Quran audio, ayahs the audio does not hold otherwise, none from a failed job", () => {
  const english: EvalItem = { id: "en", audio: "en.mp3", kind: "non-quran", duration: 18, expected: [], expect: "no-ayahs" };
  assert.is(inventedAyahs(english, meta([ayah(112, 1, 0, 2), ayah(112, 2, 2, 4)])), 2);
  assert.is(inventedAyahs(english, null), 0);
  assert.is(inventedAyahs(item, meta([ayah(112, 1, 3, 6.5), ayah(2, 5, 7, 8)])), 1);
  // Only the surah known (a whole-surah recording of an unseen voice): other surahs' ayahs are invented.
  const surahOnly = { id: "v-112", audio: "v-112.mp3", kind: "whole-surah", duration: 20, surah: 112 };
  assert.is(inventedAyahs(surahOnly, meta([ayah(112, 0, 0, 2), ayah(112, 1, 2, 4), ayah(112, 4, 4, 6), ayah(113, 1, 6, 8)])), 1);
});

test.run();
