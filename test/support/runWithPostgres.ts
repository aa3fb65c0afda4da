/**
 * `node --import tsx test/support/runWithPostgres.ts <command> [args…]`: starts a throw-away
 * PostgreSQL cluster, runs the command with TEST_POSTGRES_ADMIN_URL pointing at it (each test
 * server then makes its own database there, see testServer.ts), stops and removes the cluster,
 * and exits with the command's status. test/run.mjs runs the API suites a second time this way.
 * Without PostgreSQL it prints a note and exits 0 (in CI it fails: requirePostgresOrSkip).
 */
import { spawn } from "node:child_process";
import { requirePostgresOrSkip, startPostgresCluster } from "./postgresCluster.ts";
import { TEST_POSTGRES_ADMIN_URL } from "./postgresDatabases.ts";

const [command, ...args] = process.argv.slice(2);
const bin = requirePostgresOrSkip("API suites on PostgreSQL");
if (!bin) process.exit(0);
const cluster = await startPostgresCluster(bin);
const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, [TEST_POSTGRES_ADMIN_URL]: cluster.adminUrl } });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("close", (code, signal) => {
  cluster.stop();
  process.exit(code ?? (signal ? 1 : 0));
});
