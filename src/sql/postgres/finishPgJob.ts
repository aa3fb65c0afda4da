import type { PgQueryable } from "./pgJobRow.ts";

/**
 * The ends of a job its holder records. Each applies only while `claimedBy` still holds the job:
 * a worker that was presumed dead (its job re-queued and claimed elsewhere) cannot overwrite the
 * outcome of the one that holds it now, so a job completes exactly once.
 */
export interface PgJobCompletion {
  id: string;
  completed_at: string;
  result_zip_path: string;
  metadata_json: string;
  transcription_text: string;
}

const HELD = "status = 'processing' AND claimed_by = $2";
const RELEASE = "claimed_by = NULL, heartbeat_at = NULL";

export async function markPgJobCompleted(db: PgQueryable, claimedBy: string, completion: PgJobCompletion): Promise<boolean> {
  const result = await db.query(
    `UPDATE jobs SET status = 'completed', completed_at = $3, error_message = NULL, recut_metadata_json = NULL,
       result_zip_path = $4, metadata_json = $5, transcription_text = $6, ${RELEASE}
     WHERE id = $1 AND ${HELD}`,
    [completion.id, claimedBy, completion.completed_at, completion.result_zip_path, completion.metadata_json, completion.transcription_text],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function markPgJobFailed(db: PgQueryable, claimedBy: string, id: string, completedAt: string, errorMessage: string): Promise<boolean> {
  const result = await db.query(
    `UPDATE jobs SET status = 'failed', completed_at = $3, error_message = $4, ${RELEASE} WHERE id = $1 AND ${HELD}`,
    [id, claimedBy, completedAt, errorMessage],
  );
  return (result.rowCount ?? 0) > 0;
}

/** The running job the worker was stopped for becomes cancelled. */
export async function markPgJobCancelled(db: PgQueryable, claimedBy: string, id: string, completedAt: string): Promise<boolean> {
  const result = await db.query(
    `UPDATE jobs SET status = 'cancelled', completed_at = $3, ${RELEASE} WHERE id = $1 AND ${HELD}`,
    [id, claimedBy, completedAt],
  );
  return (result.rowCount ?? 0) > 0;
}
