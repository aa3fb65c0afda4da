// A failed job's error names the upload as the user called it, never the stored <uuid>.<ext>,
// and the job's temp folder holds every scratch file (the real pipeline, real ffmpeg).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { processRecording } from "../src/pipeline/processRecording.ts";
import { createWorkerContext } from "../src/pipeline/workerContext.ts";

const ctx = createWorkerContext();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-errors-"));

function task(bytes: Buffer | null) {
  const storedName = `${randomUUID()}.mp3`;
  const uploadPath = path.join(dir, storedName);
  if (bytes) fs.writeFileSync(uploadPath, bytes);
  const tempDir = fs.mkdtempSync(path.join(dir, "job-"));
  return { storedName, tempDir, task: { jobId: "j", uploadPath, originalFilename: "تلاوة الفجر.mp3", resultZipPath: path.join(dir, "r.zip"), tempDir, hints: { surah: 1 } } };
}

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a missing upload and undecodable bytes: the error names 'تلاوة الفجر.mp3', not the stored name", async () => {
  const missing = task(null);
  const missingReply = await processRecording(missing.task, ctx, () => {});
  assert.ok(!missingReply.ok);
  if (!missingReply.ok) assert.is(missingReply.message, "Audio file not found: 'تلاوة الفجر.mp3'");

  const noise = task(Buffer.alloc(5000, 0x55));
  const noiseReply = await processRecording(noise.task, ctx, () => {});
  assert.ok(!noiseReply.ok);
  if (!noiseReply.ok) {
    assert.not.ok(noiseReply.message.includes(noise.storedName.slice(0, 8)), noiseReply.message);
    assert.is(noiseReply.code, "UNDECODABLE_AUDIO");
  }
  assert.equal(fs.readdirSync(noise.tempDir), [], "the decode's scratch file was in the job's temp folder and is gone");
});

test.run();
