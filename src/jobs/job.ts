/** The domain view of a job (camelCase, parsed), built from a DbJob row by the job store. */
import type { ResultOutput } from "../pipeline/taskTypes.ts";
import type { AlignHints } from "../pipeline/types.ts";

/** `cancelled` is this service's addition to the spec's four (POST /jobs/{id}/cancel). */
export type JobStatus = "queued" | "processing" | "completed" | "failed" | "cancelled";

/** Statuses a job never leaves on its own: DELETE /jobs/finished and DELETE /jobs/{id} remove these. */
export const FINISHED_STATUSES: readonly JobStatus[] = ["completed", "failed", "cancelled"];

/**
 * A job without its result texts (metadata.json, the transcription, a pending re-cut's metadata):
 * what status, lists and live views show. The texts grow with the recording; a summary is read
 * without touching them (status polling must stay a cheap read, issue 9).
 */
export interface JobSummary {
  id: string;
  originalFilename: string;
  audioFilePath: string;
  status: JobStatus;
  /** "YYYY-MM-DDTHH:MM:SS" in UTC, the spec's timestamp shape. */
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  errorMessage: string | null;
  resultZipPath: string | null;
  hints: AlignHints;
  /** Queue priority: higher is claimed first, FIFO within a priority. */
  priority: number;
  /** File naming and export files of the zip (form fields `naming`, `exports`). */
  output: ResultOutput;
  /** Edited metadata waits for its re-cut (PUT /jobs/{id}/ayahs). */
  recutPending: boolean;
}

/** A whole job: its summary and its result texts. */
export interface Job extends JobSummary {
  /** metadata.json as stored; parsed only by the endpoints that return it. */
  metadataJson: string | null;
  transcriptionText: string | null;
  /** Edited metadata waiting for its re-cut (PUT /jobs/{id}/ayahs); null otherwise. */
  recutMetadataJson: string | null;
}

/** The spec's zip: its file names, no export files (jobs submitted without `naming` / `exports`). */
export const DEFAULT_RESULT_OUTPUT: ResultOutput = Object.freeze({ naming: "spec", exports: [] }) as ResultOutput;

/** Live progress of the job being processed (kept in memory: it changes many times a second). */
export interface JobProgress {
  stage: string;
  /** 0..100 */
  progress: number;
}

/**
 * A processing job's stage before its worker reports one. Both the queue and the status view use
 * it: on PostgreSQL a status read may land between the claim's commit and the queue's first
 * progress entry, and a re-cut must not show as "starting" there (it is not started from scratch).
 */
export function initialStage(job: Pick<JobSummary, "recutPending">): string {
  return job.recutPending ? "re-cutting" : "starting";
}

/**
 * The spec's timestamp shape ("2025-10-03T00:00:15": seconds, no zone). Always UTC; the
 * README says so, because the shape itself cannot.
 */
export function formatTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}
