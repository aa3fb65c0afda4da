/**
 * Soak: N sequential jobs (default 300) through one server, alternating short generated
 * recordings (tone bursts, wav and mp3) and short real ones (the eval set's shortest items),
 * sampling the server's RSS and open file descriptors (/proc/<pid>/fd) after every job. Prints
 * one line per 25 jobs and a final JSON line: the RSS slope (least squares, MB per 100 jobs,
 * after a warm-up), first/last/max fd counts, job outcomes, wall time and the load average.
 * Every 50 jobs DELETE /jobs/finished runs, so deletion is soaked too.
 *
 *   nice -n 10 node --import tsx scripts/soak.ts [--jobs N] [--bundle] [--real DIR] [--real-items e112.mp3,e001.mp3]
 *
 * --bundle runs dist/quran-splitter.cjs (build it first) instead of the sources; --real defaults
 * to ../shared/eval/dev (skipped, with a note, when absent: then only generated recordings).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT, spawnService } from "../test/support/serviceProcess.ts";
import { encodeWav16, synthesizeBursts } from "../test/helpers/wavFile.ts";

const { values } = parseArgs({ options: { jobs: { type: "string", default: "300" }, bundle: { type: "boolean", default: false }, real: { type: "string" }, "real-items": { type: "string", default: "e112.mp3,e001.mp3" } } });
const jobCount = Number(values.jobs);
const realDir = path.resolve(values.real ?? path.join(REPO_ROOT, "../shared/eval/dev"));
const WARM_UP_JOBS = 20;

interface Recording { name: string; bytes: Uint8Array<ArrayBuffer>; fields: Record<string, string> }

function recordings(): Recording[] {
  const generated: Recording[] = [
    { name: "tones-6s.wav", bytes: new Uint8Array(encodeWav16(synthesizeBursts([{ toneSeconds: 2, silenceSeconds: 1 }, { toneSeconds: 2, silenceSeconds: 1 }]), 16000)), fields: { surah: "112" } },
    { name: "tones-9s.wav", bytes: new Uint8Array(encodeWav16(synthesizeBursts(Array.from({ length: 3 }, () => ({ toneSeconds: 2, silenceSeconds: 1 })), 16000, 7), 16000)), fields: {} },
  ];
  if (!fs.existsSync(realDir)) {
    console.log(`note: ${realDir} is absent; generated recordings only`);
    return generated;
  }
  const real = values["real-items"].split(",").filter((name) => fs.existsSync(path.join(realDir, name)))
    .map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(realDir, name))), fields: {} }));
  return [generated[0], ...real.slice(0, 1), generated[1], ...real.slice(1)];
}

function sample(pid: number): { rssMb: number; fds: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { rssMb: rssKb / 1024, fds: fs.readdirSync(`/proc/${pid}/fd`).length };
}

/** Least-squares slope of y over x. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function runJob(url: string, recording: Recording): Promise<string> {
  const form = new FormData();
  for (const [name, value] of Object.entries(recording.fields)) form.append(name, value);
  form.append("audio_file", new Blob([recording.bytes]), recording.name);
  const submitted = await fetch(`${url}/transcribe/async`, { method: "POST", body: form });
  if (submitted.status !== 200) return `http_${submitted.status}`;
  const { job_id: jobId } = await submitted.json() as { job_id: string };
  for (;;) {
    const status = await (await fetch(`${url}/jobs/${jobId}/status`)).json() as { status: string };
    if (status.status === "completed" || status.status === "failed") return status.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-soak-"));
fs.mkdirSync(path.join(dir, "data"));
const command = values.bundle ? [path.join(REPO_ROOT, "dist/quran-splitter.cjs")] : ["--import", "tsx", path.join(REPO_ROOT, "src/main.ts")];
// A loaded machine can take minutes to start the sources under tsx.
const service = await spawnService(command, { DATA_DIR: path.join(dir, "data"), SUBMIT_RATE_LIMIT_PER_MINUTE: "0", TMPDIR: dir }, REPO_ROOT, 300_000);
const pid = service.child.pid!;
const inputs = recordings();
const outcomes: Record<string, number> = {};
const rssPoints: [number, number][] = [];
const fdCounts: number[] = [];
const loadBefore = os.loadavg();
const startedAtMs = performance.now();
try {
  for (let job = 1; job <= jobCount; job += 1) {
    const outcome = await runJob(service.url, inputs[(job - 1) % inputs.length]);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (job % 50 === 0) await fetch(`${service.url}/jobs/finished`, { method: "DELETE" });
    const { rssMb, fds } = sample(pid);
    if (job > WARM_UP_JOBS) rssPoints.push([job, rssMb]);
    fdCounts.push(fds);
    if (job % 25 === 0) console.log(`job ${job}: rss ${rssMb.toFixed(0)} MB, fds ${fds}, ${JSON.stringify(outcomes)}, ${((performance.now() - startedAtMs) / 1000).toFixed(0)} s`);
  }
  const rss = rssPoints.map(([, y]) => y);
  console.log(JSON.stringify({
    jobs: jobCount,
    outcomes,
    recordings: inputs.map((input) => input.name),
    rss_slope_mb_per_100_jobs: Number((slope(rssPoints) * 100).toFixed(2)),
    rss_mb_after_warmup: { first: Math.round(rss[0]), last: Math.round(rss[rss.length - 1]), min: Math.round(Math.min(...rss)), max: Math.round(Math.max(...rss)) },
    fds: { first: fdCounts[0], last: fdCounts[fdCounts.length - 1], max: Math.max(...fdCounts) },
    temp_files_left: [
      ...fs.readdirSync(path.join(dir, "data/tmp"), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name),
      // tsx keeps its compile cache in TMPDIR (tsx-<uid>): not the service's.
      ...fs.readdirSync(dir).filter((name) => name !== "data" && !name.startsWith("tsx-")),
    ],
    wall_s: Math.round((performance.now() - startedAtMs) / 1000),
    loadavg_before: loadBefore.map((x) => Number(x.toFixed(2))),
    loadavg_after: os.loadavg().map((x) => Number(x.toFixed(2))),
    source: values.bundle ? "bundle" : "tsx",
  }));
} finally {
  service.child.kill("SIGTERM");
  await service.exited;
  fs.rmSync(dir, { recursive: true, force: true });
}
