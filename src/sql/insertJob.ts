import type { DbJob, SqlDatabase } from "./dbJob.ts";

export type NewDbJob = Pick<DbJob, "id" | "original_filename" | "audio_file_path" | "created_at" | "hints_json" | "priority" | "output_json">;

export function insertJob(db: SqlDatabase, job: NewDbJob): void {
  db.run(
    `INSERT INTO jobs (id, original_filename, audio_file_path, status, created_at, hints_json, priority, output_json)
     VALUES (:id, :original_filename, :audio_file_path, 'queued', :created_at, :hints_json, :priority, :output_json)`,
    {
      ":id": job.id,
      ":original_filename": job.original_filename,
      ":audio_file_path": job.audio_file_path,
      ":created_at": job.created_at,
      ":hints_json": job.hints_json,
      ":priority": job.priority,
      ":output_json": job.output_json,
    },
  );
}
