// The API over the REAL worker (piscina thread running workers/processTask.ts → processRecording)
// with generated audio: zip contents and metadata consistency, every accepted format, and bad
// files (not audio, truncated, no surah) ending as failed jobs with a clear error, never a 500.
// The generated "recitation" is tone bursts, which only the pause baseline splits: the worker runs
// with no acoustic model installed (an empty model dir). With the model installed the same tones
// are not Quran, and no hint makes them so (the last test).
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { unzipSync, strFromU8 } from "fflate";
import { createFfmpegCore, type FfmpegCore } from "../src/audio/ffmpegCore.ts";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import { SUPPORTED_AUDIO_EXTENSIONS } from "../src/api/audioFormats.ts";
import { sourceWorkerFilename, WorkerPool } from "../src/pipeline/workerPool.ts";
import { processRecording } from "../src/pipeline/processRecording.ts";
import { createWorkerContext, defaultModelCardPath } from "../src/pipeline/workerContext.ts";
import type { RecordingMetadata } from "../src/pipeline/taskTypes.ts";
import { encodePattern, makeTempDir, surah112Pattern, synthesizePattern } from "./helpers/generateAudio.ts";
import { audioForm, filesIn, postForm, startTestServer, waitForStatus, type TestServer } from "./support/testServer.ts";

const SURAH_112_PATTERN = surah112Pattern();

let core: FfmpegCore;
let fixtureDir: string;
let server: TestServer;

test.before(async () => {
  core = await createFfmpegCore();
  fixtureDir = makeTempDir("qs-api-pipeline");
  // Worker threads copy process.env when they start: this server's worker has no model.
  process.env.QURAN_SPLITTER_MODEL_DIR = path.join(fixtureDir, "no-model");
  server = await startTestServer({ runner: new WorkerPool({ workerFilename: sourceWorkerFilename() }) });
});

test.after(async () => {
  await server.close();
  fs.rmSync(fixtureDir, { recursive: true, force: true });
});

async function submit(fileName: string, bytes: Uint8Array, fields: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await postForm(`${server.url}/transcribe/async`, audioForm(fileName, bytes, fields));
  assert.is(response.status, 200, `${fileName}: ${await response.clone().text()}`);
  const { job_id: jobId } = await response.json() as { job_id: string };
  return waitForStatus(server.url, jobId, ["completed", "failed"], 60_000);
}

test("mp3 with surah=112: zip holds basmala + 4 ayah mp3s + metadata.json matching GET /metadata", async () => {
  const mp3 = fs.readFileSync(await encodePattern(core, SURAH_112_PATTERN, fixtureDir, "ikhlas", "mp3"));
  const done = await submit("ikhlas.mp3", mp3, { surah: "112" });
  assert.is(done.status, "completed", String(done.error));
  const zip = unzipSync(new Uint8Array(await (await fetch(`${server.url}${done.download_url}`)).arrayBuffer()));
  const metadata = await (await fetch(`${server.url}${done.metadata_url}`)).json() as RecordingMetadata;
  assert.equal(JSON.parse(strFromU8(zip["metadata.json"])), metadata);
  assert.equal(Object.keys(zip).sort(), [
    "metadata.json", "surah_112_ayah_000_basmala.mp3", "surah_112_ayah_001.mp3", "surah_112_ayah_002.mp3",
    "surah_112_ayah_003.mp3", "surah_112_ayah_004.mp3",
  ]);
  assert.is(metadata.surah_number, 112);
  assert.is(metadata.total_ayahs, 4, "the basmala is not counted");
  assert.equal(metadata.ayahs.map((ayah) => ayah.filename).sort(), Object.keys(zip).filter((name) => name.endsWith(".mp3")).sort());
  for (const ayah of metadata.ayahs) {
    const cutPath = path.join(fixtureDir, ayah.filename);
    fs.writeFileSync(cutPath, zip[ayah.filename]);
    const cut = await decodeAudioFile(core, cutPath);
    // mp3 cuts are frame-accurate stream copies: within a couple of 26 ms frames of the metadata.
    assert.ok(Math.abs(cut.durationSeconds - ayah.duration_seconds) < 0.08,
      `${ayah.filename}: decoded ${cut.durationSeconds.toFixed(3)} s vs metadata ${ayah.duration_seconds} s`);
    assert.ok(Math.abs(ayah.duration_seconds - (ayah.end_time - ayah.start_time)) < 0.06, `${ayah.filename} duration matches its times`);
    assert.ok(ayah.end_time <= SURAH_112_PATTERN.durationSeconds + 0.05);
  }
  assert.match(metadata.diagnostics.audio_input_end_timestamp, /^\d{2}:\d{2}:\d{2}\.\d{3}$/);
});

