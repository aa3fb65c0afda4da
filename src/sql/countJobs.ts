import type { SqlDatabase } from "./dbJob.ts";

/** Number of jobs, optionally only those with the given status. */
export function countJobs(db: SqlDatabase, status?: string): number {
  const row = status === undefined
    ? db.get("SELECT COUNT(*) AS n FROM jobs")
    : db.get("SELECT COUNT(*) AS n FROM jobs WHERE status = ?", [status]);
  return Number((row as { n: number } | null)?.n ?? 0);
}
