// GET /jobs/{id}/export/{format} and the `exports` / `naming` upload fields, against a real server
// + SQLite with a runner that answers the hand-checked example metadata (test/support/exportExample.ts).
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { zipSync, strToU8 } from "fflate";
import { srtSubtitles } from "../src/export/srtSubtitles.ts";
import type { JobRunner, JobTask } from "../src/jobs/jobRunner.ts";
import type { ProcessReply } from "../src/pipeline/taskTypes.ts";
import { example112 } from "./support/exportExample.ts";
import { audioForm, FAKE_MP3, filesIn, postForm, startTestServer, waitForStatus } from "./support/testServer.ts";

function exampleRunner(tasks: JobTask[]): JobRunner {
  return {
    async run(task): Promise<ProcessReply> {
      tasks.push(task);
      if (fs.readFileSync(task.uploadPath).subarray(0, 4).toString("latin1") === "FAIL") {
        return { ok: false, code: "UNDECODABLE_AUDIO", message: "Could not decode the uploaded file as audio" };
      }
      fs.writeFileSync(task.resultZipPath, zipSync({ "metadata.json": strToU8(JSON.stringify(example112())) }));
      return { ok: true, metadata: example112(), resultZipPath: task.resultZipPath };
    },
    isAlive: () => true,
    async restart() {},
    async close() {},
  };
}

async function submit(url: string, fileName: string, bytes: Uint8Array | string, fields: Record<string, string> = {}): Promise<string> {
  const response = await postForm(`${url}/transcribe/async`, audioForm(fileName, bytes, fields));
  assert.is(response.status, 200, await response.clone().text());
  return ((await response.json()) as { job_id: string }).job_id;
}

test("export: each format of a completed job, as an attachment named after the upload", async () => {
  const tasks: JobTask[] = [];
  const server = await startTestServer({ runner: exampleRunner(tasks) });
  try {
    const jobId = await submit(server.url, "ikhlas.mp3", FAKE_MP3);
    await waitForStatus(server.url, jobId, ["completed"]);
    const srt = await fetch(`${server.url}/jobs/${jobId}/export/srt`);
    assert.is(srt.status, 200);
    assert.is(srt.headers.get("content-type"), "application/x-subrip; charset=utf-8");
    assert.match(srt.headers.get("content-disposition") ?? "", /attachment; filename="ikhlas\.srt"/);
    assert.is(await srt.text(), srtSubtitles(example112()));
    const qf = await (await fetch(`${server.url}/jobs/${jobId}/export/quran-foundation`)).json() as { audio_file: { chapter_id: number; timestamps: unknown[] } };
    assert.is(qf.audio_file.chapter_id, 112);
    assert.is(qf.audio_file.timestamps.length, 4);
    for (const format of ["everyayah-timings", "audacity", "audacity-words", "cue", "webvtt", "csv"]) {
      assert.is((await fetch(`${server.url}/jobs/${jobId}/export/${format}`)).status, 200, format);
    }
    assert.equal(tasks[0].output, { naming: "spec", exports: [] }, "no fields: the spec's zip");
  } finally {
    await server.close();
  }
});

test("export: unknown format 404 listing the formats, unknown job 404, failed job the spec's 400", async () => {
  const server = await startTestServer({ runner: exampleRunner([]) });
  try {
    const jobId = await submit(server.url, "ikhlas.mp3", FAKE_MP3);
    await waitForStatus(server.url, jobId, ["completed"]);
    const unknown = await fetch(`${server.url}/jobs/${jobId}/export/mp4`);
    assert.is(unknown.status, 404);
    assert.equal(await unknown.json(), { detail: "Unknown export format 'mp4'. Formats: quran-foundation, everyayah-timings, audacity, audacity-words, cue, srt, webvtt, csv" });
    const noJob = await fetch(`${server.url}/jobs/00000000-0000-4000-8000-000000000000/export/srt`);
    assert.is(noJob.status, 404);
    assert.equal(await noJob.json(), { detail: "Job not found" });
    const failedId = await submit(server.url, "bad.mp3", "FAIL not audio");
    await waitForStatus(server.url, failedId, ["failed"]);
    const notDone = await fetch(`${server.url}/jobs/${failedId}/export/srt`);
    assert.is(notDone.status, 400);
    assert.equal(await notDone.json(), { detail: "Job is not completed yet. Current status: failed" });
  } finally {
    await server.close();
  }
});

test("upload: exports and naming reach the worker; bad values are a 400 naming the field and keep no upload", async () => {
  const tasks: JobTask[] = [];
  const server = await startTestServer({ runner: exampleRunner(tasks) });
  try {
    const jobId = await submit(server.url, "ikhlas.mp3", FAKE_MP3, { exports: " srt, Quran-Foundation ", naming: "EveryAyah" });
    await waitForStatus(server.url, jobId, ["completed"]);
    assert.equal(tasks[0].output, { naming: "everyayah", exports: ["srt", "quran-foundation"] });
    const badExport = await postForm(`${server.url}/transcribe/async`, audioForm("a.mp3", FAKE_MP3, { exports: "srt,mp4" }));
    assert.is(badExport.status, 400);
    assert.equal(await badExport.json(), { detail: "exports: Unknown export format 'mp4'. Formats: quran-foundation, everyayah-timings, audacity, audacity-words, cue, srt, webvtt, csv" });
    const badNaming = await postForm(`${server.url}/transcribe/async`, audioForm("a.mp3", FAKE_MP3, { naming: "quran.com" }));
    assert.is(badNaming.status, 400);
    assert.equal(await badNaming.json(), { detail: "naming must be one of spec, everyayah, got 'quran.com'" });
    assert.is(filesIn(path.join(server.dataDir, "uploads")).length, 1, "only the accepted upload is kept");
  } finally {
    await server.close();
  }
});

test.run();
