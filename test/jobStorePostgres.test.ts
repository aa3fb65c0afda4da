// The PostgreSQL job store on a throw-away cluster: the shared JobStore contract, migrations,
// SKIP LOCKED claims from several stores, NOTIFY between stores, stalled-job recovery and a
// process that exits once the store is closed. Skips with a note when PostgreSQL is absent (not in CI).
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ForeignJobEvent } from "../src/jobs/jobStore.ts";
import { PostgresJobStore, type PostgresJobStoreOptions } from "../src/jobs/postgres/postgresJobStore.ts";
import { pgMigrations } from "../src/sql/postgres/migrations/index.ts";
import { jobStoreContract, newJob } from "./support/jobStoreContract.ts";
import { openTestPostgres } from "./support/postgresDatabases.ts";

const postgres = await openTestPostgres("jobStorePostgres");

function openStore(databaseUrl: string, options: Partial<PostgresJobStoreOptions> = {}): Promise<PostgresJobStore> {
  return PostgresJobStore.open({ databaseUrl, stallTimeoutSeconds: 60, maxAttempts: 3, ...options });
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

if (postgres) {
  jobStoreContract("postgres", async (now) => openStore(await postgres.createDatabase(), { now })).run();

  test("schema has the spec's columns; migrations are recorded and not re-run on reopen", async () => {
    const url = await postgres.createDatabase();
    await (await openStore(url)).close();
    await (await openStore(url)).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const columns = (await client.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'jobs'")).rows.map((row) => row.column_name);
      for (const name of ["id", "original_filename", "audio_file_path", "status", "created_at", "started_at",
        "completed_at", "error_message", "result_zip_path", "metadata_json", "transcription_text"]) {
        assert.ok(columns.includes(name), name);
      }
      const applied = (await client.query<{ id: number }>("SELECT id FROM migrations ORDER BY id")).rows.map((row) => row.id);
      assert.equal(applied, pgMigrations.map((migration) => migration.id));
    } finally {
      await client.end();
    }
  });

  test("three stores claiming at once (SKIP LOCKED) each get different jobs; every job is claimed exactly once", async () => {
    const url = await postgres.createDatabase();
    const stores = await Promise.all([openStore(url), openStore(url), openStore(url)]);
    try {
      for (let index = 0; index < 30; index += 1) await stores[index % 3].insert(newJob(`job-${index}`));
      const claimedBy = await Promise.all(stores.map(async (store) => {
        const ids: string[] = [];
        for (let job = await store.claimNextQueued(); job; job = await store.claimNextQueued()) ids.push(job.id);
        return ids;
      }));
      const all = claimedBy.flat().sort();
      assert.is(all.length, 30);
      assert.is(new Set(all).size, 30, "no job claimed twice");
      assert.is(await stores[0].count("processing"), 30);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  test("NOTIFY: another store hears every change at once; a store does not hear its own", async () => {
    const url = await postgres.createDatabase();
    const [writer, reader] = await Promise.all([openStore(url), openStore(url)]);
    const heard: ForeignJobEvent[] = [];
    const echoed: ForeignJobEvent[] = [];
    reader.subscribeForeignChanges((event) => heard.push(event));
    writer.subscribeForeignChanges((event) => echoed.push(event));
    try {
      await writer.insert(newJob("n1"));
      await writer.claimNextQueued();
      writer.publishProgress("n1", { stage: "aligning", progress: 42.5 });
      await writer.markFailed("n1", "boom");
      await writer.deleteFinished("n1");
      await until(() => heard.length >= 5, 2000, "five notices");
      assert.equal(heard, [
        { kind: "changed", jobId: "n1" }, { kind: "changed", jobId: "n1" }, { kind: "progress", jobId: "n1", progress: { stage: "aligning", progress: 42.5 } },
        { kind: "changed", jobId: "n1" }, { kind: "deleted", jobId: "n1" },
      ]);
      assert.equal(echoed, []);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });

  test("a job whose worker stops beating is queued again, then failed with a clear error after JOB_MAX_ATTEMPTS", async () => {
    const url = await postgres.createDatabase();
    // `dead` beats only every 100 s: after its claim it looks like a worker that was killed.
    const dead = await openStore(url, { stallTimeoutSeconds: 300 });
    const sweeper = await openStore(url, { stallTimeoutSeconds: 1, maxAttempts: 2 });
    try {
      await dead.insert(newJob("stalls"));
      assert.is((await dead.claimNextQueued())?.id, "stalls");
      await until(async () => (await sweeper.get("stalls"))?.status === "queued", 5000, "the stalled job to be queued again");
      await dead.markCompleted("stalls", { resultZipPath: "/r/late.zip", metadataJson: "{}", transcriptionText: "late" });
      assert.is((await sweeper.get("stalls"))?.status, "queued", "the presumed-dead worker's late result is not recorded");
      assert.is((await dead.claimNextQueued())?.id, "stalls", "second attempt");
      await until(async () => (await sweeper.get("stalls"))?.status === "failed", 5000, "the job to fail");
      const failed = await sweeper.get("stalls");
      assert.match(failed?.errorMessage ?? "", /stopped responding 2 times; the job is not retried again/);
      assert.ok(failed?.completedAt);
    } finally {
      await Promise.all([dead.close(), sweeper.close()]);
    }
  });

  test("a live worker's heartbeat keeps its job: nothing is re-queued while it runs", async () => {
    const url = await postgres.createDatabase();
    const worker = await openStore(url, { stallTimeoutSeconds: 1 });
    try {
      await worker.insert(newJob("long"));
      await worker.claimNextQueued();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.is((await worker.get("long"))?.status, "processing");
      await worker.markCompleted("long", { resultZipPath: "/r/long.zip", metadataJson: "{}", transcriptionText: "t" });
      assert.is((await worker.get("long"))?.status, "completed");
    } finally {
      await worker.close();
    }
  });

  test("a process exits by itself once its store is closed (no open connection, listener or timer)", async () => {
    const url = await postgres.createDatabase();
    const script = `
      import { PostgresJobStore } from ${JSON.stringify(path.resolve("src/jobs/postgres/postgresJobStore.ts"))};
      const store = await PostgresJobStore.open({ databaseUrl: process.env.URL, stallTimeoutSeconds: 1, maxAttempts: 3 });
      await store.insert({ id: "exit", originalFilename: "e.mp3", audioFilePath: "/u/e.mp3", hints: {} });
      await store.claimNextQueued();
      await store.close();
      console.log("closed");`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...process.env, URL: url }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => { output += chunk; });
    child.stderr.on("data", (chunk) => { output += chunk; });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill("SIGKILL"); resolve(null); }, 15_000);
      child.on("exit", (exitCode) => { clearTimeout(timer); resolve(exitCode); });
    });
    assert.is(code, 0, `the process must exit on its own: ${output}`);
    assert.match(output, /closed/);
  });

  test.after(() => postgres.stop());
  test.run();
}
