/**
 * How many intra-op threads each job worker gives the acoustic model. The model is the largest
 * single cost of a job (about half of its CPU time), and on a box with more cores than job workers
 * those cores are otherwise idle while a job runs. More than four brings little for a model this
 * small (a few million multiply-adds per output frame) and only adds threads to every worker.
 */
import os from "node:os";

export const MAX_AUTO_MODEL_THREADS = 4;
/** Upper bound of MODEL_THREADS: more is a typo. */
export const MAX_MODEL_THREADS = 16;

/** MODEL_THREADS when given, otherwise `auto` for this machine's cores (the pool and the start-up log both ask). */
export function modelThreadsFor(explicit: number | undefined, workerCount: number): number {
  return explicit ?? defaultModelThreads(os.availableParallelism(), workerCount);
}

/** The cores left per job worker, at least 1 and at most MAX_AUTO_MODEL_THREADS. */
export function defaultModelThreads(cpuCount: number, workerCount: number): number {
  const perWorker = Math.floor(Math.max(1, cpuCount) / Math.max(1, workerCount));
  return Math.min(MAX_AUTO_MODEL_THREADS, Math.max(1, perWorker));
}
