/**
 * Jobs per hour of the scale-out layout on this machine: one API node and 1, 2, 3… worker
 * nodes (separate processes of the bundle, ROLE=api / ROLE=worker, WORKERS=1 each) on a
 * throw-away PostgreSQL cluster and a local S3 server (s3rver). For each worker count, every
 * file is submitted at once to the API node; prints one JSON line when all are finished: wall
 * time, jobs/hour, CPU count and the load average before and after. Build the bundle first.
 *
 *   node --import tsx scripts/clusterThroughput.ts 1,2,3 <file or dir>...
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startClusterNode, stopClusterNodes, type ClusterNode } from "../test/support/clusterNodes.ts";
import { openTestPostgres } from "../test/support/postgresDatabases.ts";
import { startS3Server } from "../test/support/s3Server.ts";
import { REPO_ROOT } from "../test/support/serviceProcess.ts";
import { waitForStatus } from "../test/support/testServer.ts";
import { audioFilesOf } from "./audioInputs.ts";

const [countsArg, ...inputs] = process.argv.slice(2);
const counts = (countsArg ?? "").split(",").map(Number);
if (inputs.length === 0 || counts.some((count) => !(count >= 1))) {
  console.error("usage: clusterThroughput.ts <worker counts, e.g. 1,2,3> <file or dir>...");
  process.exit(2);
}
const files = audioFilesOf(inputs);

const postgres = await openTestPostgres("clusterThroughput");
if (!postgres) process.exit(1);
const s3 = await startS3Server();
const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-cluster-bench-"));
const bundle = path.join(bundleDir, "quran-splitter.cjs");
fs.copyFileSync(path.join(REPO_ROOT, "dist/quran-splitter.cjs"), bundle);

/** utime + stime of a running process, all its threads (Linux /proc; clock ticks at 100 Hz). */
function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function measure(workers: number): Promise<Record<string, unknown>> {
  const settings = {
    databaseUrl: await postgres!.createDatabase(), storageUrl: `s3://${s3.bucket}/bench-${workers}`, s3Endpoint: s3.endpoint,
    command: [bundle], env: { WORKERS: "1" },
  };
  const nodes: ClusterNode[] = [];
  try {
    nodes.push(await startClusterNode("api", settings));
    for (let index = 0; index < workers; index += 1) nodes.push(await startClusterNode("worker", settings));
    const url = nodes[0].url!;
    const loadBefore = os.loadavg()[0];
    const startedAtMs = performance.now();
    const ids = await Promise.all(files.map(async (file) => {
      const form = new FormData();
      form.append("audio_file", new Blob([fs.readFileSync(file)]), path.basename(file));
      return (await (await fetch(`${url}/transcribe/async`, { method: "POST", body: form })).json() as { job_id: string }).job_id;
    }));
    const finished = await Promise.all(ids.map((id) => waitForStatus(url, id, ["completed", "failed"], 3_600_000)));
    const wallSeconds = (performance.now() - startedAtMs) / 1000;
    // Worker CPU includes each node's start-up (model load, Quran index): a fixed cost per node.
    const workerCpuSeconds = nodes.filter((node) => node.role === "worker").reduce((sum, node) => sum + cpuSecondsOf(node.child.pid), 0);
    return {
      workerNodes: workers, jobs: ids.length, failed: finished.filter((job) => job.status === "failed").length,
      wallSeconds: Math.round(wallSeconds * 10) / 10, jobsPerHour: Math.round((ids.length / wallSeconds) * 3600),
      workerCpuSeconds: Math.round(workerCpuSeconds * 10) / 10, apiCpuSeconds: cpuSecondsOf(nodes[0].child.pid),
      cpus: os.cpus().length, loadAverage1mBefore: loadBefore, loadAverage1mAfter: os.loadavg()[0],
    };
  } finally {
    await stopClusterNodes(nodes);
  }
}

try {
  for (const workers of counts) console.log(JSON.stringify(await measure(workers)));
} finally {
  await s3.stop();
  await postgres.stop();
  fs.rmSync(bundleDir, { recursive: true, force: true });
}
