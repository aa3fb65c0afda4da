/**
 * The embedded job store: one node-sqlite3-wasm connection, owned by the main thread, holding the
 * file exclusively in write-ahead-log mode (src/sql/sqliteJournalMode.ts). The worker never opens
 * the database; it reports progress and results by message and the queue writes them here.
 *
 * SQLite is the durable truth; reads are served from a write-through read model
 * (src/jobs/jobReadModel.ts) loaded at open and updated with the row read back after every
 * write, so status polling never touches the file. Only the result texts of a completed job
 * are read from SQLite, by the one call that returns that job. The SQL runs synchronously; the
 * methods are async only to match the JobStore interface (src/jobs/jobStore.ts).
 */
import fs from "node:fs";
import sqlite from "node-sqlite3-wasm";
import type { DbJobSummary, SqlDatabase } from "../../sql/dbJob.ts";
import { runMigrations } from "../../sql/runMigrations.ts";
import { leaveWal, useExclusiveWal } from "../../sql/sqliteJournalMode.ts";
import { insertJob } from "../../sql/insertJob.ts";
import { selectAllJobSummaries, selectJobSummaryById } from "../../sql/selectJobSummaries.ts";
import { selectJobResultTexts } from "../../sql/selectJobResultTexts.ts";
import { claimNextQueuedJob } from "../../sql/claimNextQueuedJob.ts";
import { markJobCompleted } from "../../sql/markJobCompleted.ts";
import { markJobFailed } from "../../sql/markJobFailed.ts";
import { requeueProcessingJobs } from "../../sql/requeueProcessingJobs.ts";
import { deleteFinishedJob } from "../../sql/deleteFinishedJob.ts";
import { cancelQueuedJob } from "../../sql/cancelQueuedJob.ts";
import { markJobCancelled } from "../../sql/markJobCancelled.ts";
import { queueJobRecut } from "../../sql/queueJobRecut.ts";
import { restoreCompletedJob } from "../../sql/restoreCompletedJob.ts";
import { FINISHED_STATUSES, formatTimestamp, type Job, type JobStatus, type JobSummary } from "../job.ts";
import { jobFieldsOf, newJobRow } from "../jobRowFields.ts";
import { JobReadModel, type JobModelEntry } from "./jobReadModel.ts";
import type { CompletedResult, JobStore, NewJob } from "../jobStore.ts";

/** What callers get: the entry without the model's own bookkeeping. */
function summaryOf({ seq, hasResultTexts, ...summary }: JobModelEntry): JobSummary {
  return summary;
}

