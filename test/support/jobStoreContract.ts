/**
 * What every JobStore must do alike (src/jobs/jobStore.ts), registered as an uvu suite per
 * backend: test/jobStore.test.ts runs it on SQLite, test/jobStorePostgres.test.ts on PostgreSQL.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { JobStore } from "../../src/jobs/jobStore.ts";

/** Opens an empty store; `now` fixes its clock. */
export type OpenEmptyStore = (now?: () => Date) => Promise<JobStore>;

export const newJob = (id: string) => ({ id, originalFilename: `${id}.mp3`, audioFilePath: `/u/${id}.mp3`, hints: {} });

const result = (id: string) => ({ resultZipPath: `/r/${id}.zip`, metadataJson: "{}", transcriptionText: "t" });

async function withStore(open: OpenEmptyStore, now: (() => Date) | undefined, body: (store: JobStore) => Promise<void>): Promise<void> {
  const store = await open(now);
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

export function jobStoreContract(backend: string, open: OpenEmptyStore, hooks: { before?: () => Promise<void>; after?: () => Promise<void> } = {}) {
  const test = suite(`JobStore contract (${backend})`);
  if (hooks.before) test.before(hooks.before);
  if (hooks.after) test.after(hooks.after);
  const fixedNow = () => new Date("2025-10-03T00:00:00.500Z");

  test("claims by priority, highest first, FIFO within a priority; queue positions follow the claim order", () => withStore(open, fixedNow, async (store) => {
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
  }));

  test("claims FIFO by insertion even within one second; completion and failure are stored", () => withStore(open, fixedNow, async (store) => {
    for (const id of ["c", "a", "b"]) await store.insert(newJob(id));
    const first = await store.claimNextQueued();
    assert.is(first?.id, "c");
    assert.is(first?.status, "processing");
    assert.is(first?.startedAt, "2025-10-03T00:00:00");
    await store.markCompleted("c", result("c"));
    assert.is((await store.claimNextQueued())?.id, "a");
    await store.markFailed("a", "boom");
    assert.is((await store.get("a"))?.errorMessage, "boom");
    const completed = await store.get("c");
    assert.is(completed?.status, "completed");
    assert.is(completed?.resultZipPath, "/r/c.zip");
    assert.is(completed?.transcriptionText, "t");
    assert.is(await store.count("queued"), 1);
    assert.is(await store.count(), 3);
    assert.equal((await store.listRecent(10)).map((job) => job.id), ["b", "a", "c"]);
    assert.equal((await store.listRecent(2)).map((job) => job.id), ["b", "a"]);
  }));

  test("requeueProcessing resets processing jobs except the named running one", () => withStore(open, undefined, async (store) => {
    await store.insert(newJob("x"));
    await store.insert(newJob("y"));
    await store.claimNextQueued();
    await store.claimNextQueued();
    assert.is(await store.requeueProcessing(["y"]), 1);
    assert.is((await store.get("x"))?.status, "queued");
    assert.is((await store.get("x"))?.startedAt, null);
    assert.is((await store.get("y"))?.status, "processing");
  }));

  test("cancel a queued job; re-cut queues a completed job and restoring it keeps its result", () => withStore(open, fixedNow, async (store) => {
    await store.insert(newJob("keep"));
    await store.insert(newJob("drop"));
    assert.ok(await store.cancelQueued("drop"));
    assert.not.ok(await store.cancelQueued("drop"), "no longer queued");
    assert.is((await store.get("drop"))?.status, "cancelled");
    await store.claimNextQueued();
    await store.markCompleted("keep", result("keep"));
    assert.not.ok(await store.queueRecut("drop", "{}"), "only a completed job is re-cut");
    assert.ok(await store.queueRecut("keep", '{"edited":true}'));
    const queued = await store.get("keep");
    assert.is(queued?.status, "queued");
    assert.is(queued?.recutMetadataJson, '{"edited":true}');
    assert.is(queued?.recutPending, true);
    assert.is((await store.getSummary("keep"))?.recutPending, true);
    assert.not.ok(await store.cancelQueued("keep"), "a re-cut is restored, not cancelled");
    assert.is((await store.claimNextQueued())?.id, "keep");
    assert.ok(await store.restoreCompleted("keep"));
    const restored = await store.get("keep");
    assert.is(restored?.status, "completed");
    assert.is(restored?.recutMetadataJson, null);
    assert.is((await store.getSummary("keep"))?.recutPending, false);
    assert.is(restored?.resultZipPath, "/r/keep.zip");
  }));

  test("a summary is the whole job without its result texts; lists hold summaries", () => withStore(open, fixedNow, async (store) => {
    await store.insert({ ...newJob("s"), priority: 3, hints: { surah: 112 } });
    await store.insert(newJob("t"));
    await store.claimNextQueued();
    await store.markCompleted("s", result("s"));
    for (const id of ["s", "t"]) {
      const { metadataJson, transcriptionText, recutMetadataJson, ...fields } = (await store.get(id))!;
      assert.equal(await store.getSummary(id), fields);
      assert.equal((await store.listRecent(10)).find((job) => job.id === id), fields);
    }
    assert.is((await store.get("s"))?.metadataJson, "{}", "the whole job still has its texts");
    assert.is(await store.getSummary("nothing"), null);
  }));

  test("finished jobs are listed oldest first, by cutoff, and deleted only while finished", () => withStore(open, fixedNow, async (store) => {
    for (const id of ["one", "two", "three"]) await store.insert(newJob(id));
    await store.claimNextQueued();
    await store.markCompleted("one", result("one"));
    await store.claimNextQueued();
    await store.markCancelled("two");
    assert.equal((await store.listFinished()).map((job) => job.id), ["one", "two"]);
    assert.equal((await store.listFinishedBefore("2025-10-03T00:00:01")).map((job) => job.id), ["one", "two"]);
    assert.equal(await store.listFinishedBefore("2025-10-03T00:00:00"), []);
    assert.not.ok(await store.deleteFinished("three"), "a queued job is not deleted");
    assert.ok(await store.deleteFinished("one"));
    assert.is(await store.get("one"), null);
    assert.is(await store.count(), 2);
  }));

  return test;
}
