import type { SqlDatabase } from "./dbJob.ts";

/** The running job the worker was stopped for becomes cancelled. */
export function markJobCancelled(db: SqlDatabase, id: string, completedAt: string): void {
  db.run("UPDATE jobs SET status = 'cancelled', completed_at = ? WHERE id = ? AND status = 'processing'", [completedAt, id]);
}
