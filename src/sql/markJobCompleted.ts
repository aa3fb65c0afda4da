import type { SqlDatabase } from "./dbJob.ts";

export interface JobCompletion {
  id: string;
  completed_at: string;
  result_zip_path: string;
  metadata_json: string;
  transcription_text: string;
}

export function markJobCompleted(db: SqlDatabase, completion: JobCompletion): void {
  db.run(
    `UPDATE jobs SET status = 'completed', completed_at = :completed_at, error_message = NULL, recut_metadata_json = NULL,
       result_zip_path = :result_zip_path, metadata_json = :metadata_json, transcription_text = :transcription_text
     WHERE id = :id`,
    {
      ":id": completion.id,
      ":completed_at": completion.completed_at,
      ":result_zip_path": completion.result_zip_path,
      ":metadata_json": completion.metadata_json,
      ":transcription_text": completion.transcription_text,
    },
  );
}
