// The SQLite job store over node-sqlite3-wasm: migrations, FIFO claim, re-queue, stale lock.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sqlite from "node-sqlite3-wasm";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SqliteJobStore } from "../src/jobs/sqlite/sqliteJobStore.ts";
import { migrations } from "../src/sql/migrations/index.ts";

function tempDbPath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "qs-store-")), "jobs.db");
}

const newJob = (id: string) => ({ id, originalFilename: `${id}.mp3`, audioFilePath: `/u/${id}.mp3`, hints: {} });

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

test("claims by priority, highest first, FIFO within a priority; queue positions follow the claim order", async () => {
  const store = new SqliteJobStore(tempDbPath(), () => new Date("2025-10-03T00:00:00.500Z"));
  try {
    const order: [string, number][] = [["low", -5], ["a", 0], ["urgent", 10], ["b", 0], ["urgent2", 10]];
    for (const [id, priority] of order) await store.insert({ ...newJob(id), priority });
    assert.is((await store.get("urgent"))?.priority, 10);
    assert.is((await store.get("a"))?.priority, 0);
    const expected = ["urgent", "urgent2", "a", "b", "low"];
    assert.equal(await Promise.all(expected.map((id) => store.queuePosition(id))), [1, 2, 3, 4, 5]);
    assert.equal([...(await store.queuePositions()).entries()].sort((x, y) => x[1] - y[1]).map(([id]) => id), expected);
    assert.is((await store.claimNextQueued())?.id, "urgent");
    assert.is(await store.queuePosition("urgent"), null, "a processing job has no queue position");
    assert.is(await store.queuePosition("low"), 4);
    await store.insert({ ...newJob("late"), priority: 0 });
    assert.is(await store.queuePosition("late"), 4, "after a and b (same priority, earlier), before low");
    const claimed: (string | undefined)[] = [];
    for (let claim = 0; claim < 5; claim += 1) claimed.push((await store.claimNextQueued())?.id);
    assert.equal(claimed, ["urgent2", "a", "b", "late", "low"]);
    assert.is(await store.claimNextQueued(), null);
  } finally {
    await store.close();
  }
});

test("claims FIFO by insertion even within one second; completion and failure are stored", async () => {
  const fixedNow = new Date("2025-10-03T00:00:00.500Z");
  const store = new SqliteJobStore(tempDbPath(), () => fixedNow);
  try {
    for (const id of ["c", "a", "b"]) await store.insert(newJob(id));
    const first = await store.claimNextQueued();
    assert.is(first?.id, "c");
    assert.is(first?.status, "processing");
    assert.is(first?.startedAt, "2025-10-03T00:00:00");
    await store.markCompleted("c", { resultZipPath: "/r/c.zip", metadataJson: "{}", transcriptionText: "t" });
    assert.is((await store.claimNextQueued())?.id, "a");
    await store.markFailed("a", "boom");
    assert.is((await store.get("a"))?.errorMessage, "boom");
    assert.is((await store.get("c"))?.status, "completed");
    assert.is(await store.count("queued"), 1);
    assert.equal((await store.listRecent(10)).map((job) => job.id), ["b", "a", "c"]);
  } finally {
    await store.close();
  }
});

test("requeueProcessing resets processing jobs except the named running one", async () => {
  const store = new SqliteJobStore(tempDbPath());
  try {
    await store.insert(newJob("x"));
    await store.insert(newJob("y"));
    await store.claimNextQueued();
    await store.claimNextQueued();
    assert.is(await store.requeueProcessing(["y"]), 1);
    assert.is((await store.get("x"))?.status, "queued");
    assert.is((await store.get("x"))?.startedAt, null);
    assert.is((await store.get("y"))?.status, "processing");
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
