// Queue controls through the API: the `priority` form field, `queue_position` in status and list,
// DELETE /jobs/{id}, WORKERS=n.
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createFakeJobRunner, createGatedJobRunner } from "./support/fakeJobRunner.ts";
import { audioForm, FAKE_MP3, filesIn, postForm, startTestServer, waitForStatus } from "./support/testServer.ts";

async function submit(url: string, name: string, fields: Record<string, string> = {}): Promise<string> {
  const response = await postForm(`${url}/transcribe/async`, audioForm(name, FAKE_MP3, fields));
  assert.is(response.status, 200);
  return (await response.json() as { job_id: string }).job_id;
}

test("priority: higher runs first, FIFO within a priority; status and list show priority and queue_position", async () => {
  const { runner, release } = createGatedJobRunner();
  const server = await startTestServer({ runner });
  try {
    const blocker = await submit(server.url, "blocker.mp3");
    await waitForStatus(server.url, blocker, ["processing"]);
    const low = await submit(server.url, "low.mp3", { priority: "-1" });
    const normal = await submit(server.url, "normal.mp3");
    const high = await submit(server.url, "high.mp3", { priority: "5" });
    const high2 = await submit(server.url, "high2.mp3", { priority: " 5 " });
    const status = await (await fetch(`${server.url}/jobs/${low}/status`)).json() as Record<string, unknown>;
    assert.is(status.priority, -1);
    assert.is(status.queue_position, 4);
    const listed = await (await fetch(`${server.url}/jobs`)).json() as { jobs: { job_id: string; priority: number; queue_position?: number }[] };
    const byId = new Map(listed.jobs.map((job) => [job.job_id, job]));
    assert.equal([high, high2, normal, low].map((id) => byId.get(id)?.queue_position), [1, 2, 3, 4]);
    assert.is(byId.get(blocker)?.queue_position, undefined, "the processing job has no queue position");
    assert.is(byId.get(high)?.priority, 5);
    release();
    for (const id of [low, normal, high, high2]) await waitForStatus(server.url, id, ["completed"], 20_000);
    assert.equal(runner.startedJobIds, [blocker, high, high2, normal, low]);
  } finally {
    await server.close();
  }
});

test("priority: a non-integer or out-of-range value is a 400 naming the field; the upload is dropped", async () => {
  const server = await startTestServer();
  try {
    for (const bad of ["high", "1.5", "1001", "-1001"]) {
      const response = await postForm(`${server.url}/transcribe/async`, audioForm("r.mp3", FAKE_MP3, { priority: bad }));
      assert.is(response.status, 400, bad);
      assert.equal(await response.json(), { detail: `priority must be an integer between -1000 and 1000, got '${bad}'` });
    }
    const sync = await postForm(`${server.url}/transcribe`, audioForm("r.mp3", FAKE_MP3, { priority: "x" }));
    assert.is(sync.status, 400);
  } finally {
    await server.close();
  }
});


test("DELETE /jobs/{id}: a finished job and its files go; 409 for queued or processing, 404 for unknown", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(400) });
  try {
    const done = await submit(server.url, "done.mp3");
    await waitForStatus(server.url, done, ["completed"]);
    const running = await submit(server.url, "running.mp3");
    const waiting = await submit(server.url, "waiting.mp3");
    await waitForStatus(server.url, running, ["processing"]);
    for (const [id, status] of [[running, "processing"], [waiting, "queued"]]) {
      const refused = await fetch(`${server.url}/jobs/${id}`, { method: "DELETE" });
      assert.is(refused.status, 409);
      assert.equal(await refused.json(), { detail: `Job is ${status}: only a finished job (completed, failed or cancelled) can be deleted; cancel it first (POST /jobs/${id}/cancel)` });
    }
    assert.is(filesIn(path.join(server.dataDir, "uploads")).length, 3);
    const deleted = await fetch(`${server.url}/jobs/${done}`, { method: "DELETE" });
    assert.is(deleted.status, 200);
    assert.equal(await deleted.json(), { success: true, message: `Deleted job ${done} and removed 2 file(s)`, job_id: done, files_removed: 2 });
    assert.equal(filesIn(path.join(server.dataDir, "results")), []);
    assert.is(filesIn(path.join(server.dataDir, "uploads")).length, 2, "the other jobs keep their uploads");
    assert.is((await fetch(`${server.url}/jobs/${done}/status`)).status, 404);
    const again = await fetch(`${server.url}/jobs/${done}`, { method: "DELETE" });
    assert.is(again.status, 404);
    assert.equal(await again.json(), { detail: "Job not found" });
    const clear = await fetch(`${server.url}/jobs/finished`, { method: "DELETE" });
    assert.is(clear.status, 200, "DELETE /jobs/finished is still the clear-all route, not an id");
    for (const id of [running, waiting]) await waitForStatus(server.url, id, ["completed"]);
  } finally {
    await server.close();
  }
});

test("WORKERS=2: two jobs run at once, claims stay in priority-then-FIFO order, a sync request keeps its place", async () => {
  const { runner, release } = createGatedJobRunner();
  const server = await startTestServer({ runner, workers: 2 });
  try {
    const ids = [await submit(server.url, "1.mp3"), await submit(server.url, "2.mp3"), await submit(server.url, "3.mp3")];
    const sync = postForm(`${server.url}/transcribe`, audioForm("sync.mp3", FAKE_MP3));
    // The sync job is stored (queued behind 3) before job 5 is sent.
    while ((await (await fetch(`${server.url}/jobs`)).json() as { total: number }).total < 4) await sleep(10);
    ids.push(await submit(server.url, "5.mp3"));
    await waitForStatus(server.url, ids[1], ["processing"]);
    const health = await (await fetch(`${server.url}/health`)).json() as { workers: number; current_job_ids: string[]; current_job_id: string };
    assert.is(health.workers, 2);
    assert.equal(health.current_job_ids, [ids[0], ids[1]]);
    assert.is(health.current_job_id, ids[0]);
    assert.is((await (await fetch(`${server.url}/jobs/${ids[2]}/status`)).json() as { queue_position: number }).queue_position, 1);
    assert.is((await (await fetch(`${server.url}/jobs/${ids[3]}/status`)).json() as { queue_position: number }).queue_position, 3);
    assert.equal(runner.startedJobIds, [ids[0], ids[1]], "two workers: two claimed, the rest wait");
    release();
    const syncResponse = await sync;
    assert.is(syncResponse.status, 200);
    const syncId = syncResponse.headers.get("x-job-id")!;
    await waitForStatus(server.url, ids[3], ["completed"]);
    const expected = [ids[0], ids[1], ids[2], syncId, ids[3]];
    if (server.service.store.shared) {
      // PostgreSQL: the two freed slots claim 3 and the sync job at once (each its own round trip,
      // SKIP LOCKED hands them out in order); which claim's answer reaches its runner first is a race.
      const started = runner.startedJobIds;
      assert.equal([started[0], started[1], started[4]], [ids[0], ids[1], ids[3]]);
      assert.equal([started[2], started[3]].sort(), [ids[2], syncId].sort());
    } else {
      assert.equal(runner.startedJobIds, expected);
    }
  } finally {
    await server.close();
  }
});

test.run();
