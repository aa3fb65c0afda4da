import type { PgQueryable } from "./pgJobRow.ts";

/** Transitions that any node may make (the API's cancel and edit routes), whoever holds the job. */

async function changed(db: PgQueryable, sql: string, params: unknown[]): Promise<boolean> {
  return ((await db.query(sql, params)).rowCount ?? 0) > 0;
}

/** A queued job (never a re-cut, see restorePgJobCompleted) becomes cancelled. */
export function cancelQueuedPgJob(db: PgQueryable, id: string, completedAt: string): Promise<boolean> {
  return changed(db,
    "UPDATE jobs SET status = 'cancelled', completed_at = $2 WHERE id = $1 AND status = 'queued' AND recut_metadata_json IS NULL",
    [id, completedAt]);
}

/** A completed job goes back to the queue carrying its edited metadata (attempts start again: a new task). */
export function queuePgJobRecut(db: PgQueryable, id: string, recutMetadataJson: string): Promise<boolean> {
  return changed(db,
    "UPDATE jobs SET status = 'queued', started_at = NULL, recut_metadata_json = $2, attempts = 0 WHERE id = $1 AND status = 'completed'",
    [id, recutMetadataJson]);
}

/** A re-cut that failed or was cancelled: completed again with the result it had. */
export function restorePgJobCompleted(db: PgQueryable, id: string): Promise<boolean> {
  return changed(db,
    `UPDATE jobs SET status = 'completed', recut_metadata_json = NULL, claimed_by = NULL, heartbeat_at = NULL
     WHERE id = $1 AND recut_metadata_json IS NOT NULL AND status IN ('queued', 'processing')`,
    [id]);
}

/** Deletes one job row if it is still finished (never a job that was re-queued meanwhile). */
export function deleteFinishedPgJob(db: PgQueryable, id: string): Promise<boolean> {
  return changed(db, "DELETE FROM jobs WHERE id = $1 AND status IN ('completed', 'failed', 'cancelled')", [id]);
}
