import type { SqlDatabase } from "./dbJob.ts";

/** A completed job goes back to the queue carrying its edited metadata; false when it was not completed. */
export function queueJobRecut(db: SqlDatabase, id: string, recutMetadataJson: string): boolean {
  return db.run(
    "UPDATE jobs SET status = 'queued', started_at = NULL, recut_metadata_json = ? WHERE id = ? AND status = 'completed'",
    [recutMetadataJson, id],
  ).changes > 0;
}
