import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ClearFinishedBody, DeleteJobBody, JobIdParams, JobList, JobListQuery, JobStatusBody, ResumeBody } from "../schemas/jobSchemas.ts";
import { RecordingMetadataSchema } from "../schemas/metadataSchema.ts";
import { errorResponses, INTERNAL_ERROR, jsonResponse } from "./responses.ts";

const NOT_FOUND = { 404: "Job not found" };
const NOT_COMPLETED = { 400: "Job is not completed yet. Current status: <status>" };

export function registerJobPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get", path: "/jobs/{id}/status", tags: ["jobs"], summary: "A job's status",
    request: { params: JobIdParams },
    responses: { 200: jsonResponse("Status; progress/stage, download/metadata urls or error by status", JobStatusBody), ...errorResponses({ ...NOT_FOUND, ...INTERNAL_ERROR }) },
  });
  registry.registerPath({
    method: "get", path: "/jobs/{id}/download", tags: ["jobs"], summary: "The zip of ayah files and metadata.json",
    request: { params: JobIdParams },
    responses: {
      200: { description: "application/zip, as an attachment named <upload>_ayahs.zip", content: { "application/zip": { schema: z.string().meta({ format: "binary" }) } } },
      302: { description: "STORAGE_PRESIGN=1 with S3 storage: Location is a pre-signed bucket URL of the zip (valid 15 minutes)" },
      ...errorResponses({ ...NOT_COMPLETED, 404: "Job not found, or its result file is gone", ...INTERNAL_ERROR }),
    },
  });
  registry.registerPath({
    method: "get", path: "/jobs/{id}/metadata", tags: ["jobs"], summary: "The metadata JSON of a completed job",
    request: { params: JobIdParams },
    responses: { 200: jsonResponse("Metadata", RecordingMetadataSchema), ...errorResponses({ ...NOT_COMPLETED, ...NOT_FOUND, ...INTERNAL_ERROR }) },
  });
  registry.registerPath({
    method: "get", path: "/jobs", tags: ["jobs"], summary: "Jobs, newest first",
    request: { query: JobListQuery },
    responses: { 200: jsonResponse("Jobs", JobList), ...errorResponses({ 400: "limit is not an integer between 1 and 1000", ...INTERNAL_ERROR }) },
  });
  registry.registerPath({
    method: "post", path: "/jobs/resume", tags: ["jobs"], summary: "Re-queue stuck processing jobs and restart a dead worker",
    responses: { 200: jsonResponse("Resumed", ResumeBody), ...errorResponses(INTERNAL_ERROR) },
  });
  registry.registerPath({
    method: "delete", path: "/jobs/finished", tags: ["jobs"], summary: "Delete completed, failed and cancelled jobs and their files",
    responses: { 200: jsonResponse("Cleared", ClearFinishedBody), ...errorResponses(INTERNAL_ERROR) },
  });
  registry.registerPath({
    method: "delete", path: "/jobs/{id}", tags: ["jobs"], summary: "Delete one finished (completed, failed or cancelled) job, its upload, zip and waveform",
    request: { params: JobIdParams },
    responses: {
      200: jsonResponse("Deleted", DeleteJobBody),
      ...errorResponses({ ...NOT_FOUND, 409: "The job is queued or processing: cancel it first", ...INTERNAL_ERROR }),
    },
  });
}
