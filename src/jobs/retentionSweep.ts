/**
 * RETENTION_HOURS: an hourly sweep deletes finished jobs (and their upload and zip) that
 * finished more than that many hours ago; queued and processing jobs are never touched. The
 * first sweep runs at start, so a server that was down for a while catches up at once.
 */
import { deleteFinishedJobs, type DeletionOutcome } from "./jobDeletion.ts";
import { formatTimestamp } from "./job.ts";
import type { Logger } from "./jobQueue.ts";
import type { JobStore } from "./jobStore.ts";
import type { FileStorage } from "../storage/fileStorage.ts";

export const RETENTION_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** One sweep: deletes the jobs that finished before now − retentionHours. */
export async function sweepExpiredJobs(store: JobStore, storage: FileStorage, retentionHours: number, now: Date): Promise<DeletionOutcome> {
  const cutoff = formatTimestamp(new Date(now.getTime() - retentionHours * 3600 * 1000));
  return deleteFinishedJobs(store, storage, await store.listFinishedBefore(cutoff));
}

export interface RetentionSweepOptions {
  store: JobStore;
  storage: FileStorage;
  retentionHours: number;
  log: Logger;
  now?: () => Date;
  intervalMs?: number;
}

/** Starts the sweep (first run now, then every intervalMs); returns the function that stops it. */
export function startRetentionSweep(options: RetentionSweepOptions): () => void {
  const { store, storage, retentionHours, log } = options;
  const now = options.now ?? (() => new Date());
  const sweep = async (): Promise<void> => {
    try {
      const { jobsDeleted, filesRemoved } = await sweepExpiredJobs(store, storage, retentionHours, now());
      if (jobsDeleted > 0) {
        log(`retention: deleted ${jobsDeleted} job(s) finished more than ${retentionHours} h ago and removed ${filesRemoved} file(s)`);
      }
    } catch (error) {
      log(`retention sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), options.intervalMs ?? RETENTION_SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
