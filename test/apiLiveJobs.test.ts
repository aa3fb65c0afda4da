// The live-view endpoints: SSE streams (GET /events, GET /jobs/{id}/events), POST /jobs/{id}/cancel
// (queued, running, finished), DELETE /jobs/{id}, and DELETE /jobs/finished clearing cancelled jobs.
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createFakeJobRunner } from "./support/fakeJobRunner.ts";
import { TEST_POSTGRES_ADMIN_URL } from "./support/postgresDatabases.ts";
import { openSse, type SseMessage } from "./support/sseClient.ts";
import { audioForm, FAKE_MP3, filesIn, postForm, startTestServer, waitForStatus } from "./support/testServer.ts";

type View = Record<string, unknown>;

async function submit(url: string, name = "a.mp3"): Promise<string> {
  const response = await postForm(`${url}/transcribe/async`, audioForm(name, FAKE_MP3, { surah: "112" }));
  assert.is(response.status, 200);
  return ((await response.json()) as { job_id: string }).job_id;
}

const onPostgres = Boolean(process.env[TEST_POSTGRES_ADMIN_URL]);
const jobEvent = (jobId: string, status: string) => (m: SseMessage) => m.event === "job" && (m.data as View).job_id === jobId && (m.data as View).status === status;

test("GET /events: snapshot first, then every status and progress change of every job, then deleted", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(400) });
  const stream = await openSse(`${server.url}/events`);
  try {
    assert.is(stream.status, 200);
    assert.match(stream.headers.get("content-type") ?? "", /^text\/event-stream/);
    const snapshot = await stream.next((m) => m.event === "snapshot");
    assert.equal(snapshot.data, { total: 0, jobs: [] });
    const jobId = await submit(server.url);
    // Listeners read the job's current state when told it changed. On SQLite that read is
    // immediate, so the milliseconds a job stays queued are always seen; on PostgreSQL (the API
    // suites' second pass) the read is a round trip, and a job claimed at once may already be
    // processing by then: its first event is then "processing" (README, Running on many machines).
    await stream.next((m) => jobEvent(jobId, "queued")(m) || (onPostgres && jobEvent(jobId, "processing")(m)));
    const processing = await stream.next((m) => jobEvent(jobId, "processing")(m) && ((m.data as View).progress as number) > 0);
    assert.type((processing.data as View).stage, "string");
    const done = await stream.next(jobEvent(jobId, "completed"));
    assert.is((done.data as View).download_url, `/jobs/${jobId}/download`);
    // Progress values arrive in order and none is sent twice in a row.
    const views = stream.messages.filter(jobEvent(jobId, "processing")).map((m) => m.data as View);
    const progress = views.map((view) => view.progress as number);
    assert.ok(progress.length >= 3, `progress events: ${progress}`);
    for (let i = 1; i < views.length; i += 1) {
      assert.ok(progress[i] >= progress[i - 1], `progress ${progress}`);
      assert.not.equal(views[i], views[i - 1]);
    }
    assert.is((await fetch(`${server.url}/jobs/${jobId}`, { method: "DELETE" })).status, 200);
    await stream.next((m) => m.event === "deleted" && (m.data as View).job_id === jobId);
  } finally {
    stream.close();
    await server.close();
  }
});

test("SSE reconnect: a new stream starts with the current state (snapshot / the job's status now)", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(2000) });
  try {
    const first = await submit(server.url, "first.mp3");
    const second = await submit(server.url, "second.mp3");
    await waitForStatus(server.url, first, ["processing"]);
    const stream = await openSse(`${server.url}/events`);
    const snapshot = (await stream.next((m) => m.event === "snapshot")).data as { total: number; jobs: View[] };
    stream.close();
    assert.is(snapshot.total, 2);
    assert.equal(snapshot.jobs.map((job) => job.job_id), [second, first], "newest first");
    assert.equal(snapshot.jobs.map((job) => job.status), ["queued", "processing"]);
    assert.type(snapshot.jobs[1].progress, "number");

    const one = await openSse(`${server.url}/jobs/${second}/events`);
    try {
      assert.is(one.messages.length === 0 || one.messages[0].event === "job", true);
      const firstMessage = await one.next(() => true);
      assert.equal({ event: firstMessage.event, status: (firstMessage.data as View).status }, { event: "job", status: "queued" });
      // Only this job's events on its stream.
      await one.next(jobEvent(second, "processing"), 5000);
      assert.ok(one.messages.every((m) => (m.data as View).job_id === second));
    } finally {
      one.close();
    }
    const unknown = await fetch(`${server.url}/jobs/no-such-job/events`);
    assert.is(unknown.status, 404);
    assert.equal(await unknown.json(), { detail: "Job not found" });
  } finally {
    await server.close();
  }
});

