/**
 * Load benchmark of GET /jobs/:id/status while a job runs (issue 9, item 3): starts the service,
 * submits the recording --jobs times (so the worker stays busy for the whole window: a 12-minute
 * recording takes only seconds), waits until the first job is processing, then lets autocannon
 * poll that job's status from N concurrent connections. Prints one JSON line: requests/s,
 * latency p50/p90/p99/max, errors and non-2xx answers, whether the worker was still busy at the
 * end (else the figure is not "under load"), and the load average.
 *
 *   node --import tsx scripts/statusLoadBench.ts <audio file> [--source] [--connections 20] [--seconds 10] [--warmup 3] [--jobs 4] [--completed] [--pin]
 *
 * --warmup: seconds of the same load first, not measured: a server that has just started compiles
 * its request path while answering (the first second of a cold run has p99 spikes of 30-100 ms
 * that a server running for a while no longer shows). 0 measures the cold start.
 *
 * Runs dist/quran-splitter.cjs copied alone into a temp dir (npm run build first), or src/main.ts
 * via tsx with --source. A benchmark, not a test: the figures depend on the machine.
 * BENCH_CPU_PROF=<dir> runs the service with --cpu-prof (a profile per thread, written at exit).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { REPO_ROOT, spawnService } from "../test/support/serviceProcess.ts";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
}

const audioPath = process.argv[2];
if (!audioPath || audioPath.startsWith("--")) {
  console.error("usage: statusLoadBench.ts <audio file> [--source] [--connections 20] [--seconds 10]");
  process.exit(2);
}
const fromSource = process.argv.includes("--source");
const connections = option("connections", 20);
const seconds = option("seconds", 10);
const jobCount = option("jobs", 4);
const warmupSeconds = option("warmup", 3);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-status-bench-"));
let command: string[];
if (fromSource) {
  command = ["--import", "tsx", path.join(REPO_ROOT, "src/main.ts")];
} else {
  fs.copyFileSync(path.join(REPO_ROOT, "dist/quran-splitter.cjs"), path.join(dir, "quran-splitter.cjs"));
  command = [path.join(dir, "quran-splitter.cjs")];
}
fs.mkdirSync(path.join(dir, "data"), { recursive: true }); // an explicit DATA_DIR must exist
if (process.env.BENCH_CPU_PROF) command.unshift("--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`);
const service = await spawnService(command, { DATA_DIR: path.join(dir, "data") }, fromSource ? REPO_ROOT : dir);

async function jobStatus(jobId: string): Promise<{ status: string; stage?: string }> {
  return (await fetch(`${service.url}/jobs/${jobId}/status`)).json() as Promise<{ status: string; stage?: string }>;
}

async function submit(): Promise<string> {
  const form = new FormData();
  form.append("audio_file", new Blob([fs.readFileSync(audioPath)]), path.basename(audioPath));
  const submitted = await (await fetch(`${service.url}/transcribe/async`, { method: "POST", body: form })).json() as { job_id: string };
  return submitted.job_id;
}

// --pin: the service on CPU 0 and this load generator on CPU 1, as if the clients ran on other
// machines (on a 2-core box autocannon otherwise competes with the server's own threads).
const pinned = process.argv.includes("--pin");
if (pinned) {
  execFileSync("taskset", ["-a", "-pc", "0", String(service.child.pid)], { stdio: "ignore" });
  execFileSync("taskset", ["-a", "-pc", "1", String(process.pid)], { stdio: "ignore" });
}

// --completed: poll a job that has finished (its result texts exist) while the others run; by
// default the polled job is the one processing.
const pollCompleted = process.argv.includes("--completed");
const waitWhile = async (id: string, statuses: string[]): Promise<void> => {
  while (statuses.includes((await jobStatus(id)).status)) await new Promise((r) => setTimeout(r, 50));
};
const finishedId = pollCompleted ? await submit() : null;
if (finishedId) await waitWhile(finishedId, ["queued", "processing"]);
const runningId = await submit();
for (let i = 1; i < jobCount; i += 1) await submit();
// Load only once the worker is busy: that is the situation the issue measured.
await waitWhile(runningId, ["queued"]);
const jobId = finishedId ?? runningId;

if (warmupSeconds > 0) await autocannon({ url: `${service.url}/jobs/${jobId}/status`, connections, duration: warmupSeconds });
const result = await autocannon({ url: `${service.url}/jobs/${jobId}/status`, connections, duration: seconds });
const first = await jobStatus(jobId);
const health = await (await fetch(`${service.url}/health`)).json() as { worker_processing: boolean; queue_size: number };
service.child.kill("SIGTERM");
await service.exited;
fs.rmSync(dir, { recursive: true, force: true });

console.log(JSON.stringify({
  mode: fromSource ? "source (tsx)" : "bundle",
  pinned,
  polled: pollCompleted ? "a completed job" : "the processing job",
  file: path.basename(audioPath),
  connections,
  seconds,
  warmupSeconds,
  requestsPerSecond: Math.round(result.requests.average),
  totalRequests: result.requests.total,
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  jobs: jobCount,
  polledJobAtEnd: first.status === "processing" ? `processing (${first.stage})` : first.status,
  workerBusyAtEnd: health.worker_processing,
  queuedAtEnd: health.queue_size,
  loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
}));
