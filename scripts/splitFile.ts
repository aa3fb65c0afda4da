/**
 * Runs one recording through the service's pipeline (no HTTP, no job store) and prints each ayah
 * found, its times and confidence, and the diagnostics: a quick look at how a recording splits.
 *
 * usage: node --import tsx scripts/splitFile.ts FILE [--surah N] [--from-ayah A] [--to-ayah B] [--zip OUT.zip]
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { processRecording } from "../src/pipeline/processRecording.ts";
import { createWorkerContext } from "../src/pipeline/workerContext.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { surah: { type: "string" }, "from-ayah": { type: "string" }, "to-ayah": { type: "string" }, zip: { type: "string" } },
});
if (positionals.length !== 1) throw new Error("usage: splitFile.ts FILE [--surah N] [--from-ayah A] [--to-ayah B] [--zip OUT.zip]");
const optionalNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const workDir = mkdtempSync(path.join(os.tmpdir(), "split-"));
const startedMs = performance.now();
const reply = await processRecording(
  {
    jobId: "cli",
    uploadPath: path.resolve(positionals[0]),
    originalFilename: path.basename(positionals[0]),
    resultZipPath: values.zip ? path.resolve(values.zip) : path.join(workDir, "result.zip"),
    tempDir: workDir,
    hints: { surah: optionalNumber(values.surah), fromAyah: optionalNumber(values["from-ayah"]), toAyah: optionalNumber(values["to-ayah"]) },
  },
  createWorkerContext(),
  () => {},
);
const wallSeconds = (performance.now() - startedMs) / 1000;
if (!reply.ok) {
  console.log(`FAILED ${reply.code}: ${reply.message}`);
} else {
  for (const ayah of reply.metadata.ayahs) {
    console.log(`${ayah.surah_number}:${ayah.ayah_number} ${ayah.start_time.toFixed(2)}-${ayah.end_time.toFixed(2)} conf ${ayah.confidence.toFixed(2)}`);
  }
  console.log(JSON.stringify(reply.metadata.diagnostics));
}
console.log(`wall ${wallSeconds.toFixed(1)} s`);
rmSync(workDir, { recursive: true, force: true });