function toModelEntry(row: DbJobSummary): JobModelEntry {
  return { seq: row.seq, ...jobFieldsOf(row), recutPending: row.recut_pending === 1, hasResultTexts: row.has_result_texts === 1 };
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

export class SqliteJobStore implements JobStore {
  readonly kind = "sqlite";
  readonly shared = false;
  private readonly db: SqlDatabase;
  private readonly model: JobReadModel;
  readonly removedStaleLock: boolean;

  constructor(dbPath: string, private readonly now: () => Date = () => new Date()) {
    this.removedStaleLock = removeStaleLock(dbPath);
    this.db = new sqlite.Database(dbPath);
    useExclusiveWal(this.db);
    runMigrations(this.db);
    this.model = new JobReadModel(selectAllJobSummaries(this.db).map(toModelEntry));
  }

  async close(): Promise<void> {
    if (!this.db.isOpen) return;
    leaveWal(this.db);
    this.db.close();
  }

  /** One process is the only writer: there are no foreign changes. */
  subscribeForeignChanges(): () => void {
    return () => {};
  }

  /** The one process already knows its own progress. */
  publishProgress(): void {}

  /** The one process runs every job: the queue aborts it directly. */
  async requestCancel(): Promise<void> {}

  /** The file is open in this process: reachable while the store is open. */
  async checkReachable(): Promise<void> {
    if (!this.db.isOpen) throw new Error("the database is closed");
  }

  async insert(job: NewJob): Promise<Job> {
    insertJob(this.db, newJobRow(job, formatTimestamp(this.now())));
    return this.readBack(job.id)!;
  }

  async get(id: string): Promise<Job | null> {
    const summary = this.model.get(id);
    return summary ? this.withResultTexts([summary])[0] : null;
  }

  /** From the read model alone: no SQLite access. */
  async getSummary(id: string): Promise<JobSummary | null> {
    const entry = this.model.get(id);
    return entry ? summaryOf(entry) : null;
  }

  async listRecent(limit: number): Promise<JobSummary[]> {
    return this.model.listRecent(limit).map(summaryOf);
  }

  async count(status?: JobStatus): Promise<number> {
    return this.model.count(status);
  }

  /** 1-based place of a queued job in claim order; null when it is not queued. */
  async queuePosition(id: string): Promise<number | null> {
    return this.model.queuePosition(id);
  }

  /** Places of all queued jobs in claim order, by id. */
  async queuePositions(): Promise<Map<string, number>> {
    return this.model.queuePositions();
  }

  async claimNextQueued(): Promise<Job | null> {
    const row = claimNextQueuedJob(this.db, formatTimestamp(this.now()));
    return row ? this.readBack(row.id) : null;
  }

  async markCompleted(id: string, result: CompletedResult): Promise<void> {
    markJobCompleted(this.db, {
      id,
      completed_at: formatTimestamp(this.now()),
      result_zip_path: result.resultZipPath,
      metadata_json: result.metadataJson,
      transcription_text: result.transcriptionText,
    });
    this.readBack(id);
  }

  async markFailed(id: string, errorMessage: string): Promise<void> {
    markJobFailed(this.db, id, formatTimestamp(this.now()), errorMessage);
    this.readBack(id);
  }

  /** Queued → cancelled; false when the job was not (or no longer) queued. */
  async cancelQueued(id: string): Promise<boolean> {
    const changed = cancelQueuedJob(this.db, id, formatTimestamp(this.now()));
    this.readBack(id);
    return changed;
  }

  async markCancelled(id: string): Promise<void> {
    markJobCancelled(this.db, id, formatTimestamp(this.now()));
    this.readBack(id);
  }

  /** Completed → queued with the edited metadata to re-cut; false when the job was not completed. */
  async queueRecut(id: string, recutMetadataJson: string): Promise<boolean> {
    const changed = queueJobRecut(this.db, id, recutMetadataJson);
    this.readBack(id);
    return changed;
  }

  /** A re-cut that failed or was cancelled: back to completed with the result it had. */
  async restoreCompleted(id: string): Promise<boolean> {
    const changed = restoreCompletedJob(this.db, id);
    this.readBack(id);
    return changed;
  }

  async requeueProcessing(exceptIds: readonly string[] = []): Promise<number> {
    const reset = requeueProcessingJobs(this.db, exceptIds);
    for (const job of this.model.withStatus("processing")) this.readBack(job.id);
    return reset;
  }

  async listFinished(): Promise<Job[]> {
    return this.withResultTexts(this.model.withStatus(...FINISHED_STATUSES));
  }

  /** Finished jobs whose completed_at is before `cutoff` (the spec's timestamp shape, UTC). */
  async listFinishedBefore(cutoff: string): Promise<Job[]> {
    const finished = this.model.withStatus(...FINISHED_STATUSES);
    return this.withResultTexts(finished.filter((job) => job.completedAt !== null && job.completedAt < cutoff));
  }

  async deleteFinished(id: string): Promise<boolean> {
    const deleted = deleteFinishedJob(this.db, id);
    this.readBack(id);
    return deleted;
  }

  /** Puts the row SQLite now holds for `id` into the read model (or drops it) and returns it. */
  private readBack(id: string): Job | null {
    const row = selectJobSummaryById(this.db, id);
    if (!row) {
      this.model.remove(id);
      return null;
    }
    const summary = toModelEntry(row);
    this.model.put(summary);
    return this.withResultTexts([summary])[0];
  }

  /** Domain Jobs: the summaries' fields, plus the result texts read from SQLite for those that have any. */
  private withResultTexts(summaries: readonly JobModelEntry[]): Job[] {
    const withTexts = summaries.filter((summary) => summary.hasResultTexts).map((summary) => summary.id);
    const texts = selectJobResultTexts(this.db, withTexts);
    return summaries.map((entry) => {
      const fields = summaryOf(entry);
      const stored = texts.get(fields.id);
      return {
        ...fields,
        metadataJson: stored?.metadata_json ?? null,
        transcriptionText: stored?.transcription_text ?? null,
        recutMetadataJson: stored?.recut_metadata_json ?? null,
      };
    });
  }
}
