/** A piscina task for the worker-pool test: posts progress, then replies by the file name. */
import type { ProcessReply, ProcessTask } from "../../src/pipeline/taskTypes.ts";
import { fakeMetadata } from "./fakeJobRunner.ts";

export default async function echoTask(task: ProcessTask): Promise<ProcessReply> {
  task.progressPort?.postMessage({ jobId: task.jobId, stage: "decoding", progress: 10 });
  task.progressPort?.postMessage({ jobId: task.jobId, stage: "aligning", progress: 60 });
  task.progressPort?.close();
  if (task.originalFilename === "exit.mp3") process.exit(3); // the worker thread dies mid-task
  return { ok: true, metadata: fakeMetadata(task.hints.surah ?? 1), resultZipPath: task.resultZipPath };
}
