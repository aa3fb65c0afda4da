/**
 * The piscina task entry: runs one ProcessTask in the worker thread through the lead's
 * processRecording and answers a ProcessReply. Nothing ever throws across the thread boundary:
 * every failure becomes `{ ok: false, code, message }` (a raw Error would lose its class and
 * could carry internals to the API).
 *
 * The zip is produced in the job's temp folder and renamed onto `task.resultZipPath` only after
 * processing succeeded, so a crash never leaves a half-written zip under the final name, and
 * what a crash does leave is in data/tmp/<job_id>/, which the queue and the start-up sweep remove.
 *
 * The per-worker context (ffmpeg instance, model session) is created when the worker thread starts
 * and held by the one context holder below; there is no other module-level mutable state. It starts
 * loading ffmpeg and the model at once (`warmUp`), so the first job does not wait about 1.5 s for
 * them; a failed load is retried by the job that needs it and reported there.
 */
import fs from "node:fs";
import path from "node:path";
import { isMainThread, workerData } from "node:worker_threads";
import { processRecording } from "../src/pipeline/processRecording.ts";
import type { ProcessReply, ProcessTask, ProgressMessage, WorkerSettings } from "../src/pipeline/taskTypes.ts";
import { createWorkerContext, type WorkerContext } from "../src/pipeline/workerContext.ts";
import { bundledWorkerAssets } from "../src/bundle/workerAssets.ts";
import { lowerThisThreadPriority } from "../src/pipeline/threadPriority.ts";

interface WorkerContextHolder {
  context: WorkerContext | null;
}

const contextHolder: WorkerContextHolder = { context: null };

function workerSettings(): Partial<WorkerSettings> {
  return (workerData as { settings?: WorkerSettings } | null)?.settings ?? {};
}

/** Once per worker thread, before its first job. */
function contextOf(holder: WorkerContextHolder): WorkerContext {
  if (!holder.context) {
    // Status requests must not wait behind jobs; ort's threads, started below, inherit this priority.
    lowerThisThreadPriority();
    // From source the assets are {} (files are read from node_modules/ and models/).
    holder.context = createWorkerContext(bundledWorkerAssets(), workerSettings());
  }
  return holder.context;
}

/** Loads ffmpeg and the model in the background; errors are left to the first job that needs them. */
function warmUp(context: WorkerContext): void {
  context.ffmpeg().then(() => context.recognition()).catch(() => {});
}

// Only in a worker thread: tests import this module in the main thread to call the task directly.
if (!isMainThread) warmUp(contextOf(contextHolder));

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function progressPoster(task: ProcessTask): (stage: string, progress: number) => void {
  return (stage, progress) => {
    const message: ProgressMessage = { jobId: task.jobId, stage, progress };
    task.progressPort?.postMessage(message);
  };
}

async function runTask(task: ProcessTask): Promise<ProcessReply> {
  const partialZipPath = path.join(task.tempDir, "result.zip");
  const reply = await processRecording(
    { ...task, resultZipPath: partialZipPath },
    contextOf(contextHolder),
    progressPoster(task),
  );
  if (!reply.ok) {
    fs.rmSync(partialZipPath, { force: true });
    return reply;
  }
  fs.renameSync(reply.resultZipPath, task.resultZipPath);
  return { ok: true, metadata: reply.metadata, resultZipPath: task.resultZipPath };
}

export default async function processTask(task: ProcessTask): Promise<ProcessReply> {
  try {
    return await runTask(task);
  } catch (error) {
    fs.rmSync(path.join(task.tempDir, "result.zip"), { force: true });
    // The detail (may hold paths) goes to the server log; the job's error stays a plain sentence.
    console.error(`job ${task.jobId}: worker task failed: ${describeError(error)}`);
    return { ok: false, code: "INTERNAL", message: `Processing failed unexpectedly; the server log has the details (job ${task.jobId}).` };
  } finally {
    task.progressPort?.close();
  }
}
