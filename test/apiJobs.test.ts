// Job lifecycle and the job endpoints of spec/async-api.md against a real server + SQLite,
// with a fake processor (the real pipeline is exercised by the pipeline and bundle tests).
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { unzipSync, strFromU8 } from "fflate";
import { createFakeJobRunner } from "./support/fakeJobRunner.ts";
import { audioForm, FAKE_MP3, filesIn, postForm, startTestServer, waitForStatus } from "./support/testServer.ts";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

test("async job: queued → processing (progress, stage) → completed, download and metadata", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(600) });
  try {
    const submit = await postForm(`${server.url}/transcribe/async`, audioForm("surah_12.mp3", FAKE_MP3, { surah: "12" }));
    assert.is(submit.status, 200);
    const submitted = await submit.json() as Record<string, unknown>;
    assert.equal(Object.keys(submitted).sort(), ["job_id", "message", "status", "success"]);
    assert.is(submitted.success, true);
    assert.is(submitted.status, "queued");
    assert.is(submitted.message, "Job queued for processing");
    const jobId = submitted.job_id as string;
    assert.match(jobId, /^[0-9a-f-]{36}$/);
    assert.equal(filesIn(path.join(server.dataDir, "uploads")).length, 1);
    assert.ok(filesIn(path.join(server.dataDir, "uploads"))[0].endsWith(".mp3"));

    const processing = await waitForStatus(server.url, jobId, ["processing"]);
    assert.is(processing.original_filename, "surah_12.mp3");
    assert.match(processing.started_at as string, TIMESTAMP);
    assert.is(processing.completed_at, null);
    assert.type(processing.progress, "number");
    assert.type(processing.stage, "string");

    const done = await waitForStatus(server.url, jobId, ["completed", "failed"]);
    assert.equal(Object.keys(done).sort(), [
      "completed_at", "created_at", "download_url", "job_id", "metadata_url", "original_filename", "priority", "started_at", "status",
    ], "the spec's fields plus the extra priority");
    assert.is(done.status, "completed");
    assert.is(done.download_url, `/jobs/${jobId}/download`);
    assert.is(done.metadata_url, `/jobs/${jobId}/metadata`);
    for (const key of ["created_at", "started_at", "completed_at"]) assert.match(done[key] as string, TIMESTAMP);

    const download = await fetch(`${server.url}${done.download_url}`);
    assert.is(download.status, 200);
    assert.is(download.headers.get("content-type"), "application/zip");
    assert.match(download.headers.get("content-disposition") ?? "", /attachment; filename="surah_12_ayahs\.zip"/);
    const zip = unzipSync(new Uint8Array(await download.arrayBuffer()));
    assert.ok("metadata.json" in zip);

    const metadataResponse = await fetch(`${server.url}${done.metadata_url}`);
    assert.is(metadataResponse.status, 200);
    assert.match(metadataResponse.headers.get("content-type") ?? "", /application\/json/);
    const metadata = await metadataResponse.json() as Record<string, unknown>;
    assert.is(metadata.surah_number, 12);
    assert.equal(metadata, JSON.parse(strFromU8(zip["metadata.json"])));
  } finally {
    await server.close();
  }
});

test("status of a queued job has the queued shape; jobs run FIFO one at a time", async () => {
  const runner = createFakeJobRunner(150);
  const server = await startTestServer({ runner });
  try {
    const ids: string[] = [];
    for (const name of ["a.mp3", "b.mp3", "c.mp3"]) {
      const response = await postForm(`${server.url}/transcribe/async`, audioForm(name, FAKE_MP3));
      ids.push((await response.json() as { job_id: string }).job_id);
    }
    const queued = await (await fetch(`${server.url}/jobs/${ids[2]}/status`)).json() as Record<string, unknown>;
    assert.equal(queued, {
      job_id: ids[2], status: "queued", original_filename: "c.mp3",
      created_at: queued.created_at, started_at: null, completed_at: null,
      priority: 0, queue_position: queued.queue_position, // extras; checked below
    });
    // a is processing (or about to be claimed), b is ahead of c.
    assert.ok(queued.queue_position === 2 || queued.queue_position === 3, `queue_position ${String(queued.queue_position)}`);
    const health = await (await fetch(`${server.url}/health`)).json() as Record<string, unknown>;
    assert.is(health.worker_running, true);
    assert.ok((health.queue_size as number) >= 1);
    for (const id of ids) await waitForStatus(server.url, id, ["completed"]);
    assert.equal(runner.startedJobIds, ids);
  } finally {
    await server.close();
  }
});

