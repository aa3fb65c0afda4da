/**
 * Measures the service end to end through its HTTP API: start-up time, one job's wall time,
 * peak RSS of the whole process (main + worker thread) and status latency while the job runs.
 *
 *   node --import tsx scripts/serviceBench.ts <audio file> [surah] [--source] [--jobs N] [--idle-seconds S]
 *
 * --jobs N submits the file N times, one job after the other, to the same server and prints a line
 * per job: the first job of a fresh server may still wait for the worker's warm-up (ffmpeg and the
 * model load when the worker starts), the later ones show a running server. --idle-seconds S waits
 * S seconds after /health first answers before the first job (a server that has been up a while).
 *
 * Runs dist/quran-splitter.cjs copied alone into a temp dir (build it first), or src/main.ts via
 * tsx with --source. Prints one JSON line with the figures. `peakByStageMb` says where the peak
 * happens (`secondsByStage`, when its time goes): the kernel's peak RSS (VmHWM) is read and reset (/proc/<pid>/clear_refs) at every status
 * poll (~200 ms apart), and each interval's peak counted for the stage the job reported at its end
 * ("a→b" when the stage changed within it); `peakRssMb` is the highest of them.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
function numberFlag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const jobCount = numberFlag("--jobs", 1);
const idleSeconds = numberFlag("--idle-seconds", 0);
const VALUE_FLAGS = ["--jobs", "--idle-seconds"];
const [audioPath, surah] = process.argv.slice(2).filter((arg, i, args) => !arg.startsWith("--") && !VALUE_FLAGS.includes(args[i - 1]));
const fromSource = process.argv.includes("--source");
if (!Number.isInteger(jobCount) || jobCount < 1 || !(idleSeconds >= 0)) {
  console.error("--jobs must be a positive integer and --idle-seconds a number of seconds");
  process.exit(2);
}
if (!audioPath) {
  console.error("usage: serviceBench.ts <audio file> [surah] [--source] [--jobs N] [--idle-seconds S]");
  process.exit(2);
}

/** The process's peak RSS since the last reset, then a reset (the kernel sets the peak to the current RSS). */
function takePeakKb(pid: number): number {
  const { peakKb } = readRssKb(pid);
  fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
  return peakKb;
}

function readRssKb(pid: number): { rssKb: number; peakKb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssKb: kb("VmRSS"), peakKb: kb("VmHWM") };
}

/** "HH:MM:SS.mmm" → seconds. */
function secondsOf(timestamp: string): number {
  return timestamp.split(":").reduce((total, part) => total * 60 + Number(part), 0);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-bench-"));
let command: string[];
let cwd = dir;
if (fromSource) {
  command = ["--import", "tsx", path.join(root, "src/main.ts")];
  cwd = root;
} else {
  fs.copyFileSync(path.join(root, "dist/quran-splitter.cjs"), path.join(dir, "quran-splitter.cjs"));
  command = [path.join(dir, "quran-splitter.cjs")];
}
fs.mkdirSync(path.join(dir, "data"), { recursive: true }); // an explicit DATA_DIR must exist
const spawnedAtMs = performance.now();
const child = spawn(process.execPath, command, {
  cwd, env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: path.join(dir, "data") }, stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise<string>((resolve) => {
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk;
    const match = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
    if (match) resolve(`http://127.0.0.1:${match[1]}`);
  });
});
while (!(await fetch(`${url}/health`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 10));
const startupMs = performance.now() - spawnedAtMs;
const idle = readRssKb(child.pid!);

/** Submits the file once, polls its status to the end, and prints the job's figures. */
async function benchOneJob(jobNumber: number): Promise<void> {
  const form = new FormData();
  form.append("audio_file", new Blob([fs.readFileSync(audioPath)]), path.basename(audioPath));
  if (surah) form.append("surah", surah);
  takePeakKb(child.pid!);
  const submittedAtMs = performance.now();
  const { job_id: jobId } = await (await fetch(`${url}/transcribe/async`, { method: "POST", body: form })).json() as { job_id: string };
  const latenciesMs: number[] = [];
  const peakByStageMb: Record<string, number> = {};
  const secondsByStage: Record<string, number> = {};
  let polledAtMs = submittedAtMs;
  let peakKb = 0;
  let previousStage = "submitted";
  let status: Record<string, unknown>;
  for (;;) {
    const askedAtMs = performance.now();
    status = await (await fetch(`${url}/jobs/${jobId}/status`)).json() as Record<string, unknown>;
    latenciesMs.push(performance.now() - askedAtMs);
    const stage = String(status.stage ?? status.status);
    const intervalPeakKb = takePeakKb(child.pid!);
    const key = stage === previousStage ? stage : `${previousStage}→${stage}`;
    peakByStageMb[key] = Math.max(peakByStageMb[key] ?? 0, Math.round(intervalPeakKb / 1024));
    // Each poll interval counted for the stage seen at its end (±200 ms per stage).
    secondsByStage[stage] = +((secondsByStage[stage] ?? 0) + (performance.now() - polledAtMs) / 1000).toFixed(1);
    polledAtMs = performance.now();
    peakKb = Math.max(peakKb, intervalPeakKb);
    previousStage = stage;
    if (status.status === "completed" || status.status === "failed") break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const jobWallSeconds = (performance.now() - submittedAtMs) / 1000;
  peakKb = Math.max(peakKb, takePeakKb(child.pid!));
  const metadata = status.status === "completed"
    ? await (await fetch(`${url}/jobs/${jobId}/metadata`)).json() as { total_ayahs: number; diagnostics: { audio_input_end_timestamp: string } }
    : null;
  latenciesMs.sort((a, b) => a - b);
  console.log(JSON.stringify({
    mode: fromSource ? "source (tsx)" : "bundle",
    file: path.basename(audioPath),
    job: jobNumber,
    startupMs: Math.round(startupMs),
    idleRssMb: Math.round(idle.rssKb / 1024),
    // RSS after --idle-seconds: the worker's warm-up (ffmpeg, model, Quran index) is in it once done.
    idleRssAfterWaitMb: idleAfterWaitMb,
    jobStatus: status.status,
    jobError: status.error ?? null,
    jobWallSeconds: Math.round(jobWallSeconds * 10) / 10,
    audioInputEnd: metadata?.diagnostics.audio_input_end_timestamp ?? null,
    totalAyahs: metadata?.total_ayahs ?? null,
    xRealtime: metadata ? Math.round(secondsOf(metadata.diagnostics.audio_input_end_timestamp) / jobWallSeconds) : null,
    peakRssMb: Math.round(peakKb / 1024),
    peakByStageMb,
    secondsByStage,
    loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
    statusLatencyMs: { n: latenciesMs.length, p50: +percentile(latenciesMs, 0.5).toFixed(1), p95: +percentile(latenciesMs, 0.95).toFixed(1), max: +latenciesMs[latenciesMs.length - 1].toFixed(1) },
  }));
}

await new Promise((r) => setTimeout(r, idleSeconds * 1000));
const idleAfterWaitMb = Math.round(readRssKb(child.pid!).rssKb / 1024);
for (let jobNumber = 1; jobNumber <= jobCount; jobNumber++) await benchOneJob(jobNumber);
child.kill("SIGTERM");
await new Promise((r) => child.on("exit", r));
fs.rmSync(dir, { recursive: true, force: true });
