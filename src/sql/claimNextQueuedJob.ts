import { asDbJob, type DbJob, type SqlDatabase } from "./dbJob.ts";

/**
 * Marks the next queued job as processing and returns it: highest priority first, then FIFO by
 * insertion order (rowid grows with every insert, unlike second-resolution timestamps). Null
 * when nothing is queued. The main thread is the only writer, so select-then-update is exact.
 */
export function claimNextQueuedJob(db: SqlDatabase, startedAt: string): DbJob | null {
  const row = db.get("SELECT * FROM jobs WHERE status = 'queued' ORDER BY priority DESC, rowid LIMIT 1");
  if (!row) return null;
  const job = asDbJob(row);
  db.run("UPDATE jobs SET status = 'processing', started_at = ? WHERE id = ? AND status = 'queued'", [startedAt, job.id]);
  return { ...job, status: "processing", started_at: startedAt };
}
