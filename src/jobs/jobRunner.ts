/**
 * What the queue needs from whatever runs a job: the piscina worker pool in production
 * (src/pipeline/workerPool.ts), a fake in API-shape tests. `run` never rejects for a job-level
 * failure: it resolves with `{ ok: false, ... }`; a rejection means the runner itself broke.
 */
import type { ProcessReply, ProcessTask } from "../pipeline/taskTypes.ts";

export type JobTask = Omit<ProcessTask, "progressPort">;

export type ProgressListener = (stage: string, progress: number) => void;

export interface JobRunner {
  /**
   * Aborting `signal` stops the task at once (the worker thread is terminated, not asked) and
   * rejects; the queue then records the job as cancelled.
   */
  run(task: JobTask, onProgress: ProgressListener, signal?: AbortSignal): Promise<ProcessReply>;
  /** False once the runner can no longer run tasks (its thread pool was destroyed). */
  isAlive(): boolean;
  /** Replaces a dead runner with a fresh one. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The runner of an API node (ROLE=api): it holds no worker pool, and its queue runs no loops. */
export const NO_JOB_RUNNER: JobRunner = {
  run: () => Promise.reject(new Error("this node (ROLE=api) runs no jobs")),
  isAlive: () => false,
  restart: async () => {},
  close: async () => {},
};
