// The piscina-backed JobRunner: a real worker thread, progress over a MessagePort, a dying
// worker reported as a rejection (the queue turns it into a failed job) and replaced.
import os from "node:os";
import path from "node:path";
import { isMainThread, threadId } from "node:worker_threads";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { defaultModelThreads } from "../src/pipeline/modelThreads.ts";
import { WorkerPool } from "../src/pipeline/workerPool.ts";
import { REPO_ROOT } from "./support/serviceProcess.ts";

const task = (name: string) => ({
  jobId: `job-${name}`, uploadPath: "/tmp/x.mp3", originalFilename: name, resultZipPath: "/tmp/x.zip", tempDir: "/tmp", hints: { surah: 2 },
});

test("runs the task in a worker thread and forwards progress", async () => {
  const pool = new WorkerPool({ workerFilename: path.join(REPO_ROOT, "test/support/echoTaskWorker.ts") });
  try {
    const seen: string[] = [];
    const reply = await pool.run(task("ok.mp3"), (stage, progress) => seen.push(`${stage}:${progress}`));
    assert.ok(reply.ok);
    if (reply.ok) assert.is(reply.metadata.surah_number, 2);
    await new Promise((resolve) => setTimeout(resolve, 20)); // port messages may trail the reply
    assert.equal(seen, ["decoding:10", "aligning:60"]);
    assert.ok(isMainThread && threadId === 0);
  } finally {
    await pool.close();
  }
});

test("a worker that dies rejects the run; the pool keeps working; close() marks it dead", async () => {
  const pool = new WorkerPool({ workerFilename: path.join(REPO_ROOT, "test/support/echoTaskWorker.ts") });
  try {
    await assert.not.throws(() => pool.isAlive());
    let rejected = false;
    await pool.run(task("exit.mp3"), () => {}).catch(() => { rejected = true; });
    assert.ok(rejected);
    const after = await pool.run(task("ok.mp3"), () => {});
    assert.ok(after.ok);
    await pool.close();
    assert.is(pool.isAlive(), false);
    await pool.restart();
    assert.is(pool.isAlive(), true);
    assert.ok((await pool.run(task("ok.mp3"), () => {})).ok);
  } finally {
    await pool.close();
  }
});

async function inspectWorker(pool: WorkerPool): Promise<{ settings: unknown; idleTimerFired: boolean }> {
  const reply = await pool.run(task("inspect.mp3"), () => {});
  if (reply.ok) throw new Error("the inspect task replies with a failure carrying its findings");
  return JSON.parse(reply.message) as { settings: unknown; idleTimerFired: boolean };
}

test("workers start with their settings (model threads: explicit, or the cores per worker) beside the caller's workerData", async () => {
  const explicit = new WorkerPool({ workerFilename: path.join(REPO_ROOT, "test/support/echoTaskWorker.ts"), modelThreads: 3, workerData: { role: "x" } });
  try {
    assert.equal((await inspectWorker(explicit)).settings, { modelThreads: 3 });
  } finally {
    await explicit.close();
  }
  const auto = new WorkerPool({ workerFilename: path.join(REPO_ROOT, "test/support/echoTaskWorker.ts"), threads: 2 });
  try {
    assert.equal((await inspectWorker(auto)).settings, { modelThreads: defaultModelThreads(os.availableParallelism(), 2) });
  } finally {
    await auto.close();
  }
});

test("an idle worker's event loop keeps running (its warm-up is asynchronous; piscina's Atomics.wait would freeze it)", async () => {
  const pool = new WorkerPool({ workerFilename: path.join(REPO_ROOT, "test/support/echoTaskWorker.ts") });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the worker starts (tsx compiles it), then its 50 ms timer is due
    assert.is((await inspectWorker(pool)).idleTimerFired, true);
  } finally {
    await pool.close();
  }
});

test.run();