test("failed job: status carries the error; download and metadata answer 400 with its status", async () => {
  const server = await startTestServer();
  try {
    const response = await postForm(`${server.url}/transcribe/async`, audioForm("bad.mp3", "FAIL not audio"));
    const { job_id: jobId } = await response.json() as { job_id: string };
    const failed = await waitForStatus(server.url, jobId, ["failed", "completed"]);
    assert.is(failed.status, "failed");
    assert.is(failed.error, "Could not decode the uploaded file as audio");
    assert.match(failed.completed_at as string, TIMESTAMP);
    for (const endpoint of ["download", "metadata"]) {
      const answer = await fetch(`${server.url}/jobs/${jobId}/${endpoint}`);
      assert.is(answer.status, 400);
      assert.equal(await answer.json(), { detail: "Job is not completed yet. Current status: failed" });
    }
  } finally {
    await server.close();
  }
});

test("download/metadata of a processing job: 400 'Job is not completed yet. Current status: processing'", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(800) });
  try {
    const response = await postForm(`${server.url}/transcribe/async`, audioForm("slow.mp3", FAKE_MP3));
    const { job_id: jobId } = await response.json() as { job_id: string };
    await waitForStatus(server.url, jobId, ["processing"]);
    const answer = await fetch(`${server.url}/jobs/${jobId}/download`);
    assert.is(answer.status, 400);
    assert.equal(await answer.json(), { detail: "Job is not completed yet. Current status: processing" });
  } finally {
    await server.close();
  }
});

test("unknown or malformed job ids: 404 {detail: 'Job not found'} on every job endpoint", async () => {
  const server = await startTestServer();
  try {
    for (const id of ["a1b2c3d4-e5f6-7890-abcd-ef1234567890", "not-a-uuid", "%27%3B%20DROP%20TABLE%20jobs"]) {
      for (const endpoint of ["status", "download", "metadata"]) {
        const answer = await fetch(`${server.url}/jobs/${id}/${endpoint}`);
        assert.is(answer.status, 404, `${endpoint} ${id}`);
        assert.equal(await answer.json(), { detail: "Job not found" });
      }
    }
  } finally {
    await server.close();
  }
});

test("GET /jobs: newest first, spec fields plus priority/queue_position, total, limit validated", async () => {
  const server = await startTestServer();
  try {
    const ids: string[] = [];
    for (const name of ["first.mp3", "second.wav", "third.flac"]) {
      const response = await postForm(`${server.url}/transcribe/async`, audioForm(name, FAKE_MP3));
      ids.push((await response.json() as { job_id: string }).job_id);
    }
    const listed = await (await fetch(`${server.url}/jobs`)).json() as { total: number; jobs: Record<string, unknown>[] };
    assert.is(listed.total, 3);
    assert.equal(listed.jobs.map((job) => job.job_id), [...ids].reverse());
    for (const job of listed.jobs) {
      const extras = job.status === "queued" ? ["priority", "queue_position"] : ["priority"];
      assert.equal(Object.keys(job).sort(), ["completed_at", "created_at", "job_id", "original_filename", "status", ...extras].sort());
    }
    const limited = await (await fetch(`${server.url}/jobs?limit=2`)).json() as { total: number; jobs: unknown[] };
    assert.is(limited.total, 3);
    assert.is(limited.jobs.length, 2);
    for (const bad of ["0", "-1", "abc", "1.5", "100000", ""]) {
      const answer = await fetch(`${server.url}/jobs?limit=${bad}`);
      assert.is(answer.status, 400, `limit=${bad}`);
      assert.match((await answer.json() as { detail: string }).detail, /^limit must be an integer between 1 and 1000/);
    }
  } finally {
    await server.close();
  }
});

