/**
 * Deleting finished jobs (completed, failed, cancelled) with their files (the stored upload, the
 * result zip and the waveform beside it): one job
 * (DELETE /jobs/{id}), all of them (DELETE /jobs/finished) or the expired ones (RETENTION_HOURS).
 * The row goes first and only if the job is still finished, so a job re-queued meanwhile keeps
 * its upload.
 */
import type { FileStorage } from "../storage/fileStorage.ts";
import type { Job } from "./job.ts";
import { waveformPathBeside } from "./jobFiles.ts";
import type { JobStore } from "./jobStore.ts";

export interface DeletionOutcome {
  jobsDeleted: number;
  filesRemoved: number;
  /** For the live views (a `deleted` event each). */
  deletedIds: string[];
}

/** Deletes these jobs (each only if still finished) and their files. */
export async function deleteFinishedJobs(store: JobStore, storage: FileStorage, jobs: readonly Job[]): Promise<DeletionOutcome> {
  let filesRemoved = 0;
  const deletedIds: string[] = [];
  for (const job of jobs) {
    if (!(await store.deleteFinished(job.id))) continue;
    deletedIds.push(job.id);
    // The waveform lies beside the zip, in the same storage (a local file, or an object).
    const waveform = job.resultZipPath ? waveformPathBeside(job.resultZipPath) : null;
    const removed = await Promise.all([storage.remove(job.audioFilePath), storage.remove(job.resultZipPath), storage.remove(waveform)]);
    filesRemoved += removed.filter(Boolean).length;
  }
  return { jobsDeleted: deletedIds.length, filesRemoved, deletedIds };
}

/** DELETE /jobs/finished. */
export async function clearFinishedJobs(store: JobStore, storage: FileStorage): Promise<DeletionOutcome> {
  return deleteFinishedJobs(store, storage, await store.listFinished());
}
