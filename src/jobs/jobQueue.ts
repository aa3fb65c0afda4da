/**
 * The background worker loops of the spec: `workers` loops (WORKERS, default 1), each running one
 * job at a time. Every claim is one synchronous store call on the main thread, so claims stay in
 * exact priority-then-FIFO order whatever the number of loops. Woken at once when a job is
 * submitted; the 2-second idle poll is only an upper bound (it also picks up jobs that another
 * code path re-queued). Job state lives in the store; live progress lives here in memory.
 */
import { EventEmitter } from "node:events";
import fs from "node:fs";
import { jobTempDirOf, type DataPaths } from "../dataFolder/dataDir.ts";
import { DISK_FULL_MESSAGE, isDiskFullFailure } from "../pipeline/diskFull.ts";
import type { ProcessReply, RecordingMetadata } from "../pipeline/taskTypes.ts";
import { FINISHED_STATUSES, initialStage, type Job, type JobProgress } from "./job.ts";
import { JobEvents } from "./jobEvents.ts";
import { jobResultPaths, removeIfPresent } from "./jobFiles.ts";
import type { JobRunner } from "./jobRunner.ts";
import type { JobStore, NewJob } from "./jobStore.ts";
import type { FileStorage } from "../storage/fileStorage.ts";

export const IDLE_POLL_MS = 2000;
/** How long POST /jobs/{id}/cancel waits for another node to stop the job it runs. */
const CANCEL_WAIT_MS = 10_000;

export interface QueueState {
  workerRunning: boolean;
  workerProcessing: boolean;
  /** The longest-running job (the spec's single current job); null when idle. */
  currentJobId: string | null;
  /** Every running job, oldest claim first. */
  currentJobIds: string[];
  workers: number;
  queueSize: number;
}

export interface ResumeOutcome {
  jobsReset: number;
  workerRestarted: boolean;
}

export type Logger = (message: string) => void;

/** The runner was stopped on purpose (cancel), not broken. */
const CANCELLED = Symbol("cancelled");

export class JobQueue {
  private readonly events = new EventEmitter();
  /** Loops alive now; fewer than `workers` only after a loop died (resume starts the missing ones). */
  private liveLoops = 0;
  private stopping = false;
  /** Running jobs and their live progress, in claim order (Map keeps insertion order). */
  private readonly runningJobs = new Map<string, JobProgress>();
  /** Live progress of jobs other nodes run, from their notices (PostgreSQL); dropped at the job's next change. */
  private readonly remoteProgress = new Map<string, JobProgress>();
  /** Per running job: aborting it terminates that job's worker thread (POST /jobs/{id}/cancel). */
  private readonly aborts = new Map<string, AbortController>();
  /** Cancels asked for while a job was claimed but not yet started here (a shared store's claim is a round trip). */
  private readonly cancelRequested = new Set<string>();
  /** Every change of a job's row or live progress, for the SSE endpoints. */
  readonly jobEvents = new JobEvents();
  private readonly idleWakers = new Set<() => void>();
  private loopDone: Promise<void> = Promise.resolve();
  private readonly unsubscribeForeign: () => void;

  constructor(
    private readonly store: JobStore,
    private readonly runner: JobRunner,
    private readonly storage: FileStorage,
    /** The job temp folders and the waveforms (the worker writes them beside where the zip is kept locally). */
    private readonly paths: DataPaths,
    private readonly log: Logger = () => {},
    /** Passed to each task: longer recordings fail (MAX_AUDIO_MINUTES). */
    private readonly maxAudioSeconds?: number,
    /** Job loops, one job each at a time (WORKERS); the runner must have as many threads. 0 on an API node (ROLE=api). */
    private readonly workers = 1,
  ) {
    this.events.setMaxListeners(0);
    // Another node submitted, re-queued or finished a job: idle loops look at once, live views see it.
    this.unsubscribeForeign = store.subscribeForeignChanges((event) => {
      if (event.kind === "cancel") {
        this.aborts.get(event.jobId)?.abort();
        return;
      }
      if (event.kind === "progress") {
        this.remoteProgress.set(event.jobId, event.progress);
        this.jobEvents.changed(event.jobId);
        return;
      }
      this.remoteProgress.delete(event.jobId);
      if (event.kind === "deleted") {
        this.jobEvents.deleted(event.jobId);
        return;
      }
      this.jobEvents.changed(event.jobId);
      this.events.emit(`finished:${event.jobId}`);
      this.wake();
    });
  }

