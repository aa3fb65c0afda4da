// The sync POST /transcribe of the spec's migration section: same upload, same FIFO queue.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { unzipSync } from "fflate";
import { createFakeJobRunner } from "./support/fakeJobRunner.ts";
import { audioForm, FAKE_MP3, postForm, startTestServer } from "./support/testServer.ts";

test("POST /transcribe: metadata JSON by default, zip with split_audio=true", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(50) });
  try {
    const json = await postForm(`${server.url}/transcribe`, audioForm("s.mp3", FAKE_MP3, { surah: "112" }));
    assert.is(json.status, 200);
    const metadata = await json.json() as { surah_number: number; ayahs: unknown[] };
    assert.is(metadata.surah_number, 112);
    assert.ok(Array.isArray(metadata.ayahs));

    const zipped = await postForm(`${server.url}/transcribe`, audioForm("s.mp3", FAKE_MP3, { split_audio: "true" }));
    assert.is(zipped.status, 200);
    assert.is(zipped.headers.get("content-type"), "application/zip");
    assert.match(zipped.headers.get("content-disposition") ?? "", /filename="s_ayahs\.zip"/);
    const entries = Object.keys(unzipSync(new Uint8Array(await zipped.arrayBuffer())));
    assert.ok(entries.includes("metadata.json"));

    const listed = await (await fetch(`${server.url}/jobs`)).json() as { total: number };
    assert.is(listed.total, 2, "sync requests are ordinary jobs in the store");
  } finally {
    await server.close();
  }
});

test("POST /transcribe: a failed job is a 422 with the job's error; bad split_audio is a 400", async () => {
  const server = await startTestServer();
  try {
    const failed = await postForm(`${server.url}/transcribe`, audioForm("x.mp3", "FAIL"));
    assert.is(failed.status, 422);
    assert.equal(await failed.json(), { detail: "Could not decode the uploaded file as audio" });
    const bad = await postForm(`${server.url}/transcribe`, audioForm("x.mp3", FAKE_MP3, { split_audio: "maybe" }));
    assert.is(bad.status, 400);
    assert.equal(await bad.json(), { detail: "split_audio must be true or false, got 'maybe'" });
    const unsupported = await postForm(`${server.url}/transcribe`, audioForm("x.txt", FAKE_MP3));
    assert.equal(await unsupported.json(), { detail: "Unsupported audio format: .txt" });
  } finally {
    await server.close();
  }
});

test("POST /transcribe waits its turn: it never overtakes queued async jobs", async () => {
  const runner = createFakeJobRunner(150);
  const server = await startTestServer({ runner });
  try {
    const asyncIds: string[] = [];
    for (const name of ["a1.mp3", "a2.mp3"]) {
      asyncIds.push((await (await postForm(`${server.url}/transcribe/async`, audioForm(name, FAKE_MP3))).json() as { job_id: string }).job_id);
    }
    const sync = await postForm(`${server.url}/transcribe`, audioForm("sync.mp3", FAKE_MP3));
    assert.is(sync.status, 200);
    const syncJobId = sync.headers.get("x-job-id");
    assert.equal(runner.startedJobIds, [...asyncIds, syncJobId]);
  } finally {
    await server.close();
  }
});

test.run();
