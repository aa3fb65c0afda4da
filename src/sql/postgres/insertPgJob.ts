import type { NewDbJob } from "../insertJob.ts";
import type { PgQueryable } from "./pgJobRow.ts";

export async function insertPgJob(db: PgQueryable, job: NewDbJob): Promise<void> {
  await db.query(
    `INSERT INTO jobs (id, original_filename, audio_file_path, status, created_at, hints_json, priority, output_json)
     VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7)`,
    [job.id, job.original_filename, job.audio_file_path, job.created_at, job.hints_json, job.priority, job.output_json],
  );
}
