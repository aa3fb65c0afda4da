import { asDbJob, type DbJob, type SqlDatabase } from "./dbJob.ts";

export function selectJobById(db: SqlDatabase, id: string): DbJob | null {
  const row = db.get("SELECT * FROM jobs WHERE id = ?", [id]);
  return row ? asDbJob(row) : null;
}
