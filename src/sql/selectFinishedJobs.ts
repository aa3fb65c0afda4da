import { asDbJob, type DbJob, type SqlDatabase } from "./dbJob.ts";

export function selectFinishedJobs(db: SqlDatabase): DbJob[] {
  return db.all("SELECT * FROM jobs WHERE status IN ('completed', 'failed') ORDER BY rowid").map(asDbJob);
}
