// GET /jobs/{id}/audio (range requests), GET /jobs/{id}/waveform (before it exists) and
// PUT /jobs/{id}/ayahs (errors, and a re-cut through the queue) against a fake processor.
// test/apiRecut.test.ts runs the same endpoints over the real worker.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createFakeJobRunner } from "./support/fakeJobRunner.ts";
import { audioForm, postForm, startTestServer, waitForStatus, type TestServer } from "./support/testServer.ts";

type View = Record<string, unknown>;
const UPLOAD = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);

async function submit(server: TestServer, bytes: Uint8Array = UPLOAD): Promise<string> {
  const response = await postForm(`${server.url}/transcribe/async`, audioForm("rec.mp3", bytes, { surah: "112" }));
  return ((await response.json()) as { job_id: string }).job_id;
}

const put = (server: TestServer, jobId: string, body: unknown, type = "application/json") =>
  fetch(`${server.url}/jobs/${jobId}/ayahs`, { method: "PUT", headers: { "Content-Type": type }, body: typeof body === "string" ? body : JSON.stringify(body) });

test("GET /jobs/{id}/audio: whole file, one range (206), suffix, open end, bad and unsatisfiable ranges", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(0) });
  try {
    const jobId = await submit(server);
    const whole = await fetch(`${server.url}/jobs/${jobId}/audio`);
    assert.is(whole.status, 200);
    assert.is(whole.headers.get("content-type"), "audio/mpeg");
    assert.is(whole.headers.get("accept-ranges"), "bytes");
    assert.equal(new Uint8Array(await whole.arrayBuffer()), UPLOAD);
    const ranged = async (range: string) => fetch(`${server.url}/jobs/${jobId}/audio`, { headers: { Range: range } });

    const part = await ranged("bytes=100-199");
    assert.is(part.status, 206);
    assert.is(part.headers.get("content-range"), "bytes 100-199/1000");
    assert.is(part.headers.get("content-length"), "100");
    assert.equal(new Uint8Array(await part.arrayBuffer()), UPLOAD.subarray(100, 200));
    const suffix = await ranged("bytes=-10");
    assert.is(suffix.headers.get("content-range"), "bytes 990-999/1000");
    assert.equal(new Uint8Array(await suffix.arrayBuffer()), UPLOAD.subarray(990));
    const open = await ranged("bytes=900-");
    assert.is(open.headers.get("content-range"), "bytes 900-999/1000");
    const clipped = await ranged("bytes=950-5000");
    assert.is(clipped.headers.get("content-range"), "bytes 950-999/1000");
    const several = await ranged("bytes=0-9,20-29");
    assert.is(several.status, 200, "several ranges: the whole file");
    assert.is((await several.arrayBuffer()).byteLength, 1000);

    const beyond = await ranged("bytes=5000-6000");
    assert.is(beyond.status, 416);
    assert.is(beyond.headers.get("content-range"), "bytes */1000");
    assert.equal(await beyond.json(), { detail: "Range not satisfiable: 'bytes=5000-6000' (the file has 1000 bytes)" });
    const reversed = await ranged("bytes=50-20");
    assert.is(reversed.status, 400);
    assert.match(((await reversed.json()) as View).detail as string, /^Malformed Range header 'bytes=50-20'/);
    assert.is((await ranged("items=0-5")).status, 200, "a unit other than bytes is ignored");
    assert.equal(await (await fetch(`${server.url}/jobs/nope/audio`)).json(), { detail: "Job not found" });
  } finally {
    await server.close();
  }
});

test("GET /jobs/{id}/waveform: 404 with a reason while queued and for a job that has none", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(1500) });
  try {
    const first = await submit(server);
    const second = await submit(server);
    const queued = await fetch(`${server.url}/jobs/${second}/waveform`);
    assert.is(queued.status, 404);
    assert.equal(await queued.json(), { detail: "Waveform not computed yet (the recording is still being decoded)" });
    await waitForStatus(server.url, first, ["completed"]);
    // The fake processor writes no waveform (the real worker does; see apiRecut.test.ts).
    assert.equal(await (await fetch(`${server.url}/jobs/${first}/waveform`)).json(), { detail: "Waveform not available for a completed job" });
  } finally {
    await server.close();
  }
});