test("POST /jobs/{id}/cancel: queued → cancelled, running → cancelled within 1 s, the queue goes on", async () => {
  const runner = createFakeJobRunner(5000);
  const server = await startTestServer({ runner });
  try {
    const running = await submit(server.url, "running.mp3");
    const queued = await submit(server.url, "queued.mp3");
    await waitForStatus(server.url, running, ["processing"]);

    const cancelQueued = await fetch(`${server.url}/jobs/${queued}/cancel`, { method: "POST" });
    assert.is(cancelQueued.status, 200);
    assert.equal(await cancelQueued.json(), { success: true, job_id: queued, status: "cancelled", message: "Job cancelled" });

    const startedMs = performance.now();
    const cancelRunning = await fetch(`${server.url}/jobs/${running}/cancel`, { method: "POST" });
    const elapsedMs = performance.now() - startedMs;
    assert.is(cancelRunning.status, 200);
    assert.is(((await cancelRunning.json()) as View).status, "cancelled");
    assert.ok(elapsedMs < 1000, `cancel took ${elapsedMs} ms`);
    const status = await (await fetch(`${server.url}/jobs/${running}/status`)).json() as View;
    assert.equal(Object.keys(status).sort(), ["completed_at", "created_at", "job_id", "original_filename", "priority", "started_at", "status"]);
    assert.is(status.status, "cancelled");
    assert.equal(runner.startedJobIds, [running], "the cancelled queued job never started");
    assert.equal(filesIn(path.join(server.dataDir, "results")), [], "no partial result left");

    const again = await fetch(`${server.url}/jobs/${running}/cancel`, { method: "POST" });
    assert.is(again.status, 409);
    assert.equal(await again.json(), { detail: "Job is already cancelled; only queued or processing jobs can be cancelled" });
    assert.is((await fetch(`${server.url}/jobs/nope/cancel`, { method: "POST" })).status, 404);

    const next = await submit(server.url, "next.mp3");
    await waitForStatus(server.url, next, ["processing"], 5000);
  } finally {
    await server.close();
  }
});

test("DELETE /jobs/{id} removes one finished job and its files; DELETE /jobs/finished clears cancelled jobs too", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(3000) });
  try {
    const running = await submit(server.url, "running.mp3");
    const queued = await submit(server.url, "queued.mp3");
    await waitForStatus(server.url, running, ["processing"]);
    const busy = await fetch(`${server.url}/jobs/${running}`, { method: "DELETE" });
    assert.is(busy.status, 409);
    assert.equal(await busy.json(), { detail: `Job is processing: only a finished job (completed, failed or cancelled) can be deleted; cancel it first (POST /jobs/${running}/cancel)` });
    await fetch(`${server.url}/jobs/${queued}/cancel`, { method: "POST" });
    await fetch(`${server.url}/jobs/${running}/cancel`, { method: "POST" });

    const deleted = await fetch(`${server.url}/jobs/${running}`, { method: "DELETE" });
    assert.equal(await deleted.json(), { success: true, job_id: running, message: `Deleted job ${running} and removed 1 file(s)`, files_removed: 1 });
    assert.is((await fetch(`${server.url}/jobs/${running}/status`)).status, 404);
    assert.is(filesIn(path.join(server.dataDir, "uploads")).length, 1);

    const cleared = await (await fetch(`${server.url}/jobs/finished`, { method: "DELETE" })).json() as View;
    assert.is(cleared.jobs_deleted, 1, "the cancelled queued job is cleared");
    assert.equal(filesIn(path.join(server.dataDir, "uploads")), []);
    assert.ok(!fs.existsSync(path.join(server.dataDir, "results", `${queued}.waveform.json`)));
  } finally {
    await server.close();
  }
});

test.run();
