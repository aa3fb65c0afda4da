/**
 * A stand-in for the piscina worker in API-shape tests: takes `delayMs`, reports progress,
 * writes a small real zip (temp name, then rename, like the real worker) and returns metadata.
 * An upload whose bytes start with "FAIL" fails like undecodable audio does; one that starts with
 * "HOLD" runs HOLD_FACTOR times as long, so a test can act on it while it runs (cancel it) however
 * slowly a loaded machine answers.
 */
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { zipSync, strToU8 } from "fflate";
import type { JobRunner, JobTask, ProgressListener } from "../../src/jobs/jobRunner.ts";
import type { ProcessReply, RecordingMetadata } from "../../src/pipeline/taskTypes.ts";

export interface FakeJobRunner extends JobRunner {
  /** Job ids in the order they were started. */
  readonly startedJobIds: string[];
}

export function fakeMetadata(surah: number): RecordingMetadata {
  return {
    surah_number: surah,
    total_ayahs: 1,
    transcription: "fake transcription",
    ayahs: [{
      surah_number: surah, ayah_number: 1, ayah_text: "fake", filename: `surah_${String(surah).padStart(3, "0")}_ayah_001.mp3`,
      is_basmala: false, duration_seconds: 1, cutoff_uncertain: false, start_time: 0, end_time: 1, confidence: 1,
    }],
    diagnostics: { audio_input_end_timestamp: "00:00:01.000", last_ayah_end_timestamp: "00:00:01.000", engine: "fake" },
  };
}

/** How much longer a "HOLD" upload runs than the runner's delay (at least HOLD_FACTOR ms). */
const HOLD_FACTOR = 20;

export function createFakeJobRunner(delayMs = 0): FakeJobRunner {
  const startedJobIds: string[] = [];
  let closed = false;
  return {
    startedJobIds,
    async run(task: JobTask, onProgress: ProgressListener, signal?: AbortSignal): Promise<ProcessReply> {
      if (closed) throw new Error("fake runner closed");
      startedJobIds.push(task.jobId);
      const head = fs.readFileSync(task.uploadPath).subarray(0, 4).toString("latin1");
      if (head === "FAIL") return { ok: false, code: "UNDECODABLE_AUDIO", message: "Could not decode the uploaded file as audio" };
      const runMs = head === "HOLD" ? Math.max(delayMs, 1) * HOLD_FACTOR : delayMs;
      const steps = 10;
      for (let step = 0; step < steps; step += 1) {
        onProgress(task.recut ? "re-cutting" : "aligning", (step / steps) * 100);
        // Like piscina: an aborted task rejects at once, whatever it was doing.
        await sleep(runMs / steps, undefined, { signal });
        if (closed) throw new Error("fake runner closed");
      }
      const metadata = task.recut?.metadata ?? fakeMetadata(task.hints.surah ?? 1);
      const zip = zipSync({
        "metadata.json": strToU8(JSON.stringify(metadata)),
        ...Object.fromEntries(metadata.ayahs.map((ayah) => [ayah.filename, new Uint8Array([0xff, 0xfb, 0x90, 0x00])])),
      });
      fs.writeFileSync(`${task.resultZipPath}.partial`, zip);
      fs.renameSync(`${task.resultZipPath}.partial`, task.resultZipPath);
      return { ok: true, metadata, resultZipPath: task.resultZipPath };
    },
    isAlive: () => !closed,
    async restart() { closed = false; },
    async close() { closed = true; },
  };
}

/** Entry for QURAN_SPLITTER_TEST_RUNNER (child-process tests): delay from FAKE_RUNNER_DELAY_MS. */
export function createJobRunner(): JobRunner {
  return createFakeJobRunner(Number(process.env.FAKE_RUNNER_DELAY_MS ?? "0"));
}

/** A fake runner whose jobs all wait until `release()` is called, so tests can hold the queue still. */
export function createGatedJobRunner(): { runner: FakeJobRunner; release(): void } {
  const inner = createFakeJobRunner(0);
  let release = (): void => {};
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const claimedJobIds: string[] = [];
  const runner: FakeJobRunner = {
    ...inner,
    startedJobIds: claimedJobIds,
    async run(task, onProgress) {
      claimedJobIds.push(task.jobId);
      await gate;
      return inner.run(task, onProgress);
    },
  };
  return { runner, release: () => release() };
}
