import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { energyDb, percentile, scoreItem, summarize, type ManifestItem } from "../src/eval/scoreMetrics.ts";
import { encodeWav16, synthesizeBursts } from "./helpers/wavFile.ts";
import type { RecordingMetadata } from "../src/pipeline/taskTypes.ts";

const scorer = path.resolve("../shared/eval/score.py");
const ayahCounts: number[] = existsSync("../shared/eval/ayah_counts.json") ? JSON.parse(readFileSync("../shared/eval/ayah_counts.json", "utf8")) : [];

function canRunPythonScorer(): boolean {
  try {
    execFileSync("python3", ["-c", "import numpy"], { stdio: "ignore" });
    execFileSync("ffmpeg", ["-version"], { stdio: "ignore" });
    return existsSync(scorer);
  } catch { return false; }
}

test("percentile interpolates like numpy", () => {
  assert.is(percentile([1, 2, 3, 4], 50), 2.5);
  assert.is(percentile([10, 0, 5], 90), 9);
});

function makeCase() {
  // 4 "ayahs" of tone separated by 0.6 s silences; junctions at the silence starts.
  const segments = [{ toneSeconds: 2, silenceSeconds: 0.6 }, { toneSeconds: 3, silenceSeconds: 0.6 }, { toneSeconds: 1.5, silenceSeconds: 0.6 }, { toneSeconds: 2.5, silenceSeconds: 0.3 }];
  const samples = synthesizeBursts(segments);
  const starts = [0, 2.6, 6.2, 8.3];
  const ends = [2.6, 6.2, 8.3, 11.1];
  const item: ManifestItem = {
    id: "g001", audio: "g001.wav", kind: "whole-surah", duration: 11.1,
    expected: starts.map((start, k) => ({ surah: 112, ayah: k + 1, start, end: ends[k] })), cut_off_end: true,
  };
  const predTimes = [[0, 2.3], [2.3, 6.4], [6.4, 7.2], [8.1, 11.1]];
  const pred = {
    surah_number: 112, total_ayahs: 4, transcription: "",
    ayahs: predTimes.map(([s, e], k) => ({ surah_number: 112, ayah_number: k + 1, start_time: s, end_time: e, cutoff_uncertain: k === 3 })),
    diagnostics: {},
  } as unknown as RecordingMetadata;
  return { samples, item, pred };
}

test("TS metrics agree with ../shared/eval/score.py on a generated case", () => {
  if (!canRunPythonScorer()) return console.log("  (skipped: python3+numpy, ffmpeg or ../shared/eval/score.py absent)");
  const { samples, item, pred } = makeCase();
  const dir = mkdtempSync(path.join(tmpdir(), "score-"));
  mkdirSync(path.join(dir, "pred"));
  writeFileSync(path.join(dir, "g001.wav"), encodeWav16(samples, 16000));
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ name: "gen", items: [item] }));
  writeFileSync(path.join(dir, "pred", "g001.json"), JSON.stringify(pred));
  const out = execFileSync("python3", [scorer, dir, path.join(dir, "pred")], { encoding: "utf8" });
  const python = JSON.parse(/SUMMARY (.*)/.exec(out)![1]);
  const ours = summarize([scoreItem(item, pred, energyDb(samples), ayahCounts)]);
  assert.ok(ours.boundaries >= 3);
  assert.ok(ours.median_ms! > 0, "case must have non-zero errors");
  assert.equal(ours, python);
});

test.run();
