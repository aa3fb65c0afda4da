/**
 * Lowers the scheduling priority of the calling thread only (Linux: setpriority on the thread's
 * own id, which /proc/thread-self names). The job worker calls it once: on a small server the
 * HTTP thread must win the CPU whenever both want it, or status polling waits behind DSP and
 * model inference (measured with scripts/statusLoadBench.ts). When idle the worker still gets
 * every free cycle, so a job alone runs as fast as before.
 */
import fs from "node:fs";
import os from "node:os";

/** Niceness of the job worker thread (0 = normal … 19 = lowest). */
export const WORKER_THREAD_NICENESS = 10;

/** Returns the thread id it lowered, or null where the platform gives no per-thread handle. */
export function lowerThisThreadPriority(niceness: number = WORKER_THREAD_NICENESS): number | null {
  let threadId: number;
  try {
    threadId = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
  } catch {
    return null; // not Linux: leave the priority alone rather than renice the whole process
  }
  if (!Number.isInteger(threadId) || threadId <= 0) return null;
  os.setPriority(threadId, Math.max(os.getPriority(threadId), niceness));
  return threadId;
}
