import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { JobId } from "../schemas/jobSchemas.ts";
import { RecordingMetadataSchema } from "../schemas/metadataSchema.ts";
import { AsyncUploadForm, SyncUploadForm } from "../schemas/uploadForm.ts";
import { errorResponses, INTERNAL_ERROR, jsonResponse } from "./responses.ts";

export const SubmittedBody = z.strictObject({
  success: z.literal(true),
  job_id: JobId,
  status: z.literal("queued"),
  message: z.literal("Job queued for processing"),
}).meta({ id: "JobSubmitted" });

const UPLOAD_ERRORS = {
  400: "No audio_file, an empty file, an unsupported extension, a malformed upload or an invalid form field (the detail names it)",
  413: "The upload is larger than UPLOAD_LIMIT_BYTES (the partial file is removed)",
  429: "More uploads from this client than SUBMIT_RATE_LIMIT_PER_MINUTE allows; Retry-After says when to try again",
  507: "The server's disk is full: the upload was not stored",
};

export function registerTranscribePaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "post", path: "/transcribe/async", tags: ["jobs"], summary: "Queue a recording; answers at once with the job id",
    request: { body: { required: true, content: { "multipart/form-data": { schema: AsyncUploadForm } } } },
    responses: {
      200: jsonResponse("Job queued", SubmittedBody),
      ...errorResponses({ ...UPLOAD_ERRORS, ...INTERNAL_ERROR }),
    },
  });
  registry.registerPath({
    method: "post", path: "/transcribe", tags: ["sync"],
    summary: "Split a recording and wait for the result (same FIFO queue as async jobs)",
    request: { body: { required: true, content: { "multipart/form-data": { schema: SyncUploadForm } } } },
    responses: {
      200: {
        description: "The zip (split_audio=true) or the metadata JSON; the job id is in the X-Job-Id header",
        headers: z.object({ "X-Job-Id": JobId }),
        content: {
          "application/zip": { schema: z.string().meta({ format: "binary" }) },
          "application/json": { schema: RecordingMetadataSchema },
        },
      },
      ...errorResponses({ ...UPLOAD_ERRORS, 422: "The job failed; detail is the job's error", ...INTERNAL_ERROR }),
    },
  });
}