test("PUT /jobs/{id}/ayahs: 400s that name the problem; failed and running jobs cannot be edited", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(800) });
  try {
    const failed = await submit(server, new TextEncoder().encode("FAIL not audio"));
    const running = await submit(server);
    await waitForStatus(server.url, failed, ["failed"]);
    const onFailed = await put(server, failed, [{ surah_number: 112, ayah_number: 1, start_time: 0, end_time: 0.5 }]);
    assert.is(onFailed.status, 400);
    assert.equal(await onFailed.json(), { detail: "Job is not completed yet. Current status: failed" });
    await waitForStatus(server.url, running, ["processing"]);
    assert.equal(await (await put(server, running, [])).json(), { detail: "Job is not completed yet. Current status: processing" });
    await waitForStatus(server.url, running, ["completed"]);

    const cases: [unknown, string, number][] = [
      ["{not json", "The body is not valid JSON", 400],
      [[{ surah_number: 112, ayah_number: 1, start_time: 0, end_time: 5 }], "Ayah 112:1: end_time 5 is past the end of the recording (1 s)", 400],
      [[{ surah_number: 112, ayah_number: 7, start_time: 0, end_time: 0.5 }], "Ayah 112:7 is not in this job's result", 400],
      [[{ surah_number: 112, ayah_number: 1, start_time: 0.6, end_time: 0.5 }], "Ayah 112:1: end_time 0.5 must be after start_time 0.6", 400],
      [{ ayahs: [] }, "The body must be a JSON list of {surah_number, ayah_number, start_time, end_time}", 400],
      [[], "The list of ayahs is empty", 400],
      [[null], "Item 1: ", 400],
      [[{ surah_number: 112, ayah_number: 1, start_time: "0.1", end_time: 0.5 }], "Item 1 (Ayah 112:1): start_time: ", 400],
      [[{ surah_number: 112.5, ayah_number: 1, start_time: 0.1, end_time: 0.5 }], "Item 1: surah_number: ", 400],
    ];
    for (const [body, detail, status] of cases) {
      const response = await put(server, running, body);
      assert.is(response.status, status, detail);
      assert.ok(((await response.json()) as View).detail!.toString().startsWith(detail), detail);
    }
    const wrongType = await put(server, running, "[]", "text/plain");
    assert.is(wrongType.status, 415);
    assert.is((await put(server, "nope", [])).status, 404);
    assert.is(((await (await fetch(`${server.url}/jobs/${running}/status`)).json()) as View).status, "completed", "rejected edits change nothing");
  } finally {
    await server.close();
  }
});

test("PUT /jobs/{id}/ayahs: 202, the job is re-cut through the queue (status shows it), metadata says edited", async () => {
  const runner = createFakeJobRunner(600);
  const server = await startTestServer({ runner });
  try {
    const jobId = await submit(server);
    await waitForStatus(server.url, jobId, ["completed"]);
    const same = await put(server, jobId, [{ surah_number: 112, ayah_number: 1, start_time: 0, end_time: 1 }]);
    assert.equal(await same.json(), { success: true, job_id: jobId, status: "completed", message: "No ayah boundary changed", edited_ayahs: 0 });

    const response = await put(server, jobId, [{ surah_number: 112, ayah_number: 1, start_time: 0.1, end_time: 0.8 }]);
    assert.is(response.status, 202);
    assert.equal(await response.json(), { success: true, job_id: jobId, status: "queued", message: "Re-cut queued for 1 changed ayah(s)", edited_ayahs: 1 });
    const recutting = await waitForStatus(server.url, jobId, ["processing"]);
    assert.is(recutting.stage, "re-cutting");
    await waitForStatus(server.url, jobId, ["completed"]);
    const metadata = await (await fetch(`${server.url}/jobs/${jobId}/metadata`)).json() as { ayahs: View[] };
    assert.equal([metadata.ayahs[0].start_time, metadata.ayahs[0].end_time, metadata.ayahs[0].duration_seconds, metadata.ayahs[0].edited], [0.1, 0.8, 0.7, true]);
    assert.equal(runner.startedJobIds, [jobId, jobId]);

    // Cancelling a queued re-cut keeps the result the job had.
    const blocker = await submit(server);
    await waitForStatus(server.url, blocker, ["processing"]);
    assert.is((await put(server, jobId, [{ surah_number: 112, ayah_number: 1, start_time: 0.2, end_time: 0.8 }])).status, 202);
    const cancel = await (await fetch(`${server.url}/jobs/${jobId}/cancel`, { method: "POST" })).json() as View;
    assert.equal(cancel, { success: true, job_id: jobId, status: "completed", message: "Re-cut cancelled; the job keeps its earlier result" });
    const kept = await (await fetch(`${server.url}/jobs/${jobId}/metadata`)).json() as { ayahs: View[] };
    assert.is(kept.ayahs[0].start_time, 0.1);
  } finally {
    await server.close();
  }
});

test.run();
