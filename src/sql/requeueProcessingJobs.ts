import type { SqlDatabase } from "./dbJob.ts";

/**
 * Puts jobs left in `processing` back to `queued` (after a crash, or via POST /jobs/resume),
 * except the ones named in `exceptIds` (the job the live worker is running right now).
 * Returns how many were reset.
 */
export function requeueProcessingJobs(db: SqlDatabase, exceptIds: readonly string[]): number {
  const placeholders = exceptIds.map(() => "?").join(", ");
  const sql = exceptIds.length === 0
    ? "UPDATE jobs SET status = 'queued', started_at = NULL WHERE status = 'processing'"
    : `UPDATE jobs SET status = 'queued', started_at = NULL WHERE status = 'processing' AND id NOT IN (${placeholders})`;
  return db.run(sql, [...exceptIds]).changes;
}
