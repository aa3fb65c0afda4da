// RETENTION_HOURS: the sweep deletes finished jobs older than the limit with their files, logs
// it, never touches queued/processing jobs, and runs at start and then on its interval.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SqliteJobStore } from "../src/jobs/sqlite/sqliteJobStore.ts";
import { LocalFileStorage } from "../src/storage/localFileStorage.ts";
import { startRetentionSweep, sweepExpiredJobs } from "../src/jobs/retentionSweep.ts";

async function storeWithJobs(clock: { now: Date }): Promise<{ store: SqliteJobStore; storage: LocalFileStorage; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-retention-"));
  const store = new SqliteJobStore(path.join(dir, "jobs.db"), () => clock.now);
  for (const id of ["old", "recent", "processing", "queued"]) {
    const upload = path.join(dir, `${id}.mp3`);
    fs.writeFileSync(upload, "x");
    await store.insert({ id, originalFilename: `${id}.mp3`, audioFilePath: upload, hints: {} });
  }
  return { store, storage: new LocalFileStorage(dir, dir, dir), dir };
}

async function finish(store: SqliteJobStore, dir: string, id: string): Promise<void> {
  const zip = path.join(dir, `${id}.zip`);
  fs.writeFileSync(zip, "z");
  await store.markCompleted(id, { resultZipPath: zip, metadataJson: "{}", transcriptionText: "" });
}

test("sweepExpiredJobs: only jobs finished before now − hours go, with upload and zip", async () => {
  const clock = { now: new Date("2025-10-01T00:00:00Z") };
  const { store, storage, dir } = await storeWithJobs(clock);
  try {
    for (const id of ["old", "recent", "processing"]) assert.is((await store.claimNextQueued())?.id, id);
    await finish(store, dir, "old");
    clock.now = new Date("2025-10-02T00:00:00Z");
    await store.markFailed("recent", "bad audio");
    clock.now = new Date("2025-10-03T00:30:00Z"); // old finished 48.5 h ago, recent 24.5 h ago
    assert.equal(await sweepExpiredJobs(store, storage, 48, clock.now), { jobsDeleted: 1, filesRemoved: 2, deletedIds: ["old"] });
    assert.is(await store.get("old"), null);
    assert.not.ok(fs.existsSync(path.join(dir, "old.mp3")) || fs.existsSync(path.join(dir, "old.zip")));
    assert.equal(await sweepExpiredJobs(store, storage, 48, clock.now), { jobsDeleted: 0, filesRemoved: 0, deletedIds: [] });
    assert.equal(await sweepExpiredJobs(store, storage, 24, clock.now), { jobsDeleted: 1, filesRemoved: 1, deletedIds: ["recent"] });
    assert.equal([(await store.get("queued"))?.status, (await store.get("processing"))?.status], ["queued", "processing"]);
    assert.ok(fs.existsSync(path.join(dir, "queued.mp3")) && fs.existsSync(path.join(dir, "processing.mp3")));
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("startRetentionSweep: sweeps at start and on each interval, logs what it removed, stops", async () => {
  const clock = { now: new Date("2025-10-01T00:00:00Z") };
  const { store, storage, dir } = await storeWithJobs(clock);
  const logs: string[] = [];
  try {
    assert.is((await store.claimNextQueued())?.id, "old");
    await finish(store, dir, "old");
    clock.now = new Date("2025-10-01T02:00:00Z");
    const stop = startRetentionSweep({ store, storage, retentionHours: 1, log: (line) => logs.push(line), now: () => clock.now, intervalMs: 20 });
    await sleep(5);
    assert.is(await store.get("old"), null, "the first sweep runs at start");
    assert.equal(logs, ["retention: deleted 1 job(s) finished more than 1 h ago and removed 2 file(s)"]);
    assert.is((await store.claimNextQueued())?.id, "recent");
    await finish(store, dir, "recent");
    clock.now = new Date("2025-10-01T03:30:00Z");
    await sleep(80);
    assert.is(await store.get("recent"), null, "a later sweep on the interval");
    assert.is(logs.length, 2);
    stop();
    assert.is((await store.claimNextQueued())?.id, "processing");
    await finish(store, dir, "processing");
    clock.now = new Date("2025-10-02T00:00:00Z");
    await sleep(80);
    assert.is((await store.get("processing"))?.status, "completed", "no sweep after stop");
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
