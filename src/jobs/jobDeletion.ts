/**
 * Deleting finished jobs with their files (the stored upload and the result zip): one job
 * (DELETE /jobs/{id}), all of them (DELETE /jobs/finished) or the expired ones (RETENTION_HOURS).
 * The row goes first and only if the job is still finished, so a job re-queued meanwhile keeps
 * its upload.
 */
import fs from "node:fs";
import type { Job } from "./job.ts";
import type { JobStore } from "./jobStore.ts";

export interface DeletionOutcome {
  jobsDeleted: number;
  filesRemoved: number;
}

function removeIfPresent(filePath: string | null): number {
  if (!filePath) return 0;
  try {
    fs.rmSync(filePath);
    return 1;
  } catch {
    return 0; // already gone (removed by hand, or never written for a failed job)
  }
}

/** Deletes these jobs (each only if still finished) and their files. */
export function deleteFinishedJobs(store: JobStore, jobs: readonly Job[]): DeletionOutcome {
  let jobsDeleted = 0;
  let filesRemoved = 0;
  for (const job of jobs) {
    if (!store.deleteFinished(job.id)) continue;
    jobsDeleted += 1;
    filesRemoved += removeIfPresent(job.audioFilePath) + removeIfPresent(job.resultZipPath);
  }
  return { jobsDeleted, filesRemoved };
}

/** DELETE /jobs/finished. */
export function clearFinishedJobs(store: JobStore): DeletionOutcome {
  return deleteFinishedJobs(store, store.listFinished());
}
