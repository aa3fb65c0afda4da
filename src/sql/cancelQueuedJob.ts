import type { SqlDatabase } from "./dbJob.ts";

/** A queued job (never a re-cut, see restoreCompletedJob) becomes cancelled; false when it was no longer queued. */
export function cancelQueuedJob(db: SqlDatabase, id: string, completedAt: string): boolean {
  return db.run(
    "UPDATE jobs SET status = 'cancelled', completed_at = ? WHERE id = ? AND status = 'queued' AND recut_metadata_json IS NULL",
    [completedAt, id],
  ).changes > 0;
}
