// The SQLite job store's write-through read model (src/jobs/jobReadModel.ts): after every write
// its answers equal those of a store freshly loaded from the same file, and a restart keeps them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { JobStatus } from "../src/jobs/job.ts";
import { JobReadModel } from "../src/jobs/sqlite/jobReadModel.ts";
import { SqliteJobStore } from "../src/jobs/sqlite/sqliteJobStore.ts";

const STATUSES: JobStatus[] = ["queued", "processing", "completed", "failed"];

function tempDbPath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "qs-readmodel-")), "jobs.db");
}

/** Everything the store's public reads answer, for every job it knows. */
async function snapshotOf(store: SqliteJobStore, ids: readonly string[]): Promise<unknown> {
  const each = <T>(read: (key: string) => Promise<T>, keys: readonly string[]): Promise<T[]> => Promise.all(keys.map(read));
  return {
    jobs: await each((id) => store.get(id), ids),
    recent: await store.listRecent(1000),
    recentTwo: await store.listRecent(2),
    finished: await store.listFinished(),
    positions: [...(await store.queuePositions())].sort(),
    position: await each((id) => store.queuePosition(id), ids),
    counts: [await store.count(), ...await each((status) => store.count(status as JobStatus), STATUSES)],
  };
}

/** A small deterministic PRNG (mulberry32) so a failure replays. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("after every write the read model answers what SQLite holds (300 random operations)", async () => {
  const dbPath = tempDbPath();
  const random = randomSource(9);
  // The clock mostly stays within a second or steps forward, and sometimes steps back (NTP).
  let clockMs = Date.parse("2025-10-03T00:00:00Z");
  let store = new SqliteJobStore(dbPath, () => new Date(clockMs));
  const ids: string[] = [];
  const pick = (): string => ids[Math.floor(random() * ids.length)] ?? "unknown";
  try {
    for (let step = 0; step < 300; step += 1) {
      clockMs += [0, 0, 1000, 1000, -1000][Math.floor(random() * 5)];
      const choice = random();
      let operation: string;
      if (choice < 0.3 || ids.length === 0) {
        const id = `job-${step}`;
        ids.push(id);
        await store.insert({
          id, originalFilename: `${id}.mp3`, audioFilePath: `/u/${id}.mp3`, hints: step % 3 ? {} : { surah: 36 }, priority: Math.floor(random() * 3) - 1,
        });
        operation = `insert ${id}`;
      } else if (choice < 0.5) {
        operation = `claim ${(await store.claimNextQueued())?.id ?? "none"}`;
      } else if (choice < 0.65) {
        const id = pick();
        await store.markCompleted(id, { resultZipPath: `/r/${id}.zip`, metadataJson: `{"id":"${id}"}`, transcriptionText: `text ${step}` });
        operation = `complete ${id}`;
      } else if (choice < 0.75) {
        const id = pick();
        await store.markFailed(id, `error ${step}`);
        operation = `fail ${id}`;
      } else if (choice < 0.85) {
        operation = `requeue ${await store.requeueProcessing(random() < 0.5 ? [pick()] : [])}`;
      } else {
        const id = random() < 0.9 ? pick() : "unknown";
        operation = `delete ${id}: ${await store.deleteFinished(id)}`;
      }
      // The store holds its file exclusively: what SQLite holds is read by reopening it.
      const fromModel = await snapshotOf(store, [...ids, "unknown"]);
      await store.close();
      store = new SqliteJobStore(dbPath, () => new Date(clockMs));
      assert.equal(fromModel, await snapshotOf(store, [...ids, "unknown"]), `step ${step}: ${operation}`);
    }
  } finally {
    await store.close();
  }
});

test("a restart answers exactly what the store answered before it closed", async () => {
  const dbPath = tempDbPath();
  const store = new SqliteJobStore(dbPath);
  for (const id of ["a", "b", "c", "d"]) await store.insert({ id, originalFilename: `${id}.wav`, audioFilePath: `/u/${id}`, hints: {} });
  await store.claimNextQueued();
  await store.markCompleted("a", { resultZipPath: "/r/a.zip", metadataJson: "{\"surah\":1}", transcriptionText: "bismi" });
  await store.claimNextQueued();
  await store.markFailed("b", "not audio");
  await store.claimNextQueued();
  const before = await snapshotOf(store, ["a", "b", "c", "d"]);
  await store.close();
  const reopened = new SqliteJobStore(dbPath);
  try {
    assert.equal(await snapshotOf(reopened, ["a", "b", "c", "d"]), before);
    assert.is((await reopened.get("a"))?.metadataJson, "{\"surah\":1}");
    assert.is((await reopened.get("c"))?.status, "processing");
  } finally {
    await reopened.close();
  }
});

test("status reads of a job without results are served from memory, not from the file", async () => {
  const store = new SqliteJobStore(tempDbPath());
  await store.insert({ id: "live", originalFilename: "live.mp3", audioFilePath: "/u/live", hints: {} });
  await store.claimNextQueued();
  // With the connection closed any SQLite access would throw: these answers come from the model.
  await store.close();
  assert.is((await store.get("live"))?.status, "processing");
  assert.is(await store.count("processing"), 1);
  assert.is(await store.get("other"), null);
});

test("status and lists of a completed job are served from memory; only the whole job reads its texts from the file", async () => {
  const store = new SqliteJobStore(tempDbPath());
  await store.insert({ id: "done", originalFilename: "done.mp3", audioFilePath: "/u/done", hints: {} });
  await store.claimNextQueued();
  await store.markCompleted("done", { resultZipPath: "/r/done.zip", metadataJson: "{\"surah\":1}", transcriptionText: "bismi" });
  await store.close();
  assert.is((await store.getSummary("done"))?.status, "completed");
  assert.equal((await store.listRecent(10)).map((job) => job.id), ["done"]);
  try {
    await store.get("done");
    assert.unreachable("the result texts live in the file only");
  } catch (error) {
    assert.instance(error, Error);
    assert.not.instance(error, assert.Assertion);
  }
});

test("read model: counts follow replacements and removals; what it hands out is frozen", async () => {
  const summary = (id: string, status: JobStatus, seq: number) => ({
    seq, id, status, originalFilename: `${id}.mp3`, audioFilePath: `/u/${id}`, createdAt: "2025-10-03T00:00:00",
    startedAt: null, completedAt: null, errorMessage: null, resultZipPath: null, hasResultTexts: false, recutPending: false, hints: {}, priority: 0, output: { naming: "spec" as const, exports: [] },
  });
  const model = new JobReadModel([summary("a", "queued", 1), summary("b", "queued", 2)]);
  model.put(summary("a", "processing", 1));
  assert.equal([model.count(), model.count("queued"), model.count("processing")], [2, 1, 1]);
  model.remove("b");
  model.remove("b");
  assert.equal([model.count(), model.count("queued")], [1, 0]);
  assert.ok(Object.isFrozen(model.get("a")) && Object.isFrozen(model.get("a")?.hints));
  model.put(summary("c", "completed", 3));
  model.put(summary("d", "failed", 4));
  model.put(summary("c", "completed", 3));
  assert.equal(model.withStatus("completed", "failed").map((job) => job.id), ["c", "d"]);
  assert.equal(model.listRecent(2).map((job) => job.id), ["d", "c"]);
});

test.run();
