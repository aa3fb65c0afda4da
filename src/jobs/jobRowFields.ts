/** A jobs row's fields in domain form, shared by both stores (their rows have the same columns). */
import type { ResultOutput } from "../pipeline/taskTypes.ts";
import type { AlignHints } from "../pipeline/types.ts";
import type { DbJob } from "../sql/dbJob.ts";
import type { NewDbJob } from "../sql/insertJob.ts";
import type { NewJob } from "./jobStore.ts";
import { DEFAULT_RESULT_OUTPUT, type JobStatus, type JobSummary } from "./job.ts";

type ResultTextColumns = "metadata_json" | "transcription_text" | "recut_metadata_json";

/** Everything but the result texts and whether a re-cut is pending (each store knows that its own way). */
export function jobFieldsOf(row: Omit<DbJob, ResultTextColumns>): Omit<JobSummary, "recutPending"> {
  return {
    id: row.id,
    originalFilename: row.original_filename,
    audioFilePath: row.audio_file_path,
    status: row.status as JobStatus,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    errorMessage: row.error_message,
    resultZipPath: row.result_zip_path,
    hints: JSON.parse(row.hints_json) as AlignHints,
    priority: Number(row.priority),
    output: { ...DEFAULT_RESULT_OUTPUT, ...(JSON.parse(row.output_json) as Partial<ResultOutput>) },
  };
}

/** The columns of a new job's row (status queued), the other way round. */
export function newJobRow(job: NewJob, createdAt: string): NewDbJob {
  return {
    id: job.id,
    original_filename: job.originalFilename,
    audio_file_path: job.audioFilePath,
    created_at: createdAt,
    hints_json: JSON.stringify(job.hints),
    priority: job.priority ?? 0,
    output_json: JSON.stringify(job.output ?? DEFAULT_RESULT_OUTPUT),
  };
}
