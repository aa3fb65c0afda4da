/** A piscina task for the worker-pool test: posts progress, then replies by the file name. */
import { workerData } from "node:worker_threads";
import type { ProcessReply, ProcessTask } from "../../src/pipeline/taskTypes.ts";
import { fakeMetadata } from "./fakeJobRunner.ts";

/** Set by a timer started when the worker loads this module: it fires only if the worker's event loop runs while idle. */
const idleTimer = { fired: false };
setTimeout(() => { idleTimer.fired = true; }, 50);

export default async function echoTask(task: ProcessTask): Promise<ProcessReply> {
  if (task.originalFilename === "inspect.mp3") {
    // What the test asks about the worker itself, carried in the message of a failed reply.
    const settings = (workerData as { settings?: unknown } | null)?.settings ?? null;
    return { ok: false, code: "INTERNAL", message: JSON.stringify({ settings, idleTimerFired: idleTimer.fired }) };
  }
  task.progressPort?.postMessage({ jobId: task.jobId, stage: "decoding", progress: 10 });
  task.progressPort?.postMessage({ jobId: task.jobId, stage: "aligning", progress: 60 });
  task.progressPort?.close();
  if (task.originalFilename === "exit.mp3") process.exit(3); // the worker thread dies mid-task
  return { ok: true, metadata: fakeMetadata(task.hints.surah ?? 1), resultZipPath: task.resultZipPath };
}
