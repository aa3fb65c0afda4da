/**
 * The job store interface: what the queue and the routes need from wherever jobs live. Two
 * backends implement it: SQLite in one process (src/jobs/sqlite/, the embedded default) and
 * PostgreSQL shared by many processes (src/jobs/postgres/, selected by DATABASE_URL). Every
 * method returns a Promise because the PostgreSQL one is a network round trip; the SQLite one
 * answers at once.
 */
import type { ResultOutput } from "../pipeline/taskTypes.ts";
import type { AlignHints } from "../pipeline/types.ts";
import type { Job, JobProgress, JobStatus, JobSummary } from "./job.ts";
import type { JobEvent } from "./jobEvents.ts";

/** A change another process made, or the live progress of a job another process runs. */
export type ForeignJobEvent =
  | JobEvent
  | { kind: "progress"; jobId: string; progress: JobProgress }
  /** POST /jobs/{id}/cancel reached another node: the node running the job stops it. */
  | { kind: "cancel"; jobId: string };

export interface NewJob {
  id: string;
  originalFilename: string;
  /** Where the storage keeps the upload (a local path, or an s3:// reference). */
  audioFilePath: string;
  hints: AlignHints;
  /** Default 0. */
  priority?: number;
  /** Default: the spec's zip. */
  output?: ResultOutput;
}

export interface CompletedResult {
  /** Where the storage keeps the zip (a local path, or an s3:// reference). */
  resultZipPath: string;
  metadataJson: string;
  transcriptionText: string;
}

export interface JobStore {
  /** Names the backend for logs and /health, e.g. "sqlite" or "postgres". */
  readonly kind: string;
  /** Whether other processes (nodes) use the same jobs: a running job may then be another node's. */
  readonly shared: boolean;
  insert(job: NewJob): Promise<Job>;
  get(id: string): Promise<Job | null>;
  /** The job without its result texts: what status polling and live views read (cheap). */
  getSummary(id: string): Promise<JobSummary | null>;
  /** Newest first, without their result texts. */
  listRecent(limit: number): Promise<JobSummary[]>;
  count(status?: JobStatus): Promise<number>;
  /** 1-based place of a queued job in claim order; null when it is not queued. */
  queuePosition(id: string): Promise<number | null>;
  /** Places of all queued jobs in claim order, by id. */
  queuePositions(): Promise<Map<string, number>>;
  /** Marks the next queued job (highest priority, then oldest) `processing` and returns it; null when nothing is queued. */
  claimNextQueued(): Promise<Job | null>;
  markCompleted(id: string, result: CompletedResult): Promise<void>;
  markFailed(id: string, errorMessage: string): Promise<void>;
  /** Queued → cancelled; false when the job was not queued. */
  cancelQueued(id: string): Promise<boolean>;
  /** A running job stopped by POST /jobs/{id}/cancel. */
  markCancelled(id: string): Promise<void>;
  /** Completed → queued with the edited metadata to re-cut; false when the job was not completed. */
  queueRecut(id: string, recutMetadataJson: string): Promise<boolean>;
  /** A re-cut that failed or was cancelled: back to completed with the result it had. */
  restoreCompleted(id: string): Promise<boolean>;
  /** Puts `processing` jobs back to `queued`, except `exceptIds`; returns how many. */
  requeueProcessing(exceptIds?: readonly string[]): Promise<number>;
  /** Finished jobs (completed, failed, cancelled), oldest first. */
  listFinished(): Promise<Job[]>;
  /** Finished jobs whose completed_at is before `cutoff` (the spec's timestamp shape, UTC). */
  listFinishedBefore(cutoff: string): Promise<Job[]>;
  /** Deletes the row if the job is still finished; false when it was not (or is gone). */
  deleteFinished(id: string): Promise<boolean>;
  /**
   * Job changes this process did not make itself (another API or worker node's, or the store's
   * own stalled-job recovery): the queue wakes on them and passes them to the live views. The
   * embedded SQLite store has no other writer and never calls the listener. Returns the unsubscribe.
   */
  subscribeForeignChanges(listener: (event: ForeignJobEvent) => void): () => void;
  /** Tells the other processes how far a job this process runs has come (never stored; SQLite: nothing to tell). */
  publishProgress(jobId: string, progress: JobProgress): void;
  /** Asks whichever process runs `jobId` to stop it (SQLite: the one process runs it, never called). */
  requestCancel(jobId: string): Promise<void>;
  /** Resolves when the database answers (for /health); rejects with the reason. */
  checkReachable(): Promise<void>;
  close(): Promise<void>;
}
