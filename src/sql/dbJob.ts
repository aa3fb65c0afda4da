/**
 * One row of the `jobs` table exactly as SQLite returns it (snake_case, like the columns).
 * Kept apart from the domain `Job` (src/jobs/job.ts) so the schema can evolve through
 * migrations without leaking column names into the rest of the code.
 */
import type { Database } from "node-sqlite3-wasm";

export interface DbJob {
  id: string;
  original_filename: string;
  audio_file_path: string;
  status: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  error_message: string | null;
  result_zip_path: string | null;
  metadata_json: string | null;
  transcription_text: string | null;
  /** JSON of AlignHints (surah / from_ayah / to_ayah form fields); added by migration 002. */
  hints_json: string;
  /** JSON of ResultOutput (naming / exports form fields); added by migration 005. */
  output_json: string;
  /** Queue priority, higher first; added by migration 003. */
  priority: number;
  /** Edited metadata waiting for its re-cut (PUT /jobs/{id}/ayahs); added by migration 005. */
  recut_metadata_json: string | null;
}

/** A row without the result texts, with its rowid as `seq` (what the store's read model holds). */
export interface DbJobSummary extends Omit<DbJob, "metadata_json" | "transcription_text" | "recut_metadata_json"> {
  seq: number;
  /** 1 when metadata_json, transcription_text or recut_metadata_json is set (SQLite has no boolean). */
  has_result_texts: number;
  /** 1 when recut_metadata_json is set. */
  recut_pending: number;
}

/** The result texts of one row, read only by the endpoints that return them. */
export type DbJobResultTexts = Pick<DbJob, "id" | "metadata_json" | "transcription_text" | "recut_metadata_json">;

export type SqlDatabase = Database;

/** node-sqlite3-wasm types rows loosely; this is the one place that narrows them. */
export function asDbJob(row: unknown): DbJob {
  return row as DbJob;
}

export function asDbJobSummary(row: unknown): DbJobSummary {
  return row as DbJobSummary;
}

export function asDbJobResultTexts(row: unknown): DbJobResultTexts {
  return row as DbJobResultTexts;
}
