/** DELETE /jobs/finished: drop completed and failed jobs together with their upload and zip. */
import fs from "node:fs";
import type { JobStore } from "./jobStore.ts";

export interface ClearOutcome {
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

export function clearFinishedJobs(store: JobStore): ClearOutcome {
  let jobsDeleted = 0;
  let filesRemoved = 0;
  for (const job of store.listFinished()) {
    if (!store.deleteFinished(job.id)) continue;
    jobsDeleted += 1;
    filesRemoved += removeIfPresent(job.audioFilePath) + removeIfPresent(job.resultZipPath);
  }
  return { jobsDeleted, filesRemoved };
}
