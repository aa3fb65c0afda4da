// End to end on real recitations of the validation reciter (../shared/eval/dev), with NO hints:
// the model must identify the surah(s), return exactly the expected ayahs, and cut them close to
// the reference junctions; the API must return the same metadata as the pipeline run directly.
// Skipped with a note when the dev recordings or the model are absent.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import { energyDb, scoreItem, summarize, type ManifestItem } from "../src/eval/scoreMetrics.ts";
import { processRecording } from "../src/pipeline/processRecording.ts";
import { createWorkerContext, defaultModelCardPath } from "../src/pipeline/workerContext.ts";
import { sourceWorkerFilename, WorkerPool } from "../src/pipeline/workerPool.ts";
import type { RecordingMetadata } from "../src/pipeline/taskTypes.ts";
import { audioForm, postForm, startTestServer, waitForStatus } from "./support/testServer.ts";

const devDir = path.resolve("../shared/eval/dev");
const available = fs.existsSync(path.join(devDir, "manifest.json")) && fs.existsSync(defaultModelCardPath());
const manifest = available ? (JSON.parse(fs.readFileSync(path.join(devDir, "manifest.json"), "utf8")) as { items: ManifestItem[] }) : { items: [] };
const ayahCounts: number[] = available ? JSON.parse(fs.readFileSync(path.resolve(devDir, "../ayah_counts.json"), "utf8")) : [];
const ctx = createWorkerContext();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "recog-dev-"));

async function run(id: string, hints: { surah?: number } = {}): Promise<{ item: ManifestItem; metadata: RecordingMetadata }> {
  const item = manifest.items.find((i) => i.id === id)!;
  const reply = await processRecording(
    { jobId: id, uploadPath: path.join(devDir, item.audio), originalFilename: item.audio, resultZipPath: path.join(workDir, `${id}.zip`), tempDir: workDir, hints },
    ctx,
    () => {},
  );
  assert.ok(reply.ok, reply.ok ? "" : `${reply.code}: ${reply.message}`);
  return { item, metadata: (reply as { metadata: RecordingMetadata }).metadata };
}

async function score(item: ManifestItem, metadata: RecordingMetadata) {
  const audio = await decodeAudioFile(await ctx.ffmpeg(), path.join(devDir, item.audio));
  return scoreItem(item, metadata, energyDb(audio.samples), ayahCounts);
}

for (const id of ["e112", "e113-114", "e078-cutoff"]) {
  test(`${id}: identified with no hint, every ayah present, boundaries close`, async () => {
    if (!available) return console.log("  (skipped: ../shared/eval/dev or the model is absent)");
    const { item, metadata } = await run(id);
    const result = await score(item, metadata);
    const summary = summarize([result]);
    assert.ok(result.surahOk, `surah: ${metadata.surah_number}`);
    assert.is(result.missing, 0, "missing ayahs");
    assert.is(result.extra, 0, "extra ayahs");
    assert.ok(summary.median_ms! <= 100, `median ${summary.median_ms} ms`);
    assert.ok(summary.within_1000ms! >= 90, `within 1 s: ${summary.within_1000ms} %`);
    if (item.cut_off_end) assert.ok(result.cutoffFlagged, "cut-off last ayah flagged");
    // Everything heard is explained and every ayah is at the reciter's pace: no false alarms.
    assert.is(metadata.diagnostics.unrecognized_speech, null, "unrecognized speech");
    assert.is(metadata.diagnostics.implausible_pace, null, "implausible pace");
  });
}

test("e113-114 hinted as 113: 113's ayahs, and 114 reported as unrecognized speech (not absorbed as the closing phrase)", async () => {
  if (!available) return console.log("  (skipped: ../shared/eval/dev or the model is absent)");
  const { item, metadata } = await run("e113-114", { surah: 113 });
  const diagnostics = metadata.diagnostics;
  console.log(`  unrecognized_speech: ${diagnostics.unrecognized_speech}; implausible_pace: ${diagnostics.implausible_pace}`);
  assert.equal(metadata.ayahs.map((a) => `${a.surah_number}:${a.ayah_number}`), ["113:0", "113:1", "113:2", "113:3", "113:4", "113:5"]);
  const reference = item.expected!.find((a) => a.surah === 114)!;
  const lastEnd = metadata.ayahs[metadata.ayahs.length - 1].end_time;
  assert.ok(Math.abs(lastEnd - reference.start) < 1.0, `113:5 ends at ${lastEnd} s, 114 starts at ${reference.start} s`);
  assert.is(diagnostics.non_quran_audio, null, "114 taken for the closing phrase");
  assert.ok(Number(diagnostics.unrecognized_speech_seconds) >= 20, `unrecognized ${diagnostics.unrecognized_speech_seconds} s`);
});

test("the API with no hints returns the same ayahs and times as the pipeline", async () => {
  if (!available) return console.log("  (skipped: ../shared/eval/dev or the model is absent)");
  const { metadata } = await run("e112");
  const server = await startTestServer({ runner: new WorkerPool({ workerFilename: sourceWorkerFilename() }) });
  try {
    const response = await postForm(`${server.url}/transcribe/async`, audioForm("e112.mp3", fs.readFileSync(path.join(devDir, "e112.mp3"))));
    const { job_id: jobId } = (await response.json()) as { job_id: string };
    const done = await waitForStatus(server.url, jobId, ["completed", "failed"], 120_000);
    assert.is(done.status, "completed", String(done.error));
    const viaApi = (await (await fetch(`${server.url}${done.metadata_url}`)).json()) as RecordingMetadata;
    assert.equal(viaApi.ayahs.map((a) => [a.surah_number, a.ayah_number, a.start_time, a.end_time]), metadata.ayahs.map((a) => [a.surah_number, a.ayah_number, a.start_time, a.end_time]));
  } finally {
    await server.close();
  }
});

test.after(() => fs.rmSync(workDir, { recursive: true, force: true }));

test.run();
