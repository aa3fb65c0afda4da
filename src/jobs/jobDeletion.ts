/**
 * Deleting finished jobs (completed, failed, cancelled) with their files (the stored upload, the
 * result zip and the waveform beside it): one job
 * (DELETE /jobs/{id}), all of them (DELETE /jobs/finished) or the expired ones (RETENTION_HOURS).
 * The row goes first and only if the job is still finished, so a job re-queued meanwhile keeps
 * its upload.
 */
import type { Job } from "./job.ts";
import { removeIfPresent, waveformPathBeside } from "./jobFiles.ts";
import type { JobStore } from "./jobStore.ts";

export interface DeletionOutcome {
  jobsDeleted: number;
  filesRemoved: number;
  /** For the live views (a `deleted` event each). */
  deletedIds: string[];
}

/** Deletes these jobs (each only if still finished) and their files. */
export function deleteFinishedJobs(store: JobStore, jobs: readonly Job[]): DeletionOutcome {
  let filesRemoved = 0;
  const deletedIds: string[] = [];
  for (const job of jobs) {
    if (!store.deleteFinished(job.id)) continue;
    deletedIds.push(job.id);
    const waveformPath = job.resultZipPath ? waveformPathBeside(job.resultZipPath) : null;
    filesRemoved += removeIfPresent(job.audioFilePath) + removeIfPresent(job.resultZipPath) + removeIfPresent(waveformPath);
  }
  return { jobsDeleted: deletedIds.length, filesRemoved, deletedIds };
}

/** DELETE /jobs/finished. */
export function clearFinishedJobs(store: JobStore): DeletionOutcome {
  return deleteFinishedJobs(store, store.listFinished());
}