test("DELETE /jobs/finished: both spec messages; removes rows, uploads and zips; keeps queued jobs", async () => {
  const runner = createFakeJobRunner(0);
  const server = await startTestServer({ runner });
  try {
    const empty = await fetch(`${server.url}/jobs/finished`, { method: "DELETE" });
    assert.equal(await empty.json(), { success: true, message: "No finished jobs to clear", jobs_deleted: 0, files_removed: 0 });

    const ok = await (await postForm(`${server.url}/transcribe/async`, audioForm("ok.mp3", FAKE_MP3))).json() as { job_id: string };
    const bad = await (await postForm(`${server.url}/transcribe/async`, audioForm("bad.mp3", "FAIL"))).json() as { job_id: string };
    await waitForStatus(server.url, ok.job_id, ["completed"]);
    await waitForStatus(server.url, bad.job_id, ["failed"]);
    assert.is(filesIn(path.join(server.dataDir, "uploads")).length, 2);
    assert.is(filesIn(path.join(server.dataDir, "results")).length, 1);

    const cleared = await fetch(`${server.url}/jobs/finished`, { method: "DELETE" });
    assert.equal(await cleared.json(), {
      success: true, message: "Cleared 2 finished job(s) and removed 3 file(s)", jobs_deleted: 2, files_removed: 3,
    });
    assert.equal(filesIn(path.join(server.dataDir, "uploads")), []);
    assert.equal(filesIn(path.join(server.dataDir, "results")), []);
    assert.is((await fetch(`${server.url}/jobs/${ok.job_id}/status`)).status, 404);
    const listed = await (await fetch(`${server.url}/jobs`)).json() as { total: number };
    assert.is(listed.total, 0);
  } finally {
    await server.close();
  }
});

test("POST /jobs/resume: spec shape; resets stuck processing jobs but not the running one", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(500) });
  try {
    const idle = await (await fetch(`${server.url}/jobs/resume`, { method: "POST" })).json();
    assert.equal(idle, {
      success: true, message: "Job queue resumed. 0 processing job(s) reset to queued.",
      jobs_reset: 0, worker_running: true, worker_processing: false,
    });
    const running = await (await postForm(`${server.url}/transcribe/async`, audioForm("run.mp3", FAKE_MP3))).json() as { job_id: string };
    await waitForStatus(server.url, running.job_id, ["processing"]);
    // A job left `processing` by an earlier, crashed process (not the one running now):
    // (the queue is busy with the running job, so this claim takes the inserted one).
    await server.service.store.insert({ id: "stuck-job", originalFilename: "stuck.mp3", audioFilePath: "/nonexistent.mp3", hints: {} });
    assert.is((await server.service.store.claimNextQueued())?.id, "stuck-job");
    const resumed = await (await fetch(`${server.url}/jobs/resume`, { method: "POST" })).json() as Record<string, unknown>;
    assert.equal(resumed, {
      success: true, message: "Job queue resumed. 1 processing job(s) reset to queued.",
      jobs_reset: 1, worker_running: true, worker_processing: true,
    });
    assert.is((await (await fetch(`${server.url}/jobs/${running.job_id}/status`)).json() as { status: string }).status, "processing");
    await waitForStatus(server.url, running.job_id, ["completed"]);
  } finally {
    await server.close();
  }
});

test("POST /jobs/resume restarts a dead worker and the queue continues", async () => {
  const runner = createFakeJobRunner(0);
  const server = await startTestServer({ runner });
  try {
    await runner.close(); // the worker died
    let health = await (await fetch(`${server.url}/health`)).json() as Record<string, unknown>;
    assert.is(health.worker_running, false);
    const resumed = await (await fetch(`${server.url}/jobs/resume`, { method: "POST" })).json() as Record<string, unknown>;
    assert.equal(resumed, {
      success: true, message: "Job queue resumed. 0 processing job(s) reset to queued.",
      jobs_reset: 0, worker_running: true, worker_processing: false,
    });
    assert.match(server.logs.join("\n"), /restarted the worker/);
    const job = await (await postForm(`${server.url}/transcribe/async`, audioForm("after.mp3", FAKE_MP3))).json() as { job_id: string };
    await waitForStatus(server.url, job.job_id, ["completed"]);
    // The store says completed a moment before the queue frees the job's slot (on PostgreSQL a status
    // request can read the commit first): wait for the queue to settle, then check the whole answer.
    const settleBy = Date.now() + 5000;
    for (;;) {
      health = await (await fetch(`${server.url}/health`)).json() as Record<string, unknown>;
      if (health.worker_processing === false || Date.now() > settleBy) break;
      await sleep(20);
    }
    assert.equal(health, {
      status: "ok", worker_running: true, worker_processing: false, current_job_id: null, queue_size: 0,
      current_job_ids: [], workers: 1, // extras
      role: "all", database: { kind: server.service.store.kind, reachable: true }, storage: { kind: "local", reachable: true },
    });
  } finally {
    await server.close();
  }
});

test.run();
