import type { SqlDatabase } from "./dbJob.ts";

/** Every queued job's 1-based place in claim order (priority DESC, then rowid), by job id. */
export function selectQueuePositions(db: SqlDatabase): Map<string, number> {
  const rows = db.all(
    "SELECT id, ROW_NUMBER() OVER (ORDER BY priority DESC, rowid) AS position FROM jobs WHERE status = 'queued'",
  ) as { id: string; position: number }[];
  return new Map(rows.map((row) => [row.id, Number(row.position)]));
}
