// The page's endpoints over the REAL worker (piscina thread → processRecording) with generated
// audio: the waveform the worker writes, a boundary correction re-cut from the upload (mp3 stream
// copy, new durations), and cancelling a running job within a second.
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { unzipSync } from "fflate";
import { createFfmpegCore, type FfmpegCore } from "../src/audio/ffmpegCore.ts";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import type { WaveformPeaks } from "../src/audio/waveformPeaks.ts";
import { sourceWorkerFilename, WorkerPool } from "../src/pipeline/workerPool.ts";
import type { RecordingMetadata } from "../src/pipeline/taskTypes.ts";
import { encodePattern, makeTempDir, surah112Pattern, synthesizePattern } from "./helpers/generateAudio.ts";
import { audioForm, postForm, startTestServer, waitForStatus, type TestServer } from "./support/testServer.ts";

const PATTERN = surah112Pattern();

let core: FfmpegCore;
let fixtureDir: string;
let server: TestServer;

test.before(async () => {
  core = await createFfmpegCore();
  fixtureDir = makeTempDir("qs-api-recut");
  // Tone bursts are split by the surah hint only without the model (worker threads copy process.env).
  process.env.QURAN_SPLITTER_MODEL_DIR = path.join(fixtureDir, "no-model");
  server = await startTestServer({ runner: new WorkerPool({ workerFilename: sourceWorkerFilename() }) });
});

test.after(async () => {
  await server.close();
  delete process.env.QURAN_SPLITTER_MODEL_DIR;
  fs.rmSync(fixtureDir, { recursive: true, force: true });
});

async function submit(name: string, bytes: Uint8Array): Promise<string> {
  const response = await postForm(`${server.url}/transcribe/async`, audioForm(name, bytes, { surah: "112" }));
  assert.is(response.status, 200);
  return ((await response.json()) as { job_id: string }).job_id;
}

async function zipDurations(jobId: string): Promise<Record<string, { seconds: number; bytes: Uint8Array }>> {
  const zip = unzipSync(new Uint8Array(await (await fetch(`${server.url}/jobs/${jobId}/download`)).arrayBuffer()));
  const out: Record<string, { seconds: number; bytes: Uint8Array }> = {};
  for (const [name, bytes] of Object.entries(zip)) {
    if (!name.endsWith(".mp3")) continue;
    const file = path.join(fixtureDir, `${jobId}-${name}`);
    fs.writeFileSync(file, bytes);
    out[name] = { seconds: (await decodeAudioFile(core, file)).durationSeconds, bytes };
  }
  return out;
}

test("the worker writes the waveform: 50 peaks a second, loud in the bursts, silent between them", async () => {
  const mp3 = fs.readFileSync(await encodePattern(core, PATTERN, fixtureDir, "wave", "mp3"));
  const jobId = await submit("wave.mp3", mp3);
  await waitForStatus(server.url, jobId, ["completed"], 60_000);
  const response = await fetch(`${server.url}/jobs/${jobId}/waveform`);
  assert.is(response.status, 200);
  const waveform = await response.json() as WaveformPeaks;
  assert.is(waveform.peaks_per_second, 50);
  assert.ok(Math.abs(waveform.duration_seconds - PATTERN.durationSeconds) < 0.1, `${waveform.duration_seconds} s`);
  assert.is(waveform.peaks.length, Math.ceil(waveform.duration_seconds * 50));
  const at = (seconds: number) => waveform.peaks[Math.floor(seconds * 50)];
  for (const burst of PATTERN.bursts) assert.ok(at((burst.startTimeSeconds + burst.endTimeSeconds) / 2) > 0.1);
  for (const gap of PATTERN.gaps) assert.ok(at((gap.startTimeSeconds + gap.endTimeSeconds) / 2) < 0.02);
  const audio = await fetch(`${server.url}/jobs/${jobId}/audio`, { headers: { Range: "bytes=0-3" } });
  assert.equal([...new Uint8Array(await audio.arrayBuffer())], [...mp3.subarray(0, 4)]);
});

test("PUT /jobs/{id}/ayahs re-cuts from the upload: the moved ayah's file is shorter, the others are the same bytes", async () => {
  const mp3 = fs.readFileSync(await encodePattern(core, PATTERN, fixtureDir, "edit", "mp3"));
  const jobId = await submit("edit.mp3", mp3);
  await waitForStatus(server.url, jobId, ["completed"], 60_000);
  const before = await (await fetch(`${server.url}/jobs/${jobId}/metadata`)).json() as RecordingMetadata;
  const filesBefore = await zipDurations(jobId);
  const target = before.ayahs[2];
  const edits = [{ surah_number: target.surah_number, ayah_number: target.ayah_number, start_time: target.start_time, end_time: target.end_time - 0.5 }];
  const response = await fetch(`${server.url}/jobs/${jobId}/ayahs`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(edits) });
  assert.is(response.status, 202, await response.clone().text());
  await waitForStatus(server.url, jobId, ["completed"], 30_000);
  const after = await (await fetch(`${server.url}/jobs/${jobId}/metadata`)).json() as RecordingMetadata;
  assert.equal(after.ayahs.map((ayah) => ayah.edited), before.ayahs.map((_, index) => index === 2));
  assert.is(after.ayahs[2].end_time, Math.round((target.end_time - 0.5) * 1000) / 1000);
  const filesAfter = await zipDurations(jobId);
  const shrink = filesBefore[target.filename].seconds - filesAfter[target.filename].seconds;
  assert.ok(Math.abs(shrink - 0.5) < 0.06, `file shrank by ${shrink.toFixed(3)} s`);
  for (const ayah of before.ayahs.filter((_, index) => index !== 2)) {
    assert.equal(filesAfter[ayah.filename].bytes, filesBefore[ayah.filename].bytes, `${ayah.filename} unchanged (stream copy)`);
  }
});

test("cancel a running job: cancelled within 1 s, no result files, the next job still completes", async () => {
  const long = synthesizePattern(Array.from({ length: 40 }, () => ({ toneSeconds: 2, silenceSeconds: 1 })), { sampleRateHz: 44100 });
  const longMp3 = fs.readFileSync(await encodePattern(core, long, fixtureDir, "long", "mp3"));
  const jobId = await submit("long.mp3", longMp3);
  await waitForStatus(server.url, jobId, ["processing"], 30_000);
  const startedMs = performance.now();
  const cancel = await fetch(`${server.url}/jobs/${jobId}/cancel`, { method: "POST" });
  const elapsedMs = performance.now() - startedMs;
  assert.is(((await cancel.json()) as { status: string }).status, "cancelled");
  assert.ok(elapsedMs < 1000, `cancel took ${elapsedMs.toFixed(0)} ms`);
  const results = fs.readdirSync(path.join(server.dataDir, "results")).filter((name) => name.startsWith(jobId));
  assert.equal(results, []);
  const mp3 = fs.readFileSync(await encodePattern(core, PATTERN, fixtureDir, "after", "mp3"));
  const next = await submit("after.mp3", mp3);
  assert.is((await waitForStatus(server.url, next, ["completed", "failed"], 60_000)).status, "completed");
});

test.run();
