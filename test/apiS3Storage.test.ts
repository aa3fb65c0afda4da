// STORAGE_URL=s3://bucket/prefix against a local S3 server (s3rver) through the real AWS SDK:
// uploads stream into the bucket, the worker's zip and waveform go up, downloads stream back (or redirect
// to a pre-signed URL), clear-finished deletes the objects, and nothing lands in DATA_DIR's
// uploads/ or results/. Runs on SQLite, and again on PostgreSQL in the runner's second pass.
import http from "node:http";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { unzipSync } from "fflate";
import fs from "node:fs";
import type { JobRunner } from "../src/jobs/jobRunner.ts";
import { createFakeJobRunner } from "./support/fakeJobRunner.ts";
import { audioForm, FAKE_MP3, filesIn, postForm, startTestServer, waitForStatus } from "./support/testServer.ts";
import { startS3Server, type TestS3Server } from "./support/s3Server.ts";

let s3: TestS3Server;
test.before(async () => { s3 = await startS3Server(); });
test.after(async () => { await s3.stop(); });

const WAVEFORM = { peaks_per_second: 50, duration_seconds: 0.02, peaks: [0.5] };

/** The fake runner, plus the waveform the real worker writes right after decoding. */
function runnerWritingWaveform(): JobRunner {
  const fake = createFakeJobRunner();
  return {
    ...fake,
    run(task, onProgress, signal) {
      if (task.waveformPath) fs.writeFileSync(task.waveformPath, JSON.stringify(WAVEFORM));
      return fake.run(task, onProgress, signal);
    },
  };
}

async function withS3Server(prefix: string, presign: boolean, body: (url: string, dataDir: string) => Promise<void>): Promise<void> {
  const server = await startTestServer({ s3: { storageUrl: `s3://${s3.bucket}/${prefix}`, endpoint: s3.endpoint, presign }, runner: runnerWritingWaveform() });
  try {
    assert.is(server.service.storage.kind, "s3");
    await body(server.url, server.dataDir);
  } finally {
    await server.close();
  }
}

async function submit(url: string, name: string, bytes: Uint8Array = FAKE_MP3): Promise<string> {
  const response = await postForm(`${url}/transcribe/async`, audioForm(name, bytes));
  assert.is(response.status, 200);
  return (await response.json() as { job_id: string }).job_id;
}

/** GET straight from the bucket (node:http: fetch is checked against this service's OpenAPI document). */
function getFromBucket(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

test("an upload goes to the bucket, the zip comes back from it; DATA_DIR keeps neither; clear-finished deletes both objects", () =>
  withS3Server("streamed", false, async (url, dataDir) => {
    const jobId = await submit(url, "yasin.mp3");
    await waitForStatus(url, jobId, ["completed"]);
    const keys = await s3.listKeys();
    assert.equal(keys.filter((key) => key.startsWith("streamed/results/")), [`streamed/results/${jobId}.waveform.json`, `streamed/results/${jobId}.zip`]);
    assert.is(keys.filter((key) => /^streamed\/uploads\/[0-9a-f-]{36}\.mp3$/.test(key)).length, 1);
    assert.equal(filesIn(path.join(dataDir, "uploads")), []);
    assert.equal(filesIn(path.join(dataDir, "results")), [], "neither the zip nor the waveform stays on the node");
    assert.equal(await (await fetch(`${url}/jobs/${jobId}/waveform`)).json(), WAVEFORM, "the waveform, read back from the bucket");
    assert.equal(filesIn(path.join(dataDir, "tmp")).filter((name) => name !== "uploads"), [], "the job's local copies are gone");
    const download = await fetch(`${url}/jobs/${jobId}/download`);
    assert.is(download.status, 200);
    assert.match(download.headers.get("content-disposition") ?? "", /yasin_ayahs\.zip/);
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
    assert.ok(files["metadata.json"], "the zip the worker wrote");
    const whole = await fetch(`${url}/jobs/${jobId}/audio`);
    assert.equal(new Uint8Array(await whole.arrayBuffer()), FAKE_MP3, "the upload, read back from the bucket");
    const part = await fetch(`${url}/jobs/${jobId}/audio`, { headers: { Range: "bytes=1-3" } });
    assert.is(part.status, 206);
    assert.is(part.headers.get("content-range"), `bytes 1-3/${FAKE_MP3.length}`);
    assert.equal(new Uint8Array(await part.arrayBuffer()), FAKE_MP3.subarray(1, 4));
    const cleared = await (await fetch(`${url}/jobs/finished`, { method: "DELETE" })).json() as { files_removed?: number };
    assert.equal((await s3.listKeys()).filter((key) => key.startsWith("streamed/")), []);
    assert.is(cleared.files_removed, 3, "upload, zip and waveform");
  }));

test("STORAGE_PRESIGN=1: the download is a redirect to a pre-signed URL that serves the zip", () =>
  withS3Server("presigned", true, async (url) => {
    const jobId = await submit(url, "mulk.mp3");
    await waitForStatus(url, jobId, ["completed"]);
    const response = await fetch(`${url}/jobs/${jobId}/download`, { redirect: "manual" });
    assert.is(response.status, 302);
    const location = response.headers.get("location") ?? "";
    assert.match(location, new RegExp(`^${s3.endpoint}/${s3.bucket}/presigned/results/${jobId}\\.zip\\?.*X-Amz-Signature=`));
    const zip = await getFromBucket(location);
    assert.is(zip.status, 200);
    assert.ok(unzipSync(new Uint8Array(zip.body))["metadata.json"]);
  }));

test("an upload over the limit is 413 and leaves no object; a failed job's upload is deleted with it", () =>
  withS3Server("limits", false, async (url) => {
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(FAKE_MP3);
    const tooLarge = await postForm(`${url}/transcribe/async`, audioForm("big.mp3", big));
    assert.is(tooLarge.status, 413);
    assert.equal((await s3.listKeys()).filter((key) => key.startsWith("limits/")), []);
    const failing = await submit(url, "bad.mp3", new TextEncoder().encode("FAIL not audio"));
    const status = await waitForStatus(url, failing, ["failed"]);
    assert.match(String(status.error), /Could not decode/);
    const deleted = await fetch(`${url}/jobs/${failing}`, { method: "DELETE" });
    assert.is(deleted.status, 200);
    assert.equal((await s3.listKeys()).filter((key) => key.startsWith("limits/")), []);
  }));

test.run();
