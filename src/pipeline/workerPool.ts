/**
 * The JobRunner backed by piscina with `threads` worker threads (WORKERS, default 1), one task
 * each at a time (audio and model work never touch the main thread, so status requests stay
 * fast while jobs run). Progress comes back on a
 * MessagePort handed to the worker with each task.
 *
 * Entry of the worker: in development (tsx) `workers/processTask.ts`; in the single-file bundle
 * the bundle itself (it plays the worker role when it is not the main thread, see
 * src/bundleEntry.ts), which the bundle announces through `setBundledWorkerEntry`.
 */
import { MessageChannel } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { JobRunner, JobTask, ProgressListener } from "../jobs/jobRunner.ts";
import { modelThreadsFor } from "./modelThreads.ts";
import type { ProcessReply, ProcessTask, ProgressMessage, WorkerSettings } from "./taskTypes.ts";

export interface WorkerPoolOptions {
  /** Absolute path (or file URL) of the piscina task module. */
  workerFilename: string;
  /** Handed to the worker as `workerData` (the bundle uses it to pick the worker role). */
  workerData?: unknown;
  /** Worker threads (default 1); the queue runs as many jobs at once. */
  threads?: number;
  /** Intra-op threads of the model in each worker (MODEL_THREADS; default: the cores per worker, see modelThreads.ts). */
  modelThreads?: number;
}

/** workers/processTask.ts, for runs from source under tsx. */
export function sourceWorkerFilename(): string {
  return fileURLToPath(new URL("../../workers/processTask.ts", import.meta.url));
}

/** Upper bound on waiting for the worker's last progress messages after its reply. */
const PORT_DRAIN_MS = 200;

/** What every worker thread starts with: the caller's workerData plus the worker settings. */
function workerDataOf(options: WorkerPoolOptions): Record<string, unknown> {
  const settings: WorkerSettings = { modelThreads: modelThreadsFor(options.modelThreads, options.threads ?? 1) };
  return { ...(options.workerData as Record<string, unknown> | undefined), settings };
}

function createPiscina(options: WorkerPoolOptions): Piscina {
  return new Piscina({
    filename: options.workerFilename,
    minThreads: options.threads ?? 1,
    maxThreads: options.threads ?? 1,
    // One job per thread at a time; the queue never submits more than `threads`, but say so anyway.
    concurrentTasksPerWorker: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    // Between tasks the worker's event loop must keep running: its warm-up (loading ffmpeg and the
    // model, workers/processTask.ts) is asynchronous, and piscina's default Atomics.wait would freeze
    // it until the first job arrived (measured: the model then loaded inside that job). A job lasts
    // seconds, so the slower hand-over of the message channel costs nothing that shows.
    atomics: "disabled",
    workerData: workerDataOf(options),
  });
}

export class WorkerPool implements JobRunner {
  private pool: Piscina | null;

  constructor(private readonly options: WorkerPoolOptions) {
    this.pool = createPiscina(options);
  }

  async run(task: JobTask, onProgress: ProgressListener, signal?: AbortSignal): Promise<ProcessReply> {
    if (!this.pool) throw new Error("worker pool is closed");
    const { port1, port2 } = new MessageChannel();
    port1.on("message", (message: ProgressMessage) => onProgress(message.stage, message.progress));
    // The worker closes its end when the task ends; 'close' arrives after every message it posted.
    const portClosed = new Promise<void>((resolve) => port1.once("close", resolve));
    const fullTask: ProcessTask = { ...task, progressPort: port2 };
    try {
      // piscina's TransferList type predates @types/node's MessagePort typing; same object at runtime.
      const transferList = [port2] as unknown as NonNullable<Parameters<Piscina["run"]>[1]>["transferList"];
      // An aborted task: piscina terminates the thread (a job deep in wasm code never looks at a
      // flag) and starts a fresh one; the next job pays for loading ffmpeg and the model again.
      return (await this.pool.run(fullTask, { transferList, signal })) as ProcessReply;
    } finally {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([portClosed, new Promise((resolve) => { timer = setTimeout(resolve, PORT_DRAIN_MS); })]);
      clearTimeout(timer);
      port1.close();
    }
  }

  isAlive(): boolean {
    return this.pool !== null;
  }

  async restart(): Promise<void> {
    await this.close();
    this.pool = createPiscina(this.options);
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }
}
