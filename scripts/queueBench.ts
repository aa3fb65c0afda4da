/**
 * Jobs per hour through the async API for a batch of recordings, with a given WORKERS count:
 * starts the bundle (dist/quran-splitter.cjs copied alone into a temp dir; build it first) with
 * WORKERS=<n>, submits every file at once (no hints), waits until all are finished and prints
 * one JSON line: wall time, jobs/hour, audio hours/hour, peak RSS, CPU seconds (all threads),
 * load average before and after.
 *
 *   node --import tsx scripts/queueBench.ts <workers> <file or dir>... [--repeat N]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT as root, spawnService } from "../test/support/serviceProcess.ts";
import { audioFilesOf } from "./audioInputs.ts";

const args = process.argv.slice(2);
const repeatIndex = args.indexOf("--repeat");
const repeat = repeatIndex >= 0 ? Number(args.splice(repeatIndex, 2)[1]) : 1;
const [workersArg, ...inputs] = args;
if (!workersArg || inputs.length === 0 || !(repeat >= 1)) {
  console.error("usage: queueBench.ts <workers> <file or dir>... [--repeat N]");
  process.exit(2);
}
const files = audioFilesOf(inputs);
const batch = Array.from({ length: repeat }, () => files).flat();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-queue-bench-"));
fs.copyFileSync(path.join(root, "dist/quran-splitter.cjs"), path.join(dir, "quran-splitter.cjs"));
fs.mkdirSync(path.join(dir, "data"), { recursive: true }); // an explicit DATA_DIR must exist
const service = await spawnService([path.join(dir, "quran-splitter.cjs")], { DATA_DIR: path.join(dir, "data"), WORKERS: workersArg }, dir);
const { url, child } = service;

const loadBefore = os.loadavg();
const startedAtMs = performance.now();
const jobIds: string[] = [];
for (const file of batch) {
  const form = new FormData();
  form.append("audio_file", new Blob([fs.readFileSync(file)]), path.basename(file));
  const answer = await (await fetch(`${url}/transcribe/async`, { method: "POST", body: form })).json() as { job_id: string };
  jobIds.push(answer.job_id);
}
const statuses = new Map<string, string>();
let audioSeconds = 0;
while (statuses.size < jobIds.length) {
  for (const id of jobIds) {
    if (statuses.has(id)) continue;
    const status = await (await fetch(`${url}/jobs/${id}/status`)).json() as { status: string };
    if (status.status !== "completed" && status.status !== "failed") continue;
    statuses.set(id, status.status);
    if (status.status === "completed") {
      const metadata = await (await fetch(`${url}/jobs/${id}/metadata`)).json() as { diagnostics: { audio_input_end_timestamp: string } };
      const [h, m, s] = metadata.diagnostics.audio_input_end_timestamp.split(":").map(Number);
      audioSeconds += h * 3600 + m * 60 + s;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const wallSeconds = (performance.now() - startedAtMs) / 1000;
const peakKb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0);
// utime + stime of the whole process (all threads), in clock ticks (100 per second on Linux).
const statFields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
const cpuSeconds = (Number(statFields[11]) + Number(statFields[12])) / 100;
child.kill("SIGTERM");
await service.exited;
fs.rmSync(dir, { recursive: true, force: true });
const completed = [...statuses.values()].filter((status) => status === "completed").length;
console.log(JSON.stringify({
  workers: Number(workersArg),
  jobs: jobIds.length,
  completed,
  wallSeconds: Math.round(wallSeconds * 10) / 10,
  jobsPerHour: Math.round((jobIds.length / wallSeconds) * 3600),
  audioHoursPerHour: Math.round((audioSeconds / wallSeconds) * 10) / 10,
  audioMinutes: Math.round(audioSeconds / 6) / 10,
  peakRssMb: Math.round(peakKb / 1024),
  cpuSeconds: Math.round(cpuSeconds),
  cpuSecondsPerJob: Math.round((cpuSeconds / jobIds.length) * 10) / 10,
  loadAverageBefore: loadBefore.map((value) => +value.toFixed(2)),
  loadAverageAfter: os.loadavg().map((value) => +value.toFixed(2)),
}));
