/**
 * The job store: one node-sqlite3-wasm connection, owned by the main thread. The worker never
 * opens the database (node-sqlite3-wasm locks the whole file for every access and has no WAL);
 * it reports progress and results by message and the queue writes them here.
 */
import fs from "node:fs";
import sqlite from "node-sqlite3-wasm";
import type { AlignHints } from "../pipeline/types.ts";
import type { DbJob, SqlDatabase } from "../sql/dbJob.ts";
import { runMigrations } from "../sql/runMigrations.ts";
import { insertJob } from "../sql/insertJob.ts";
import { selectJobById } from "../sql/selectJobById.ts";
import { selectRecentJobs } from "../sql/selectRecentJobs.ts";
import { countJobs } from "../sql/countJobs.ts";
import { claimNextQueuedJob } from "../sql/claimNextQueuedJob.ts";
import { markJobCompleted } from "../sql/markJobCompleted.ts";
import { markJobFailed } from "../sql/markJobFailed.ts";
import { requeueProcessingJobs } from "../sql/requeueProcessingJobs.ts";
import { selectFinishedJobs } from "../sql/selectFinishedJobs.ts";
import { deleteFinishedJob } from "../sql/deleteFinishedJob.ts";
import { selectQueuePosition } from "../sql/selectQueuePosition.ts";
import { selectQueuePositions } from "../sql/selectQueuePositions.ts";
import { formatTimestamp, type Job, type JobStatus } from "./job.ts";

export interface NewJob {
  id: string;
  originalFilename: string;
  audioFilePath: string;
  hints: AlignHints;
  /** Default 0. */
  priority?: number;
}

export interface CompletedResult {
  resultZipPath: string;
  metadataJson: string;
  transcriptionText: string;
}

function toJob(row: DbJob): Job {
  return {
    id: row.id,
    originalFilename: row.original_filename,
    audioFilePath: row.audio_file_path,
    status: row.status as JobStatus,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    errorMessage: row.error_message,
    resultZipPath: row.result_zip_path,
    metadataJson: row.metadata_json,
    transcriptionText: row.transcription_text,
    hints: JSON.parse(row.hints_json) as AlignHints,
    priority: Number(row.priority),
  };
}

/**
 * node-sqlite3-wasm leaves its `<db>.lock` directory behind when the process dies while holding
 * the lock; every later open then fails with "database is locked". At start-up this process is
 * the only user of the file, so a lock directory found now is stale.
 */
function removeStaleLock(dbPath: string): boolean {
  const lockPath = `${dbPath}.lock`;
  if (!fs.existsSync(lockPath)) return false;
  fs.rmSync(lockPath, { recursive: true, force: true });
  return true;
}

export class JobStore {
  private readonly db: SqlDatabase;
  readonly removedStaleLock: boolean;

  constructor(dbPath: string, private readonly now: () => Date = () => new Date()) {
    this.removedStaleLock = removeStaleLock(dbPath);
    this.db = new sqlite.Database(dbPath);
    runMigrations(this.db);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  insert(job: NewJob): Job {
    insertJob(this.db, {
      id: job.id,
      original_filename: job.originalFilename,
      audio_file_path: job.audioFilePath,
      created_at: formatTimestamp(this.now()),
      hints_json: JSON.stringify(job.hints),
      priority: job.priority ?? 0,
    });
    return this.get(job.id)!;
  }

  get(id: string): Job | null {
    const row = selectJobById(this.db, id);
    return row ? toJob(row) : null;
  }

  listRecent(limit: number): Job[] {
    return selectRecentJobs(this.db, limit).map(toJob);
  }

  count(status?: JobStatus): number {
    return countJobs(this.db, status);
  }

  /** 1-based place of a queued job in claim order; null when it is not queued. */
  queuePosition(id: string): number | null {
    return selectQueuePosition(this.db, id);
  }

  /** Places of all queued jobs in claim order, by id. */
  queuePositions(): Map<string, number> {
    return selectQueuePositions(this.db);
  }

  claimNextQueued(): Job | null {
    const row = claimNextQueuedJob(this.db, formatTimestamp(this.now()));
    return row ? toJob(row) : null;
  }

  markCompleted(id: string, result: CompletedResult): void {
    markJobCompleted(this.db, {
      id,
      completed_at: formatTimestamp(this.now()),
      result_zip_path: result.resultZipPath,
      metadata_json: result.metadataJson,
      transcription_text: result.transcriptionText,
    });
  }

  markFailed(id: string, errorMessage: string): void {
    markJobFailed(this.db, id, formatTimestamp(this.now()), errorMessage);
  }

  requeueProcessing(exceptIds: readonly string[] = []): number {
    return requeueProcessingJobs(this.db, exceptIds);
  }

  listFinished(): Job[] {
    return selectFinishedJobs(this.db).map(toJob);
  }

  deleteFinished(id: string): boolean {
    return deleteFinishedJob(this.db, id);
  }
}
