import type { SqlDatabase } from "./dbJob.ts";

/**
 * A re-cut that failed or was cancelled: the job is completed again with the result it had (its
 * zip and metadata were never touched, the new zip is renamed in only on success).
 */
export function restoreCompletedJob(db: SqlDatabase, id: string): boolean {
  return db.run(
    "UPDATE jobs SET status = 'completed', recut_metadata_json = NULL WHERE id = ? AND recut_metadata_json IS NOT NULL AND status IN ('queued', 'processing')",
    [id],
  ).changes > 0;
}
