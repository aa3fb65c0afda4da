// Memory does not grow with the recording's length (issue 9, item 4): one service process runs a
// short and then a long generated recording through the whole pipeline (upload → decode → pauses
// → align → cut → zip); the peak RSS the long one adds over the short one stays small,
// because the decoded signal and its features are streamed from the job's PCM file and only the
// posteriors and the energy track (a few kB per second) are kept. Before streaming the long one
// added ~6 MB per minute (PCM 3.8 + features 1.9 + copies).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { synthesizePattern } from "./helpers/generateAudio.ts";
import { encodeWav16 } from "./helpers/wavFile.ts";
import { REPO_ROOT, spawnService, type ServiceProcess } from "./support/serviceProcess.ts";
import { waitForStatus } from "./support/testServer.ts";

const SHORT_MINUTES = 5;
const LONG_MINUTES = 40;
/** What the extra 35 minutes may add: posteriors + energy track + job metadata are < 1 MB per minute. */
const MAX_GROWTH_MB = 80;
/** The server's copy of the 40-minute upload (77 MB) and its decoded PCM (154 MB), with room to spare. */
const MIN_FREE_DISK_MB = 400;

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Bursts of 3.6–4.2 s ("ayahs") with pauses, 16 kHz mono WAV, kept in memory (the server's
 * upload copy and decoded PCM already take ~230 MB of disk for 40 minutes). */
function makeRecording(minutes: number): Buffer {
  const specs = Array.from({ length: Math.round((minutes * 60) / 5) }, (_, i) => ({ toneSeconds: 3.6 + (i % 4) * 0.2, silenceSeconds: 1.4 - (i % 4) * 0.2 }));
  return encodeWav16(synthesizePattern(specs, { sampleRateHz: 16000, noiseAmplitude: 0.002 }).samples, 16000);
}

function freeDiskMb(dir: string): number {
  const stats = fs.statfsSync(dir);
  return (stats.bavail * stats.bsize) / 2 ** 20;
}

async function runJob(service: ServiceProcess, wavBytes: Buffer, fileName: string): Promise<{ seconds: number; peakMb: number }> {
  const form = new FormData();
  form.append("audio_file", new Blob([new Uint8Array(wavBytes)]), fileName);
  form.append("surah", "36");
  const startedAtMs = performance.now();
  const post = (): Promise<Response> => fetch(`${service.url}/transcribe/async`, { method: "POST", body: form });
  // One retry on a network error: a POST on a pooled keep-alive socket the server has just closed
  // fails without being retried by undici. A second failure is real and shows the service's output.
  const response = await post().catch((error: Error) => {
    console.log(`  upload of ${fileName} failed once (${String(error.cause ?? error)}); retrying on a new connection`);
    return post();
  }).catch((error: Error) => {
    throw new Error(`upload of ${fileName} failed: ${String(error.cause ?? error)}\nservice output:\n${service.output().slice(-2000)}`);
  });
  const { job_id: jobId } = await response.json() as { job_id: string };
  const done = await waitForStatus(service.url, jobId, ["completed", "failed"], 15 * 60_000);
  assert.is(done.status, "completed", String(done.error));
  return { seconds: (performance.now() - startedAtMs) / 1000, peakMb: peakRssMb(service.child.pid!) };
}

test(`${LONG_MINUTES} minutes add at most ${MAX_GROWTH_MB} MB of peak RSS over ${SHORT_MINUTES} minutes`, async () => {
  if (!fs.existsSync("/proc/self/status")) {
    console.log("  (skipped: no /proc to read the peak RSS from)");
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-long-"));
  fs.mkdirSync(path.join(dir, "data")); // an explicit DATA_DIR must exist
  // Both recordings are made before the service starts, so no seconds-long synchronous work sits
  // between two requests on one keep-alive connection.
  const shortWav = makeRecording(SHORT_MINUTES);
  const longWav = makeRecording(LONG_MINUTES);
  const freeMb = freeDiskMb(dir);
  console.log(`  free disk in ${dir}: ${freeMb.toFixed(0)} MB (the 40-minute job needs ~250 MB)`);
  if (freeMb < MIN_FREE_DISK_MB) {
    // A disk this full fails the upload with 507 (tested in diskFull.test.ts), which says nothing of memory.
    console.log(`  (skipped: under ${MIN_FREE_DISK_MB} MB free for the server's upload copy and decoded PCM)`);
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  // No model: tone bursts are not recitation, and the model would (rightly) refuse the surah hint.
  // The streamed model path is checked for equality in streamedAnalysis.test.ts and measured on
  // real recordings with scripts/serviceBench.ts (README, Measured).
  const service = await spawnService(["--import", "tsx", path.join(REPO_ROOT, "src/main.ts")], {
    DATA_DIR: path.join(dir, "data"), QURAN_SPLITTER_MODEL_DIR: path.join(dir, "no-model"),
  });
  try {
    const short = await runJob(service, shortWav, "short.wav");
    const long = await runJob(service, longWav, "long.wav");
    const growthMb = long.peakMb - short.peakMb;
    console.log(`  peak RSS after ${SHORT_MINUTES} min: ${short.peakMb.toFixed(0)} MB (${short.seconds.toFixed(1)} s); after ${LONG_MINUTES} min: ${long.peakMb.toFixed(0)} MB (${long.seconds.toFixed(1)} s); growth ${growthMb.toFixed(0)} MB`);
    assert.ok(growthMb <= MAX_GROWTH_MB, `the long recording added ${growthMb.toFixed(0)} MB of peak RSS (limit ${MAX_GROWTH_MB} MB)`);
  } finally {
    service.child.kill("SIGTERM");
    await service.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