  /** Re-queues jobs a crash left in `processing`, then starts the loop. Returns how many. */
  async start(): Promise<number> {
    const requeued = await this.store.requeueProcessing();
    if (requeued > 0) this.log(`re-queued ${requeued} job(s) left processing by an earlier run`);
    this.startLoop();
    return requeued;
  }

  /**
   * Asks the loops to stop after their current job. On shutdown the runner is closed next, which
   * interrupts that job; it then stays `processing` and the next start re-queues it.
   */
  stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribeForeign();
    this.wake();
    return this.loopDone;
  }

  async submit(job: NewJob): Promise<Job> {
    const inserted = await this.store.insert(job);
    this.jobEvents.changed(inserted.id);
    this.wake();
    return inserted;
  }

  wake(): void {
    for (const wakeOne of [...this.idleWakers]) wakeOne();
  }

  progressOf(jobId: string): JobProgress | null {
    return this.runningJobs.get(jobId) ?? this.remoteProgress.get(jobId) ?? null;
  }

  isRunning(jobId: string): boolean {
    return this.runningJobs.has(jobId);
  }

  async state(): Promise<QueueState> {
    const queueSize = await this.store.count("queued");
    const currentJobIds = [...this.runningJobs.keys()];
    return {
      workerRunning: this.liveLoops > 0 && this.runner.isAlive(),
      workerProcessing: currentJobIds.length > 0,
      currentJobId: currentJobIds[0] ?? null,
      currentJobIds,
      workers: this.workers,
      queueSize,
    };
  }

  /** POST /jobs/resume: re-queue stuck `processing` jobs, restart a dead loop or runner. */
  async resume(): Promise<ResumeOutcome> {
    const jobsReset = await this.store.requeueProcessing([...this.runningJobs.keys()]);
    let workerRestarted = false;
    if (this.workers === 0) return { jobsReset, workerRestarted }; // an API node: the worker nodes run the jobs
    if (!this.runner.isAlive()) {
      await this.runner.restart();
      workerRestarted = true;
    }
    if (this.liveLoops < this.workers) {
      this.startLoop();
      workerRestarted = true;
    }
    this.wake();
    return { jobsReset, workerRestarted };
  }

  /**
   * POST /jobs/{id}/cancel. A queued job is cancelled in the store; a running one has its worker
   * thread terminated and is recorded once the runner has let go of it (well under a second). A
   * re-cut is dropped instead: the job is completed again with its earlier result. Returns the job
   * afterwards, or null when it had already finished (nothing to cancel).
   */
  async cancel(jobId: string): Promise<Job | null> {
    const job = await this.store.get(jobId);
    if (!job || FINISHED_STATUSES.includes(job.status)) return null;
    const abort = this.aborts.get(jobId);
    if (abort) {
      const finished = this.waitUntilFinished(jobId);
      abort.abort();
      return finished;
    }
    if (this.store.shared && job.status === "processing" && job.recutMetadataJson === null) return this.cancelElsewhere(jobId);
    const changed = job.recutMetadataJson !== null ? await this.store.restoreCompleted(jobId) : await this.store.cancelQueued(jobId);
    if (!changed) return null; // claimed or finished meanwhile
    this.jobEvents.changed(jobId);
    return this.store.get(jobId);
  }

  /**
   * A job another node runs (PostgreSQL): that node is asked to stop it, and the answer waits
   * until it has (or CANCEL_WAIT_MS passed: a dead holder's job is then left to stalled-job recovery).
   */
  private async cancelElsewhere(jobId: string): Promise<Job | null> {
    const finished = this.waitUntilFinished(jobId);
    this.cancelRequested.add(jobId); // this node may be the one whose claim is still on its way
    await this.store.requestCancel(jobId);
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), CANCEL_WAIT_MS); });
    try {
      return (await Promise.race([finished, gaveUp])) ?? this.store.get(jobId);
    } finally {
      clearTimeout(timer);
      this.cancelRequested.delete(jobId);
    }
  }

  /**
   * PUT /jobs/{id}/ayahs: queues a completed job again to be re-cut with `metadata` (no
   * recognition). False when the job was not completed.
   */
  async queueRecut(jobId: string, metadata: RecordingMetadata): Promise<boolean> {
    if (!(await this.store.queueRecut(jobId, JSON.stringify(metadata)))) return false;
    this.jobEvents.changed(jobId);
    this.wake();
    return true;
  }

  /** Resolves with the job once it is completed, failed or cancelled (used by the sync endpoint). */
  waitUntilFinished(jobId: string): Promise<Job> {
    return new Promise((resolve, reject) => {
      const check = async (): Promise<void> => {
        const job = await this.store.get(jobId);
        if (!job) throw new Error(`job ${jobId} disappeared while waiting for it`);
        if (!FINISHED_STATUSES.includes(job.status)) return;
        this.events.off(`finished:${jobId}`, onFinished);
        resolve(job);
      };
      const onFinished = (): void => {
        check().catch((error: unknown) => {
          this.events.off(`finished:${jobId}`, onFinished);
          reject(error);
        });
      };
      // Listen before the first look, so a job finishing in between is not missed.
      this.events.on(`finished:${jobId}`, onFinished);
      onFinished();
    });
  }

  private startLoop(): void {
    this.stopping = false;
    const loops = Array.from({ length: this.workers - this.liveLoops }, () => {
      this.liveLoops += 1;
      return this.loop()
        .catch((error: unknown) => this.log(`job loop stopped: ${describeError(error)}`))
        .finally(() => { this.liveLoops -= 1; });
    });
    this.loopDone = Promise.all([this.loopDone, ...loops]).then(() => {});
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const job = await this.store.claimNextQueued();
      if (job) this.jobEvents.changed(job.id);
      if (job) await this.process(job);
      else await this.idle(IDLE_POLL_MS);
    }
  }

  private idle(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, maxMs);
      const wakers = this.idleWakers;
      function done(): void {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });
  }

  private async process(job: Job): Promise<void> {
    this.runningJobs.set(job.id, { stage: initialStage(job), progress: 0 });
    const abort = new AbortController();
    this.aborts.set(job.id, abort);
    if (this.cancelRequested.has(job.id)) abort.abort();
    const resultZipPath = this.storage.resultWritePath(job.id);
    // Every temporary file of the job lives here and goes with it, whatever way the job ends (a
    // kill -9 leaves it to the start-up sweep of tmp/).
    const tempDir = jobTempDirOf(this.paths, job.id);
    try {
      const reply = makeTempDir(tempDir) ?? await this.runWithUpload(job, resultZipPath, tempDir, abort.signal);
      // null: interrupted by shutdown; leave it `processing` so the next start re-queues it.
      if (reply === CANCELLED) await this.recordCancelled(job);
      else if (reply) await this.record(job, reply, resultZipPath);
    } catch (error) {
      // The store or the storage failed (not the pipeline): the job must not stay `processing`.
      this.log(`job ${job.id}: ${describeError(error)}`);
      await this.store.markFailed(job.id, "The server could not read or store this job's files").catch(() => {});
    } finally {
      fs.rmSync(tempDir, { recursive: true, force: true });
      this.runningJobs.delete(job.id);
      this.aborts.delete(job.id);
      this.jobEvents.changed(job.id);
      this.events.emit(`finished:${job.id}`);
    }
  }

  /** The upload as a local file for the worker (the storage may keep it elsewhere), released after. */
  private async runWithUpload(job: Job, resultZipPath: string, tempDir: string, signal: AbortSignal): Promise<ProcessReply | typeof CANCELLED | null> {
    const upload = await this.storage.fetchUpload(job.audioFilePath, job.id);
    try {
      return await this.runSafely(job, upload.path, resultZipPath, tempDir, signal);
    } finally {
      await upload.release();
    }
  }

  private async runSafely(job: Job, uploadPath: string, resultZipPath: string, tempDir: string, signal: AbortSignal): Promise<ProcessReply | typeof CANCELLED | null> {
    const recut = job.recutMetadataJson ? { metadata: JSON.parse(job.recutMetadataJson) as RecordingMetadata } : undefined;
    const task = {
      tempDir,
      jobId: job.id,
      uploadPath,
      originalFilename: job.originalFilename,
      resultZipPath,
      // A re-cut keeps the waveform it has: the audio did not change.
      waveformPath: recut ? undefined : jobResultPaths(this.paths.resultsDir, job.id).waveformPath,
      recut,
      hints: job.hints,
      output: job.output,
      maxAudioSeconds: this.maxAudioSeconds,
    };
    const onProgress = (stage: string, progress: number): void => {
      if (!this.runningJobs.has(job.id)) return;
      const live = { stage, progress: clampProgress(progress) };
      this.runningJobs.set(job.id, live);
      this.jobEvents.changed(job.id);
      this.store.publishProgress(job.id, live);
    };
    try {
      return await this.runner.run(task, onProgress, signal);
    } catch (error) {
      if (this.stopping) return null;
      if (signal.aborted) return CANCELLED;
      this.log(`job ${job.id}: processing worker failed: ${describeError(error)}`);
      return { ok: false, code: "INTERNAL", message: "The processing worker stopped unexpectedly" };
    }
  }

  /** The worker was terminated mid-task: what it left half written is in the job's temp folder, which `process` removes. */
  private async recordCancelled(job: Job): Promise<void> {
    if (job.recutMetadataJson !== null) {
      await this.store.restoreCompleted(job.id);
      this.log(`job ${job.id}: re-cut cancelled; the earlier result stays`);
      return;
    }
    removeIfPresent(jobResultPaths(this.paths.resultsDir, job.id).waveformPath);
    await this.store.markCancelled(job.id);
    this.log(`job ${job.id}: cancelled while processing`);
  }

  /** A completed reply's zip is handed to the storage; the row then holds the storage's reference. */
  private async record(job: Job, reply: ProcessReply, resultZipPath: string): Promise<void> {
    const jobId = job.id;
    if (reply.ok && !fs.existsSync(resultZipPath)) {
      reply = { ok: false, code: "INTERNAL", message: "Processing finished but produced no result file" };
    }
    if (reply.ok) {
      await this.store.markCompleted(jobId, {
        resultZipPath: await this.storage.storeResult(jobId, resultZipPath),
        metadataJson: JSON.stringify(reply.metadata),
        transcriptionText: reply.metadata.transcription,
      });
      this.log(`job ${jobId}: completed`);
    } else if (job.recutMetadataJson !== null) {
      // The earlier zip was never replaced: the job keeps the result it had.
      await this.store.restoreCompleted(jobId);
      this.log(`job ${jobId}: re-cut failed (${reply.code}): ${reply.message}; the earlier result stays`);
    } else {
      await this.store.markFailed(jobId, reply.message);
      this.log(`job ${jobId}: failed (${reply.code}): ${reply.message}`);
    }
  }
}

/** A fresh temp folder for the job; a full disk fails the job (the loop goes on), anything else is a bug. */
function makeTempDir(tempDir: string): ProcessReply | null {
  try {
    fs.rmSync(tempDir, { recursive: true, force: true });
    fs.mkdirSync(tempDir, { recursive: true });
    return null;
  } catch (error) {
    if (!isDiskFullFailure(error)) throw error;
    return { ok: false, code: "DISK_FULL", message: DISK_FULL_MESSAGE };
  }
}

function clampProgress(progress: number): number {
  if (!Number.isFinite(progress)) return 0;
  return Math.round(Math.min(100, Math.max(0, progress)) * 10) / 10;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