test("naming=everyayah and exports: SSSAAA.mp3 files, the export files under exports/, metadata names what the zip holds", async () => {
  const mp3 = fs.readFileSync(await encodePattern(core, SURAH_112_PATTERN, fixtureDir, "ikhlas-ea", "mp3"));
  const done = await submit("ikhlas.mp3", mp3, { surah: "112", naming: "everyayah", exports: "srt,quran-foundation" });
  assert.is(done.status, "completed", String(done.error));
  const zip = unzipSync(new Uint8Array(await (await fetch(`${server.url}${done.download_url}`)).arrayBuffer()));
  assert.equal(Object.keys(zip).sort(), [
    "001001.mp3", "112001.mp3", "112002.mp3", "112003.mp3", "112004.mp3",
    "exports/ikhlas.quran-foundation.json", "exports/ikhlas.srt", "metadata.json",
  ]);
  const metadata = JSON.parse(strFromU8(zip["metadata.json"])) as RecordingMetadata;
  assert.equal(metadata.ayahs.map((ayah) => ayah.filename), ["001001.mp3", "112001.mp3", "112002.mp3", "112003.mp3", "112004.mp3"]);
  const srt = await (await fetch(`${server.url}/jobs/${done.job_id}/export/srt`)).text();
  assert.is(strFromU8(zip["exports/ikhlas.srt"]), srt, "the zip's export is the route's");
});

test("every accepted extension decodes and completes through the API", async () => {
  const short = synthesizePattern([
    { toneSeconds: 1.2, silenceSeconds: 0.8 }, { toneSeconds: 1.0, silenceSeconds: 0.8 }, { toneSeconds: 1.0, silenceSeconds: 0.8 },
    { toneSeconds: 1.0, silenceSeconds: 0.8 }, { toneSeconds: 1.0, silenceSeconds: 0.4 },
  ], { sampleRateHz: 44100 });
  for (const extension of SUPPORTED_AUDIO_EXTENSIONS) {
    const ext = extension.slice(1);
    const bytes = fs.readFileSync(await encodePattern(core, short, fixtureDir, `all-${ext}`, ext));
    const done = await submit(`recording.${ext}`, bytes, { surah: "112" });
    assert.is(done.status, "completed", `${extension}: ${String(done.error)}`);
  }
});

test("a PNG renamed .mp3, a truncated mp3 and a missing surah end as failed jobs with clear errors", async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(2000).fill(7)]);
  const notAudio = await submit("picture.mp3", png, { surah: "112" });
  assert.is(notAudio.status, "failed");
  assert.match(String(notAudio.error), /decod|audio/i);
  assert.not.match(String(notAudio.error), /[0-9a-f]{8}-[0-9a-f]{4}-/, "never the stored file's internal name");
  console.log(`  (error of the PNG job: ${String(notAudio.error)})`);

  const mp3 = fs.readFileSync(await encodePattern(core, SURAH_112_PATTERN, fixtureDir, "cut", "mp3"));
  const truncated = await submit("truncated.mp3", mp3.subarray(0, 600), { surah: "112" });
  assert.ok(truncated.status === "failed" ? String(truncated.error).length > 10 : truncated.status === "completed");

  const noSurah = await submit("nosurah.mp3", mp3, {});
  if (noSurah.status === "failed") assert.match(String(noSurah.error), /surah/i);
  const health = await (await fetch(`${server.url}/health`)).json() as { worker_running: boolean };
  assert.is(health.worker_running, true, "the worker survives bad inputs");
  assert.equal(filesIn(path.join(server.dataDir, "tmp")), ["uploads"], "each job's temp folder went with it");
  assert.equal(filesIn(path.join(server.dataDir, "tmp/uploads")), []);
});

test("a recording over MAX_AUDIO_MINUTES fails its job with a message naming the limit", async () => {
  const limited = await startTestServer({ runner: new WorkerPool({ workerFilename: sourceWorkerFilename() }), maxAudioMinutes: 0.05 });
  try {
    const mp3 = fs.readFileSync(await encodePattern(core, SURAH_112_PATTERN, fixtureDir, "long", "mp3"));
    const response = await postForm(`${limited.url}/transcribe/async`, audioForm("long.mp3", mp3, { surah: "112" }));
    const { job_id: jobId } = await response.json() as { job_id: string };
    const status = await waitForStatus(limited.url, jobId, ["completed", "failed"], 60_000);
    assert.is(status.status, "failed");
    assert.match(String(status.error), /MAX_AUDIO_MINUTES/);
  } finally {
    await limited.close();
  }
});

test("with the model installed, tone bursts named surah 112 are not split into ayahs: the job fails saying so", async () => {
  delete process.env.QURAN_SPLITTER_MODEL_DIR;
  if (!fs.existsSync(defaultModelCardPath())) return console.log("  (skipped: no model in models/)");
  const mp3 = await encodePattern(core, SURAH_112_PATTERN, fixtureDir, "tones", "mp3");
  const reply = await processRecording({ jobId: "tones", uploadPath: mp3, originalFilename: "tones.mp3", resultZipPath: path.join(fixtureDir, "tones.zip"), tempDir: fixtureDir, hints: { surah: 112 } }, createWorkerContext(), () => {});
  assert.is(reply.ok, false);
  if (!reply.ok) assert.match(reply.message, /named surah 112, but no recitation of it/);
});

test.run();
