/** Route docs of the endpoints the web page uses (additions to the spec). */
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { JobIdParams } from "../schemas/jobSchemas.ts";
import { AyahEditList, AyahEditResult, CancelResult, WaveformBody } from "../schemas/liveSchemas.ts";
import { errorResponses, INTERNAL_ERROR, jsonResponse } from "./responses.ts";

const NOT_FOUND = { 404: "Job not found" };

const eventStream = (description: string) => ({
  description,
  content: { "text/event-stream": { schema: z.string().meta({ description: "SSE: `event: <name>` + `data: <JSON>`; retry 1 s, keep-alive comments every 15 s" }) } },
});

const AUDIO_TYPES = ["audio/mpeg", "audio/wav", "audio/mp4", "audio/aac", "audio/ogg", "audio/flac", "audio/webm", "audio/x-ms-wma", "application/octet-stream"];
const audioContent = Object.fromEntries(AUDIO_TYPES.map((type) => [type, { schema: z.string().meta({ format: "binary" }) }]));

function registerEventPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get", path: "/events", tags: ["live"], summary: "Server-sent events for every job",
    responses: {
      200: eventStream("First `snapshot` {total, jobs: [JobStatus…]} (newest 100), then `job` JobStatus on every status/stage/progress change, `deleted` {job_id}"),
      ...errorResponses(INTERNAL_ERROR),
    },
  });
  registry.registerPath({
    method: "get", path: "/jobs/{id}/events", tags: ["live"], summary: "Server-sent events for one job",
    request: { params: JobIdParams },
    responses: { 200: eventStream("First `job` JobStatus (the state now), then `job` on each change, `deleted` {job_id}"), ...errorResponses({ ...NOT_FOUND, ...INTERNAL_ERROR }) },
  });
}

function registerMediaPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get", path: "/jobs/{id}/audio", tags: ["live"], summary: "The original upload (Accept-Ranges: bytes)",
    request: { params: JobIdParams, headers: z.object({ range: z.string().optional().meta({ example: "bytes=0-1023" }) }) },
    responses: {
      200: { description: "The whole file (no Range, or several ranges)", content: audioContent },
      206: { description: "One range, with Content-Range", content: audioContent },
      ...errorResponses({ 400: "Malformed Range header", 404: "Job not found, or its audio file is gone", 416: "Range not satisfiable (Content-Range: bytes */size)", ...INTERNAL_ERROR }),
    },
  });
  registry.registerPath({
    method: "get", path: "/jobs/{id}/waveform", tags: ["live"], summary: "Waveform peaks computed by the worker after decoding",
    request: { params: JobIdParams },
    responses: { 200: jsonResponse("Peaks", WaveformBody), ...errorResponses({ 404: "Job not found, or no waveform yet (still decoding) or for a failed/cancelled job", ...INTERNAL_ERROR }) },
  });
}

function registerEditPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "put", path: "/jobs/{id}/ayahs", tags: ["live"], summary: "Correct ayah boundaries; the worker re-cuts the files",
    request: { params: JobIdParams, body: { content: { "application/json": { schema: AyahEditList } } } },
    responses: {
      200: jsonResponse("Nothing changed (edited_ayahs 0)", AyahEditResult),
      202: jsonResponse("Re-cut queued; the job goes queued → processing (stage re-cutting) → completed", AyahEditResult),
      ...errorResponses({
        400: "Not completed (e.g. failed), not JSON, or an entry that is unknown, out of order, outside the recording, reversed or overlapping (the detail names the ayah)",
        ...NOT_FOUND, 413: "Body over 1 MB", 415: "Body is not application/json", ...INTERNAL_ERROR,
      }),
    },
  });
  registry.registerPath({
    method: "post", path: "/jobs/{id}/cancel", tags: ["live"], summary: "Cancel a queued or running job (or drop a re-cut)",
    request: { params: JobIdParams },
    responses: { 200: jsonResponse("Cancelled (a running job within 1 s)", CancelResult), ...errorResponses({ ...NOT_FOUND, 409: "The job has already finished", ...INTERNAL_ERROR }) },
  });
}

export function registerLivePaths(registry: OpenAPIRegistry): void {
  registerEventPaths(registry);
  registerMediaPaths(registry);
  registerEditPaths(registry);
}
