import { asDbJobSummary, type DbJobSummary, type SqlDatabase } from "./dbJob.ts";

/** Every column except the result texts, which are only flagged (and a pending re-cut); rowid as `seq`. */
const SUMMARY_COLUMNS = `rowid AS seq, id, original_filename, audio_file_path, status, created_at, started_at,
  completed_at, error_message, result_zip_path, hints_json, priority, output_json,
  (metadata_json IS NOT NULL OR transcription_text IS NOT NULL OR recut_metadata_json IS NOT NULL) AS has_result_texts,
  (recut_metadata_json IS NOT NULL) AS recut_pending`;

/** All jobs without their result texts, in insertion order (loads the store's read model). */
export function selectAllJobSummaries(db: SqlDatabase): DbJobSummary[] {
  return db.all(`SELECT ${SUMMARY_COLUMNS} FROM jobs ORDER BY rowid`).map(asDbJobSummary);
}

/** One job without its result texts (read back after a write); null when there is none. */
export function selectJobSummaryById(db: SqlDatabase, id: string): DbJobSummary | null {
  const row = db.get(`SELECT ${SUMMARY_COLUMNS} FROM jobs WHERE id = ?`, [id]);
  return row ? asDbJobSummary(row) : null;
}
