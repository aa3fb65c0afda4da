// RETENTION_HOURS: the sweep deletes finished jobs older than the limit with their files, logs
// it, never touches queued/processing jobs, and runs at start and then on its interval.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { JobStore } from "../src/jobs/jobStore.ts";
import { startRetentionSweep, sweepExpiredJobs } from "../src/jobs/retentionSweep.ts";

function storeWithJobs(clock: { now: Date }): { store: JobStore; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-retention-"));
  const store = new JobStore(path.join(dir, "jobs.db"), () => clock.now);
  for (const id of ["old", "recent", "processing", "queued"]) {
    const upload = path.join(dir, `${id}.mp3`);
    fs.writeFileSync(upload, "x");
    store.insert({ id, originalFilename: `${id}.mp3`, audioFilePath: upload, hints: {} });
  }
  return { store, dir };
}

function finish(store: JobStore, dir: string, id: string): void {
  const zip = path.join(dir, `${id}.zip`);
  fs.writeFileSync(zip, "z");
  store.markCompleted(id, { resultZipPath: zip, metadataJson: "{}", transcriptionText: "" });
}

test("sweepExpiredJobs: only jobs finished before now − hours go, with upload and zip", () => {
  const clock = { now: new Date("2025-10-01T00:00:00Z") };
  const { store, dir } = storeWithJobs(clock);
  try {
    for (const id of ["old", "recent", "processing"]) assert.is(store.claimNextQueued()?.id, id);
    finish(store, dir, "old");
    clock.now = new Date("2025-10-02T00:00:00Z");
    store.markFailed("recent", "bad audio");
    clock.now = new Date("2025-10-03T00:30:00Z"); // old finished 48.5 h ago, recent 24.5 h ago
    assert.equal(sweepExpiredJobs(store, 48, clock.now), { jobsDeleted: 1, filesRemoved: 2, deletedIds: ["old"] });
    assert.is(store.get("old"), null);
    assert.not.ok(fs.existsSync(path.join(dir, "old.mp3")) || fs.existsSync(path.join(dir, "old.zip")));
    assert.equal(sweepExpiredJobs(store, 48, clock.now), { jobsDeleted: 0, filesRemoved: 0, deletedIds: [] });
    assert.equal(sweepExpiredJobs(store, 24, clock.now), { jobsDeleted: 1, filesRemoved: 1, deletedIds: ["recent"] });
    assert.equal(["queued", "processing"].map((id) => store.get(id)?.status), ["queued", "processing"]);
    assert.ok(fs.existsSync(path.join(dir, "queued.mp3")) && fs.existsSync(path.join(dir, "processing.mp3")));
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("startRetentionSweep: sweeps at start and on each interval, logs what it removed, stops", async () => {
  const clock = { now: new Date("2025-10-01T00:00:00Z") };
  const { store, dir } = storeWithJobs(clock);
  const logs: string[] = [];
  try {
    assert.is(store.claimNextQueued()?.id, "old");
    finish(store, dir, "old");
    clock.now = new Date("2025-10-01T02:00:00Z");
    const stop = startRetentionSweep({ store, retentionHours: 1, log: (line) => logs.push(line), now: () => clock.now, intervalMs: 20 });
    assert.is(store.get("old"), null, "the first sweep runs at start");
    assert.equal(logs, ["retention: deleted 1 job(s) finished more than 1 h ago and removed 2 file(s)"]);
    assert.is(store.claimNextQueued()?.id, "recent");
    finish(store, dir, "recent");
    clock.now = new Date("2025-10-01T03:30:00Z");
    await sleep(80);
    assert.is(store.get("recent"), null, "a later sweep on the interval");
    assert.is(logs.length, 2);
    stop();
    assert.is(store.claimNextQueued()?.id, "processing");
    finish(store, dir, "processing");
    clock.now = new Date("2025-10-02T00:00:00Z");
    await sleep(80);
    assert.is(store.get("processing")?.status, "completed", "no sweep after stop");
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
