import type { SqlDatabase } from "./dbJob.ts";

export function markJobFailed(db: SqlDatabase, id: string, completedAt: string, errorMessage: string): void {
  db.run("UPDATE jobs SET status = 'failed', completed_at = ?, error_message = ? WHERE id = ?", [
    completedAt, errorMessage, id,
  ]);
}
