import { PG_JOB_COLUMNS, PG_JOB_SUMMARY_COLUMNS, type PgJobRow, type PgJobSummaryRow, type PgQueryable } from "./pgJobRow.ts";

const FINISHED = "status IN ('completed', 'failed', 'cancelled')";

export async function selectPgJobById(db: PgQueryable, id: string): Promise<PgJobRow | null> {
  const { rows } = await db.query<PgJobRow>(`SELECT ${PG_JOB_COLUMNS} FROM jobs WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** One job without its result texts; null when there is none. */
export async function selectPgJobSummaryById(db: PgQueryable, id: string): Promise<PgJobSummaryRow | null> {
  const { rows } = await db.query<PgJobSummaryRow>(`SELECT ${PG_JOB_SUMMARY_COLUMNS} FROM jobs WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Newest first by created_at, then by insertion (as SQLite orders them), without their result texts. */
export async function selectRecentPgJobSummaries(db: PgQueryable, limit: number): Promise<PgJobSummaryRow[]> {
  const { rows } = await db.query<PgJobSummaryRow>(`SELECT ${PG_JOB_SUMMARY_COLUMNS} FROM jobs ORDER BY created_at DESC, seq DESC LIMIT $1`, [limit]);
  return rows;
}

/** Finished jobs, oldest insertion first; only those completed before `cutoff` when it is given. */
export async function selectFinishedPgJobs(db: PgQueryable, cutoff?: string): Promise<PgJobRow[]> {
  const { rows } = cutoff === undefined
    ? await db.query<PgJobRow>(`SELECT ${PG_JOB_COLUMNS} FROM jobs WHERE ${FINISHED} ORDER BY seq`)
    : await db.query<PgJobRow>(`SELECT ${PG_JOB_COLUMNS} FROM jobs WHERE ${FINISHED} AND completed_at < $1 ORDER BY seq`, [cutoff]);
  return rows;
}

export async function countPgJobs(db: PgQueryable, status?: string): Promise<number> {
  const { rows } = status === undefined
    ? await db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs")
    : await db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE status = $1", [status]);
  return rows[0].n;
}
