/**
 * RETENTION_HOURS: an hourly sweep deletes finished jobs (and their upload and zip) that
 * finished more than that many hours ago; queued and processing jobs are never touched. The
 * first sweep runs at start, so a server that was down for a while catches up at once.
 */
import { deleteFinishedJobs, type DeletionOutcome } from "./jobDeletion.ts";
import { formatTimestamp } from "./job.ts";
import type { Logger } from "./jobQueue.ts";
import type { JobStore } from "./jobStore.ts";

export const RETENTION_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** One sweep: deletes the jobs that finished before now − retentionHours. */
export function sweepExpiredJobs(store: JobStore, retentionHours: number, now: Date): DeletionOutcome {
  const cutoff = formatTimestamp(new Date(now.getTime() - retentionHours * 3600 * 1000));
  return deleteFinishedJobs(store, store.listFinishedBefore(cutoff));
}

export interface RetentionSweepOptions {
  store: JobStore;
  retentionHours: number;
  log: Logger;
  now?: () => Date;
  intervalMs?: number;
}

/** Starts the sweep (first run now, then every intervalMs); returns the function that stops it. */
export function startRetentionSweep(options: RetentionSweepOptions): () => void {
  const { store, retentionHours, log } = options;
  const now = options.now ?? (() => new Date());
  const sweep = (): void => {
    try {
      const { jobsDeleted, filesRemoved } = sweepExpiredJobs(store, retentionHours, now());
      if (jobsDeleted > 0) {
        log(`retention: deleted ${jobsDeleted} job(s) finished more than ${retentionHours} h ago and removed ${filesRemoved} file(s)`);
      }
    } catch (error) {
      log(`retention sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  sweep();
  const timer = setInterval(sweep, options.intervalMs ?? RETENTION_SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
