/**
 * One row of the PostgreSQL `jobs` table exactly as `pg` returns it (snake_case, like the
 * columns), kept apart from the domain `Job` (src/jobs/job.ts). The spec's columns are those of
 * the SQLite row (src/sql/dbJob.ts); each schema evolves through its own migrations.
 */
import type { Pool, PoolClient } from "pg";
import type { DbJob } from "../dbJob.ts";

/** The SQLite row's columns (both follow the spec's table), plus the queue's own. */
export interface PgJobRow extends DbJob {
  /** Claims of this job so far (stalled-job recovery fails it after JOB_MAX_ATTEMPTS); migration 003. */
  attempts: number;
}

/** A pool or one of its clients: every statement runs on either. */
export type PgQueryable = Pool | PoolClient;

/** A row without the result texts (status, lists, live views), with whether a re-cut is pending. */
export interface PgJobSummaryRow extends Omit<PgJobRow, "metadata_json" | "transcription_text" | "recut_metadata_json"> {
  recut_pending: boolean;
}

/** The columns of a summary row: no result text is read (they grow with the recording). */
export const PG_JOB_SUMMARY_COLUMNS = `id, original_filename, audio_file_path, status, created_at, started_at, completed_at,
  error_message, result_zip_path, hints_json, output_json, priority, attempts,
  (recut_metadata_json IS NOT NULL) AS recut_pending`;

/** The columns the store reads back (never seq, claimed_by or heartbeat_at: they are the queue's own). */
export const PG_JOB_COLUMNS = `id, original_filename, audio_file_path, status, created_at, started_at, completed_at,
  error_message, result_zip_path, metadata_json, transcription_text, hints_json, output_json, priority,
  recut_metadata_json, attempts`;
