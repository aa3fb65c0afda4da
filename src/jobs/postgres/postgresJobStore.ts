/**
 * The job store on PostgreSQL (DATABASE_URL=postgres://…), shared by every API and worker node.
 * The jobs table is the queue: claims are one `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP
 * LOCKED)` (src/sql/postgres/claimNextPgJob.ts), so there is one source of truth for a job's
 * state and no queue library keeping a second copy of it. While a job runs, its store renews a
 * heartbeat; every store sweeps for jobs whose heartbeat stopped (a worker killed or cut off),
 * re-queues them, and fails them after JOB_MAX_ATTEMPTS claims. Every write is announced with
 * NOTIFY (src/jobs/postgres/pgJobListener.ts), so idle workers on other machines wake at once
 * and every API node's live views see every job change.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import pg from "pg";
import type { PgJobRow, PgJobSummaryRow } from "../../sql/postgres/pgJobRow.ts";
import { runPgMigrations } from "../../sql/postgres/runPgMigrations.ts";
import { insertPgJob } from "../../sql/postgres/insertPgJob.ts";
import { countPgJobs, selectFinishedPgJobs, selectPgJobById, selectPgJobSummaryById, selectRecentPgJobSummaries } from "../../sql/postgres/selectPgJobs.ts";
import { selectPgQueuePosition, selectPgQueuePositions } from "../../sql/postgres/selectPgQueuePositions.ts";
import { claimNextPgJob } from "../../sql/postgres/claimNextPgJob.ts";
import { markPgJobCancelled, markPgJobCompleted, markPgJobFailed } from "../../sql/postgres/finishPgJob.ts";
import { cancelQueuedPgJob, deleteFinishedPgJob, queuePgJobRecut, restorePgJobCompleted } from "../../sql/postgres/changePgJobState.ts";
import { recoverStalledPgJobs, renewPgJobHeartbeats, requeueHeldPgJobs } from "../../sql/postgres/pgJobHeartbeats.ts";
import { notifyPgJobChange } from "../../sql/postgres/pgJobNotifications.ts";
import { formatTimestamp, type Job, type JobProgress, type JobStatus, type JobSummary } from "../job.ts";
import { jobFieldsOf, newJobRow } from "../jobRowFields.ts";
import type { CompletedResult, ForeignJobEvent, JobStore, NewJob } from "../jobStore.ts";
import { PgJobListener } from "./pgJobListener.ts";

/** Live progress crosses nodes at most this often per job (each notice is a round trip to the database). */
const PROGRESS_NOTICE_MS = 250;

export interface PostgresJobStoreOptions {
  databaseUrl: string;
  /** A processing job whose heartbeat is older than this is re-queued (JOB_STALL_TIMEOUT_SECONDS). */
  stallTimeoutSeconds: number;
  /** Claims of one job before stalled-job recovery fails it (JOB_MAX_ATTEMPTS). */
  maxAttempts: number;
  log?: (message: string) => void;
  now?: () => Date;
  /** Connections of this process's pool (besides the one LISTENing). */
  poolSize?: number;
}

function toJobSummary(row: PgJobSummaryRow): JobSummary {
  return { ...jobFieldsOf(row), recutPending: row.recut_pending };
}

function toJob(row: PgJobRow): Job {
  return {
    ...jobFieldsOf(row),
    recutPending: row.recut_metadata_json !== null,
    metadataJson: row.metadata_json,
    transcriptionText: row.transcription_text,
    recutMetadataJson: row.recut_metadata_json,
  };
}

export class PostgresJobStore implements JobStore {
  readonly kind = "postgres";
  readonly shared = true;
  /** Names this process's store in `claimed_by` and in its notices (its own are not echoed back to it). */
  readonly storeId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Jobs this store claimed and has not finished: their heartbeats are renewed. */
  private readonly held = new Set<string>();
  private readonly listeners = new Set<(event: ForeignJobEvent) => void>();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;
  private closed = false;
  /** Per running job: when its last progress notice went out, and at which stage. */
  private readonly lastProgress = new Map<string, { stage: string; atMs: number }>();
  /** The progress notices in flight, in order. */
  private progressSent: Promise<void> = Promise.resolve();

