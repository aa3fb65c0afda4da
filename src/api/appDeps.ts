import type { NodeRole } from "../config.ts";
import type { JobQueue } from "../jobs/jobQueue.ts";
import type { JobStore } from "../jobs/jobStore.ts";
import type { FileStorage } from "../storage/fileStorage.ts";

/** Everything the HTTP layer needs; main.ts wires the real ones, tests may wire fakes. */
export interface AppDeps {
  store: JobStore;
  queue: JobQueue;
  /** Uploads and result zips, whichever backend keeps them. */
  storage: FileStorage;
  uploadsDir: string;
  /** Waveforms (src/jobs/jobFiles.ts names them). */
  resultsDir: string;
  /** data/tmp/uploads/: uploads being received (swept at start), moved to uploadsDir once valid. */
  incomingUploadsDir: string;
  uploadLimitBytes: number;
  corsOrigins: "*" | readonly string[];
  /** API_KEY: empty = no authentication. */
  apiKeys: readonly string[];
  /** SUBMIT_RATE_LIMIT_PER_MINUTE: 0 = unlimited. */
  submitRateLimitPerMinute: number;
  /** ROLE, reported by /health. */
  role: NodeRole;
  log: (message: string) => void;
}
