/**
 * One recording through the worker's pipeline in this process (as a job would run it, no HTTP),
 * for the tests on real recitations: fails the test with the job's code and message unless it
 * completed, and returns the metadata.
 */
import path from "node:path";
import * as assert from "uvu/assert";
import { processRecording } from "../../src/pipeline/processRecording.ts";
import type { AlignHints } from "../../src/pipeline/types.ts";
import type { RecordingMetadata } from "../../src/pipeline/taskTypes.ts";
import type { WorkerContext } from "../../src/pipeline/workerContext.ts";

export async function processFileOrFail(ctx: WorkerContext, filePath: string, workDir: string, hints: AlignHints = {}): Promise<RecordingMetadata> {
  const name = path.basename(filePath);
  const reply = await processRecording(
    { jobId: name, uploadPath: filePath, originalFilename: name, resultZipPath: path.join(workDir, `${name}.zip`), tempDir: workDir, hints },
    ctx,
    () => {},
  );
  assert.ok(reply.ok, reply.ok ? "" : `${reply.code}: ${reply.message}`);
  return (reply as { metadata: RecordingMetadata }).metadata;
}
