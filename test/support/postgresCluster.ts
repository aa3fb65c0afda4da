/**
 * A throw-away PostgreSQL cluster for the tests: initdb in a temp folder, the server on a free
 * loopback port with its unix socket in that folder, stopped and removed at the end. Uses the
 * Debian server binaries (/usr/lib/postgresql/<version>/bin, `apt-get install -y postgresql`);
 * no system service is needed. initdb refuses to run as root, so as root the cluster runs as
 * the unprivileged `nobody` (the temp folder is handed to it).
 *
 * Absent binaries: `findPostgresBin()` is null and the caller skips with a printed note, except
 * when CI=true, where `requirePostgresOrSkip` throws (CI must not skip these tests).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface PostgresCluster {
  /** Superuser URL of the `postgres` database (trust authentication on loopback). */
  adminUrl: string;
  stop(): void;
}

/** The newest installed server's bin folder (PG_BIN overrides), or null. */
export function findPostgresBin(): string | null {
  const candidates = process.env.PG_BIN ? [process.env.PG_BIN] : listDebianBins();
  return candidates.find((bin) => fs.existsSync(path.join(bin, "initdb"))) ?? null;
}

function listDebianBins(): string[] {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join(root, version, "bin"));
}

/** The bin folder, or null after printing why the caller skips; throws under CI=true. */
export function requirePostgresOrSkip(suite: string): string | null {
  const bin = findPostgresBin();
  if (bin) return bin;
  const note = `${suite}: PostgreSQL server binaries not found (apt-get install -y postgresql, or PG_BIN=<bin folder>)`;
  if (process.env.CI === "true") throw new Error(`${note}; CI must not skip these tests`);
  console.log(`SKIP ${note}`);
  return null;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server binary, as `nobody` when this process is root (initdb and postgres refuse root). */
function runAsServerUser(bin: string, args: string[]): void {
  const command = path.join(bin, args[0]);
  const asRoot = process.getuid?.() === 0;
  const [file, fileArgs] = asRoot ? ["runuser", ["-u", "nobody", "--", command, ...args.slice(1)]] : [command, args.slice(1)];
  const result = spawnSync(file, fileArgs, { encoding: "utf8", cwd: os.tmpdir() });
  if (result.status !== 0) {
    throw new Error(`${args[0]} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

export async function startPostgresCluster(bin: string): Promise<PostgresCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "qs-pg-"));
  if (process.getuid?.() === 0) {
    fs.chmodSync(root, 0o700);
    spawnSync("chown", ["nobody", root]);
  }
  const dataDir = path.join(root, "data");
  const port = await freeLoopbackPort();
  runAsServerUser(bin, ["initdb", "-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"]);
  // Durability is not under test here: without fsync the many CREATE DATABASE of the API suite are fast.
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  runAsServerUser(bin, ["pg_ctl", "-D", dataDir, "-l", path.join(root, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"]);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      runAsServerUser(bin, ["pg_ctl", "-D", dataDir, "-m", "immediate", "-w", "stop"]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      process.off("exit", stop);
    }
  };
  // A test process that dies without calling stop must not leave a server running.
  process.on("exit", stop);
  return { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