  private constructor(private readonly pool: pg.Pool, private readonly listener: PgJobListener, private readonly options: PostgresJobStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? (() => {});
    listener.onNotice((notice) => {
      if (notice.origin === this.storeId) return;
      this.dispatch(notice.kind === "progress"
        ? { kind: "progress", jobId: notice.jobId, progress: { stage: notice.stage, progress: notice.progress } }
        : { kind: notice.kind, jobId: notice.jobId });
    });
    // Heartbeats three times per stall timeout: one missed beat (a slow query) never looks like a dead worker.
    const beatMs = Math.max(200, (options.stallTimeoutSeconds * 1000) / 3);
    this.timer = setInterval(() => void this.beat(), beatMs);
    // Neither this timer nor the connections keep a finished process alive: close() ends them, and a
    // process that forgot to call it still exits.
    this.timer.unref();
  }

  /** Connects, migrates and starts listening; throws when the database cannot be reached. */
  static async open(options: PostgresJobStoreOptions): Promise<PostgresJobStore> {
    const log = options.log ?? (() => {});
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 8, allowExitOnIdle: true });
    // An idle connection the server dropped must not crash the process; the next query reconnects.
    pool.on("error", (error) => log(`database connection lost: ${error.message}`));
    try {
      await runPgMigrations(pool);
      const listener = await PgJobListener.start(options.databaseUrl, log);
      return new PostgresJobStore(pool, listener, options);
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.listeners.clear();
    await this.listener.close();
    await this.pool.end();
  }

  /** Changes other processes made, and the stalled jobs this store's sweep re-queued or failed. */
  subscribeForeignChanges(listener: (event: ForeignJobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A NOTIFY only, never a row write, at most every PROGRESS_NOTICE_MS per job unless the stage
   * changed. Sent in order with the job's other notices (announce waits for it), so a job's last
   * progress never arrives after its completion.
   */
  publishProgress(jobId: string, progress: JobProgress): void {
    const last = this.lastProgress.get(jobId);
    const nowMs = Date.now();
    if (this.closed || (last && last.stage === progress.stage && nowMs - last.atMs < PROGRESS_NOTICE_MS)) return;
    this.lastProgress.set(jobId, { stage: progress.stage, atMs: nowMs });
    const notice = { origin: this.storeId, kind: "progress" as const, jobId, ...progress };
    this.progressSent = this.progressSent.then(() => notifyPgJobChange(this.pool, notice)).catch(() => {});
  }

  async requestCancel(jobId: string): Promise<void> {
    await this.announce("cancel", jobId);
  }

  async checkReachable(): Promise<void> {
    await this.pool.query("SELECT 1");
  }

  async insert(job: NewJob): Promise<Job> {
    await insertPgJob(this.pool, newJobRow(job, formatTimestamp(this.now())));
    await this.announce("changed", job.id);
    return (await this.get(job.id))!;
  }

  async get(id: string): Promise<Job | null> {
    const row = await selectPgJobById(this.pool, id);
    return row ? toJob(row) : null;
  }

  async getSummary(id: string): Promise<JobSummary | null> {
    const row = await selectPgJobSummaryById(this.pool, id);
    return row ? toJobSummary(row) : null;
  }

  async listRecent(limit: number): Promise<JobSummary[]> {
    return (await selectRecentPgJobSummaries(this.pool, limit)).map(toJobSummary);
  }

  count(status?: JobStatus): Promise<number> {
    return countPgJobs(this.pool, status);
  }

  queuePosition(id: string): Promise<number | null> {
    return selectPgQueuePosition(this.pool, id);
  }

  queuePositions(): Promise<Map<string, number>> {
    return selectPgQueuePositions(this.pool);
  }

  async claimNextQueued(): Promise<Job | null> {
    const row = await claimNextPgJob(this.pool, formatTimestamp(this.now()), this.storeId);
    if (!row) return null;
    this.held.add(row.id);
    await this.announce("changed", row.id);
    return toJob(row);
  }

  async markCompleted(id: string, result: CompletedResult): Promise<void> {
    const recorded = await markPgJobCompleted(this.pool, this.storeId, {
      id,
      completed_at: formatTimestamp(this.now()),
      result_zip_path: result.resultZipPath,
      metadata_json: result.metadataJson,
      transcription_text: result.transcriptionText,
    });
    await this.release(id, recorded, "completion");
  }

  async markFailed(id: string, errorMessage: string): Promise<void> {
    const recorded = await markPgJobFailed(this.pool, this.storeId, id, formatTimestamp(this.now()), errorMessage);
    await this.release(id, recorded, "failure");
  }

  async cancelQueued(id: string): Promise<boolean> {
    return this.announceIf(await cancelQueuedPgJob(this.pool, id, formatTimestamp(this.now())), id);
  }

  async markCancelled(id: string): Promise<void> {
    const recorded = await markPgJobCancelled(this.pool, this.storeId, id, formatTimestamp(this.now()));
    await this.release(id, recorded, "cancellation");
  }

  async queueRecut(id: string, recutMetadataJson: string): Promise<boolean> {
    return this.announceIf(await queuePgJobRecut(this.pool, id, recutMetadataJson), id);
  }

  async restoreCompleted(id: string): Promise<boolean> {
    this.held.delete(id);
    this.lastProgress.delete(id);
    return this.announceIf(await restorePgJobCompleted(this.pool, id), id);
  }

  /**
   * Jobs this process claimed but no longer runs (all but `exceptIds`), plus jobs whose worker
   * elsewhere stopped beating. Never a job another live worker is running: on many machines a
   * restarting node must not take its neighbours' jobs away.
   */
  async requeueProcessing(exceptIds: readonly string[] = []): Promise<number> {
    const requeued = await requeueHeldPgJobs(this.pool, this.storeId, exceptIds);
    for (const id of requeued) {
      this.held.delete(id);
      await this.announce("changed", id);
    }
    return requeued.length + (await this.recoverStalled()).requeued;
  }

  async listFinished(): Promise<Job[]> {
    return (await selectFinishedPgJobs(this.pool)).map(toJob);
  }

  async listFinishedBefore(cutoff: string): Promise<Job[]> {
    return (await selectFinishedPgJobs(this.pool, cutoff)).map(toJob);
  }

  async deleteFinished(id: string): Promise<boolean> {
    const deleted = await deleteFinishedPgJob(this.pool, id);
    if (deleted) await this.announce("deleted", id);
    return deleted;
  }

  /** Re-queues (or fails) jobs whose heartbeat stopped; tells this process's listeners too. */
  async recoverStalled(): Promise<{ requeued: number; failed: number }> {
    const { stallTimeoutSeconds, maxAttempts } = this.options;
    const stalled = await recoverStalledPgJobs(this.pool, stallTimeoutSeconds, maxAttempts, formatTimestamp(this.now()));
    for (const job of stalled) {
      this.held.delete(job.id);
      this.log(job.status === "queued"
        ? `job ${job.id}: its worker stopped responding; queued again`
        : `job ${job.id}: its worker stopped responding ${maxAttempts} time(s); not retried again`);
      await this.announce("changed", job.id);
      this.dispatch({ kind: "changed", jobId: job.id });
    }
    const requeued = stalled.filter((job) => job.status === "queued").length;
    return { requeued, failed: stalled.length - requeued };
  }

  /** One timer tick: renew this store's heartbeats, then sweep for stalled jobs. */
  private async beat(): Promise<void> {
    try {
      await renewPgJobHeartbeats(this.pool, this.storeId, [...this.held]);
      await this.recoverStalled();
    } catch (error) {
      if (!this.closed) this.log(`job heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The holder's end of a job; when it no longer held it (recovered as stalled meanwhile), the outcome is dropped. */
  private async release(id: string, recorded: boolean, what: string): Promise<void> {
    this.held.delete(id);
    this.lastProgress.delete(id);
    if (recorded) await this.announce("changed", id);
    else this.log(`job ${id}: ${what} not recorded: this worker no longer holds the job (it was presumed stalled)`);
  }

  private async announceIf(changed: boolean, id: string): Promise<boolean> {
    if (changed) await this.announce("changed", id);
    return changed;
  }

  private async announce(kind: "changed" | "deleted" | "cancel", jobId: string): Promise<void> {
    await this.progressSent;
    await notifyPgJobChange(this.pool, { origin: this.storeId, kind, jobId });
  }

  private dispatch(event: ForeignJobEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
