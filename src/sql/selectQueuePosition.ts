import type { SqlDatabase } from "./dbJob.ts";

/**
 * 1-based place of a queued job in claim order (priority DESC, then rowid): the number of queued
 * jobs claimed before it, plus one. Null when the job is not queued.
 */
export function selectQueuePosition(db: SqlDatabase, id: string): number | null {
  const row = db.get(
    `SELECT COUNT(*) AS n FROM jobs AS job JOIN jobs AS ahead
       ON ahead.status = 'queued' AND (ahead.priority > job.priority OR (ahead.priority = job.priority AND ahead.rowid <= job.rowid))
     WHERE job.id = ? AND job.status = 'queued'`,
    [id],
  ) as { n: number } | null;
  const position = Number(row?.n ?? 0);
  return position > 0 ? position : null;
}
