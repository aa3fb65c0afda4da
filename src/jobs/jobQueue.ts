/**
 * The background worker loop of the spec: FIFO, one job at a time. Woken at once when a job is
 * submitted; the 2-second idle poll is only an upper bound (it also picks up jobs that another
 * code path re-queued). Job state lives in the store; live progress lives here in memory.
 */
import { EventEmitter } from "node:events";
import fs from "node:fs";
import path from "node:path";
import type { ProcessReply } from "../pipeline/taskTypes.ts";
import type { Job, JobProgress } from "./job.ts";
import type { JobRunner } from "./jobRunner.ts";
import type { JobStore, NewJob } from "./jobStore.ts";

export const IDLE_POLL_MS = 2000;

export interface QueueState {
  workerRunning: boolean;
  workerProcessing: boolean;
  currentJobId: string | null;
  queueSize: number;
}

export interface ResumeOutcome {
  jobsReset: number;
  workerRestarted: boolean;
}

export type Logger = (message: string) => void;

export class JobQueue {
  private readonly events = new EventEmitter();
  private running = false;
  private stopping = false;
  private currentJobId: string | null = null;
  private currentProgress: JobProgress | null = null;
  private wakeIdle: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: JobStore,
    private readonly runner: JobRunner,
    private readonly resultsDir: string,
    private readonly log: Logger = () => {},
    /** Passed to each task: longer recordings fail (MAX_AUDIO_MINUTES). */
    private readonly maxAudioSeconds?: number,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Re-queues jobs a crash left in `processing`, then starts the loop. Returns how many. */
  start(): number {
    const requeued = this.store.requeueProcessing();
    if (requeued > 0) this.log(`re-queued ${requeued} job(s) left processing by an earlier run`);
    this.startLoop();
    return requeued;
  }

  /**
   * Asks the loop to stop after the current job. On shutdown the runner is closed next, which
   * interrupts that job; it then stays `processing` and the next start re-queues it.
   */
  stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    return this.loopDone;
  }

  submit(job: NewJob): Job {
    const inserted = this.store.insert(job);
    this.wake();
    return inserted;
  }

  wake(): void {
    this.wakeIdle?.();
  }

  progressOf(jobId: string): JobProgress | null {
    return jobId === this.currentJobId ? this.currentProgress : null;
  }

  state(): QueueState {
    return {
      workerRunning: this.running && this.runner.isAlive(),
      workerProcessing: this.currentJobId !== null,
      currentJobId: this.currentJobId,
      queueSize: this.store.count("queued"),
    };
  }

  /** POST /jobs/resume: re-queue stuck `processing` jobs, restart a dead loop or runner. */
  async resume(): Promise<ResumeOutcome> {
    const jobsReset = this.store.requeueProcessing(this.currentJobId ? [this.currentJobId] : []);
    let workerRestarted = false;
    if (!this.runner.isAlive()) {
      await this.runner.restart();
      workerRestarted = true;
    }
    if (!this.running) {
      this.startLoop();
      workerRestarted = true;
    }
    this.wake();
    return { jobsReset, workerRestarted };
  }

  /** Resolves with the job once it is completed or failed (used by the sync endpoint). */
  waitUntilFinished(jobId: string): Promise<Job> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const job = this.store.get(jobId);
        if (!job) {
          reject(new Error(`job ${jobId} disappeared while waiting for it`));
          return true;
        }
        if (job.status === "completed" || job.status === "failed") {
          resolve(job);
          return true;
        }
        return false;
      };
      if (check()) return;
      const onFinished = (): void => {
        if (check()) this.events.off(`finished:${jobId}`, onFinished);
      };
      this.events.on(`finished:${jobId}`, onFinished);
    });
  }

  private startLoop(): void {
    this.stopping = false;
    this.running = true;
    this.loopDone = this.loop()
      .catch((error: unknown) => this.log(`job loop stopped: ${describeError(error)}`))
      .finally(() => { this.running = false; });
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const job = this.store.claimNextQueued();
      if (job) await this.process(job);
      else await this.idle(IDLE_POLL_MS);
    }
  }

  private idle(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, maxMs);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.wakeIdle = null;
        resolve();
      }
      this.wakeIdle = done;
    });
  }

  private async process(job: Job): Promise<void> {
    this.currentJobId = job.id;
    this.currentProgress = { stage: "starting", progress: 0 };
    const resultZipPath = path.join(this.resultsDir, `${job.id}.zip`);
    try {
      const reply = await this.runSafely(job, resultZipPath);
      // null: interrupted by shutdown; leave it `processing` so the next start re-queues it.
      if (reply) this.record(job.id, reply, resultZipPath);
    } finally {
      this.currentJobId = null;
      this.currentProgress = null;
      this.events.emit(`finished:${job.id}`);
    }
  }

  private async runSafely(job: Job, resultZipPath: string): Promise<ProcessReply | null> {
    const task = {
      jobId: job.id,
      uploadPath: job.audioFilePath,
      originalFilename: job.originalFilename,
      resultZipPath,
      hints: job.hints,
      maxAudioSeconds: this.maxAudioSeconds,
    };
    const onProgress = (stage: string, progress: number): void => {
      if (this.currentJobId === job.id) this.currentProgress = { stage, progress: clampProgress(progress) };
    };
    try {
      return await this.runner.run(task, onProgress);
    } catch (error) {
      if (this.stopping) return null;
      this.log(`job ${job.id}: processing worker failed: ${describeError(error)}`);
      return { ok: false, code: "INTERNAL", message: "The processing worker stopped unexpectedly" };
    }
  }

  private record(jobId: string, reply: ProcessReply, resultZipPath: string): void {
    if (reply.ok && !fs.existsSync(resultZipPath)) {
      reply = { ok: false, code: "INTERNAL", message: "Processing finished but produced no result file" };
    }
    if (reply.ok) {
      this.store.markCompleted(jobId, {
        resultZipPath,
        metadataJson: JSON.stringify(reply.metadata),
        transcriptionText: reply.metadata.transcription,
      });
      this.log(`job ${jobId}: completed`);
    } else {
      this.store.markFailed(jobId, reply.message);
      this.log(`job ${jobId}: failed (${reply.code}): ${reply.message}`);
    }
  }
}

function clampProgress(progress: number): number {
  if (!Number.isFinite(progress)) return 0;
  return Math.round(Math.min(100, Math.max(0, progress)) * 10) / 10;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
