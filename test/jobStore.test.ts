// The SQLite job store over node-sqlite3-wasm: the shared JobStore contract, migrations, stale lock.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sqlite from "node-sqlite3-wasm";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SqliteJobStore } from "../src/jobs/sqlite/sqliteJobStore.ts";
import { migrations } from "../src/sql/migrations/index.ts";
import { jobStoreContract, newJob } from "./support/jobStoreContract.ts";

function tempDbPath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "qs-store-")), "jobs.db");
}

jobStoreContract("sqlite", async (now) => new SqliteJobStore(tempDbPath(), now)).run();

test("schema has the spec's columns; migrations are recorded and not re-run on reopen", async () => {
  const dbPath = tempDbPath();
  await new SqliteJobStore(dbPath).close();
  await new SqliteJobStore(dbPath).close();
  const db = new sqlite.Database(dbPath);
  try {
    const columns = (db.all("PRAGMA table_info(jobs)") as { name: string }[]).map((column) => column.name);
    for (const name of ["id", "original_filename", "audio_file_path", "status", "created_at", "started_at",
      "completed_at", "error_message", "result_zip_path", "metadata_json", "transcription_text"]) {
      assert.ok(columns.includes(name), name);
    }
    const applied = (db.all("SELECT id FROM migrations ORDER BY id") as { id: number }[]).map((row) => row.id);
    assert.equal(applied, migrations.map((migration) => migration.id));
  } finally {
    db.close();
  }
});

test("the open store keeps a write-ahead log; a clean close leaves a plain database any connection opens", async () => {
  const dbPath = tempDbPath();
  const store = new SqliteJobStore(dbPath);
  await store.insert(newJob("logged"));
  assert.ok(fs.existsSync(`${dbPath}-wal`), "commits go to the write-ahead log");
  await store.close();
  assert.not.ok(fs.existsSync(`${dbPath}-wal`), "folded into the file at close");
  const db = new sqlite.Database(dbPath); // default (non-exclusive) mode: fails on a WAL file
  try {
    assert.equal(db.get("PRAGMA journal_mode"), { journal_mode: "delete" });
    assert.is((db.get("SELECT status FROM jobs WHERE id = 'logged'") as { status: string }).status, "queued");
  } finally {
    db.close();
  }
});

test("a process killed with the store open loses no commit: the next open replays the log", async () => {
  const dbPath = tempDbPath();
  const storeModule = new URL("../src/jobs/sqlite/sqliteJobStore.ts", import.meta.url).pathname;
  const script = `const { SqliteJobStore } = await import(${JSON.stringify(storeModule)});
    const store = new SqliteJobStore(${JSON.stringify(dbPath)});
    await store.insert({ id: "before-kill", originalFilename: "a.mp3", audioFilePath: "/u/a", hints: {} });
    await store.claimNextQueued();
    process.kill(process.pid, "SIGKILL");`;
  const killed = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.is(killed.signal, "SIGKILL", killed.stderr);
  assert.ok(fs.existsSync(`${dbPath}-wal`), "the kill left the log");
  const store = new SqliteJobStore(dbPath);
  try {
    assert.is((await store.get("before-kill"))?.status, "processing");
  } finally {
    await store.close();
  }
});

test("a stale <db>.lock directory from a crashed run is removed at open", async () => {
  const dbPath = tempDbPath();
  await new SqliteJobStore(dbPath).close();
  fs.mkdirSync(`${dbPath}.lock`);
  const store = new SqliteJobStore(dbPath);
  try {
    assert.ok(store.removedStaleLock);
    await store.insert(newJob("after-crash"));
    assert.is(await store.count(), 1);
  } finally {
    await store.close();
  }
});

test.run();
