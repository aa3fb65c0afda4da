import type { PgQueryable } from "./pgJobRow.ts";

/** Every queued job's 1-based place in claim order (priority first, then insertion). */
export async function selectPgQueuePositions(db: PgQueryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; place: number }>(
    "SELECT id, (row_number() OVER (ORDER BY priority DESC, seq))::int AS place FROM jobs WHERE status = 'queued' ORDER BY place",
  );
  return new Map(rows.map((row) => [row.id, row.place]));
}

/** One queued job's place: the queued jobs claimed before it, plus one; null when it is not queued. */
export async function selectPgQueuePosition(db: PgQueryable, id: string): Promise<number | null> {
  const { rows } = await db.query<{ place: number }>(
    `SELECT (SELECT count(*)::int FROM jobs other WHERE other.status = 'queued'
        AND (other.priority > job.priority OR (other.priority = job.priority AND other.seq <= job.seq))) AS place
     FROM jobs job WHERE job.id = $1 AND job.status = 'queued'`,
    [id],
  );
  return rows[0]?.place ?? null;
}
