import { PG_JOB_COLUMNS, type PgJobRow, type PgQueryable } from "./pgJobRow.ts";

/**
 * Claims the next queued job (highest priority, then FIFO by insertion) for `claimedBy` in one
 * statement. FOR UPDATE SKIP LOCKED: workers on many machines claiming at once each get a
 * different row and none waits on another's lock. The claim starts its heartbeat and counts an
 * attempt. Null when nothing is queued.
 */
export async function claimNextPgJob(db: PgQueryable, startedAt: string, claimedBy: string): Promise<PgJobRow | null> {
  const { rows } = await db.query<PgJobRow>(
    `UPDATE jobs SET status = 'processing', started_at = $1, claimed_by = $2, heartbeat_at = now(), attempts = attempts + 1
     WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY priority DESC, seq FOR UPDATE SKIP LOCKED LIMIT 1)
     RETURNING ${PG_JOB_COLUMNS}`,
    [startedAt, claimedBy],
  );
  return rows[0] ?? null;
}
