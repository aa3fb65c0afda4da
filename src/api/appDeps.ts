import type { JobQueue } from "../jobs/jobQueue.ts";
import type { JobStore } from "../jobs/jobStore.ts";

/** Everything the HTTP layer needs; main.ts wires the real ones, tests may wire fakes. */
export interface AppDeps {
  store: JobStore;
  queue: JobQueue;
  uploadsDir: string;
  /** Zips and waveforms (src/jobs/jobFiles.ts names them). */
  resultsDir: string;
  uploadLimitBytes: number;
  corsOrigins: "*" | readonly string[];
  log: (message: string) => void;
}
