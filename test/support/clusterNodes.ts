/**
 * A cluster on one machine for the scale-out test and scripts/clusterThroughput.ts: API nodes
 * (ROLE=api) and worker nodes (ROLE=worker) as separate src/main.ts processes on one PostgreSQL
 * database and one S3 bucket, each with a data folder of its own (only temp files go there).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./serviceProcess.ts";

export interface ClusterNode {
  role: "api" | "worker";
  child: ChildProcess;
  /** The API node's URL; null for a worker. */
  url: string | null;
  output(): string;
  exited: Promise<number | string>;
}

export interface ClusterSettings {
  databaseUrl: string;
  storageUrl: string;
  s3Endpoint: string;
  /** More environment for every node (the test runner, stall timeout…). */
  env?: Record<string, string>;
  /** What node runs (default: src/main.ts through tsx; scripts pass the bundle). */
  command?: string[];
}

const READY = { api: /listening on http:\/\/[^:]+:(\d+)/, worker: /worker node:/ };

export async function startClusterNode(role: "api" | "worker", settings: ClusterSettings, startTimeoutMs = 60_000): Promise<ClusterNode> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `qs-${role}-`));
  const child = spawn(process.execPath, settings.command ?? ["--import", "tsx", path.join(REPO_ROOT, "src/main.ts")], {
    cwd: REPO_ROOT,
    env: {
      ...process.env, HOST: "127.0.0.1", PORT: "0", ROLE: role, DATA_DIR: dataDir,
      DATABASE_URL: settings.databaseUrl, STORAGE_URL: settings.storageUrl, AWS_ENDPOINT_URL_S3: settings.s3Endpoint,
      ...settings.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    resolve(code ?? signal ?? -1);
  }));
  const url = await new Promise<string | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} node did not start within ${startTimeoutMs / 1000} s:\n${output}`)), startTimeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = READY[role].exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(role === "api" ? `http://127.0.0.1:${match[1]}` : null);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`${role} node exited (${code}) before it was ready:\n${output}`)); });
  });
  return { role, child, url, output: () => output, exited };
}

/** SIGTERM (a clean shutdown) to every node still running; resolves when all have exited. */
export async function stopClusterNodes(nodes: readonly ClusterNode[]): Promise<void> {
  for (const node of nodes) if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill("SIGTERM");
  await Promise.all(nodes.map((node) => node.exited));
}
