import { asDbJob, type DbJob, type SqlDatabase } from "./dbJob.ts";

/** Newest first; rowid breaks ties between jobs created within the same second. */
export function selectRecentJobs(db: SqlDatabase, limit: number): DbJob[] {
  return db.all("SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?", [limit]).map(asDbJob);
}
