/**
 * Where the worker's memory goes: runs one recording through processRecording in this process
 * (as the worker does) and prints RSS, V8 heap, external and array-buffer memory at every
 * stage change, plus the peak RSS (VmHWM) and the seconds since the start. A diagnostic for issue 9's
 * memory bound (and, by the seconds, for where a job's time goes).
 *
 *   node --import tsx scripts/memoryStages.ts <audio file> [surah]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { processRecording } from "../src/pipeline/processRecording.ts";
import { createWorkerContext } from "../src/pipeline/workerContext.ts";

const [audioPath, surah] = process.argv.slice(2);
if (!audioPath) {
  console.error("usage: memoryStages.ts <audio file> [surah]");
  process.exit(2);
}
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const peakMb = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024);
function report(label: string): void {
  const usage = process.memoryUsage();
  const elapsedSeconds = ((performance.now() - startedAtMs) / 1000).toFixed(1).padStart(5);
  console.log(`${elapsedSeconds} s ${label.padEnd(22)} rss ${mb(usage.rss)} MB  heap ${mb(usage.heapUsed)}  external ${mb(usage.external)}  arrayBuffers ${mb(usage.arrayBuffers)}  peak ${peakMb()} MB`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-memstages-"));
const startedAtMs = performance.now();
report("start");
let lastStage = "";
let lastTenth = -1;
const reply = await processRecording(
  { jobId: "memory-stages", uploadPath: path.resolve(audioPath), originalFilename: path.basename(audioPath), resultZipPath: path.join(dir, "result.zip"), tempDir: dir, hints: surah ? { surah: Number(surah) } : {} },
  createWorkerContext(),
  (stage, progress) => {
    const tenth = Math.floor(progress / 10);
    if (stage !== lastStage || tenth !== lastTenth) report(`${stage} ${Math.round(progress)} %`);
    lastStage = stage;
    lastTenth = tenth;
  },
);
report(reply.ok ? "completed" : `failed: ${reply.message}`);
console.log(`wall ${((performance.now() - startedAtMs) / 1000).toFixed(1)} s, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
fs.rmSync(dir, { recursive: true, force: true });
