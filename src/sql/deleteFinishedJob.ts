import type { SqlDatabase } from "./dbJob.ts";

/** Deletes one job row if it is still finished (never a job that was re-queued meanwhile). */
export function deleteFinishedJob(db: SqlDatabase, id: string): boolean {
  return db.run("DELETE FROM jobs WHERE id = ? AND status IN ('completed', 'failed', 'cancelled')", [id]).changes > 0;
}
