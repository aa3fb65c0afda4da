import type { PgQueryable } from "./pgJobRow.ts";

/** Renews the heartbeat of the jobs `claimedBy` is running (database clock). */
export async function renewPgJobHeartbeats(db: PgQueryable, claimedBy: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query("UPDATE jobs SET heartbeat_at = now() WHERE id = ANY($1) AND status = 'processing' AND claimed_by = $2", [ids, claimedBy]);
}

/**
 * Processing jobs held by `claimedBy` but not in `runningIds` (the store's process lost them:
 * POST /jobs/resume) go back to the queue; returns their ids.
 */
export async function requeueHeldPgJobs(db: PgQueryable, claimedBy: string, runningIds: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE jobs SET status = 'queued', started_at = NULL, claimed_by = NULL, heartbeat_at = NULL
     WHERE status = 'processing' AND claimed_by = $1 AND NOT (id = ANY($2)) RETURNING id`,
    [claimedBy, runningIds],
  );
  return rows.map((row) => row.id);
}

export interface StalledPgJob {
  id: string;
  status: "queued" | "failed" | "completed";
}

/**
 * Stalled-job recovery: a processing job whose heartbeat is older than `stallSeconds` lost its
 * worker (killed, machine gone). It is queued again for another worker, or, once it has been
 * claimed `maxAttempts` times, failed with a message saying so (a re-cut instead keeps the result
 * it had). SKIP LOCKED: nodes sweeping at once do not queue a job twice.
 */
export async function recoverStalledPgJobs(db: PgQueryable, stallSeconds: number, maxAttempts: number, completedAt: string): Promise<StalledPgJob[]> {
  const { rows } = await db.query<StalledPgJob>(
    `WITH stalled AS (
       SELECT id FROM jobs WHERE status = 'processing' AND heartbeat_at < now() - make_interval(secs => $1)
       FOR UPDATE SKIP LOCKED)
     UPDATE jobs SET
       status = CASE WHEN attempts < $2 THEN 'queued' WHEN recut_metadata_json IS NOT NULL THEN 'completed' ELSE 'failed' END,
       started_at = CASE WHEN attempts < $2 THEN NULL ELSE started_at END,
       completed_at = CASE WHEN attempts < $2 THEN completed_at WHEN recut_metadata_json IS NOT NULL THEN completed_at ELSE $3 END,
       error_message = CASE WHEN attempts < $2 OR recut_metadata_json IS NOT NULL THEN error_message
         ELSE 'The worker processing this job stopped responding ' || attempts || ' times; the job is not retried again' END,
       recut_metadata_json = CASE WHEN attempts < $2 THEN recut_metadata_json ELSE NULL END,
       claimed_by = NULL, heartbeat_at = NULL
     FROM stalled WHERE jobs.id = stalled.id
     RETURNING jobs.id, jobs.status`,
    [stallSeconds, maxAttempts, completedAt],
  );
  return rows;
}
