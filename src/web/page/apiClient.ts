/**
 * The page's calls to this server's API. Errors carry the API's `detail` as their message, shown
 * to the user as is. With API_KEY set on the server the key the user entered is sent as
 * X-API-Key, and as ?api_key= on the URLs EventSource, <audio> and download links use (they cannot
 * send headers).
 */
import type { AyahMetadata } from "../../pipeline/taskTypes.ts";

export type JobStatusName = "queued" | "processing" | "completed" | "failed" | "cancelled";

export interface JobStatus {
  job_id: string;
  status: JobStatusName;
  original_filename: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  priority: number;
  queue_position?: number;
  progress?: number;
  stage?: string;
  error?: string;
}

/** One ayah of the metadata: the worker's own type (type-only import, erased from the page bundle). */
export type AyahEntry = AyahMetadata;

export interface JobMetadata {
  surah_number: number;
  total_ayahs: number;
  ayahs: AyahEntry[];
  diagnostics: Record<string, string | number | boolean | null>;
}

export interface Waveform {
  duration_seconds: number;
  peaks_per_second: number;
  peaks: number[];
}

export interface AyahEditEntry {
  surah_number: number;
  ayah_number: number;
  start_time: number;
  end_time: number;
}

export class ApiError extends Error {
  constructor(readonly status: number, detail: string) {
    super(detail);
  }
}

const KEY_STORAGE = "qs-api-key";

export function apiKey(): string | null {
  try {
    return localStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

export function setApiKey(key: string): void {
  localStorage.setItem(KEY_STORAGE, key);
}

function keyHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { "X-API-Key": key } : {};
}

/** A GET URL that carries the key when one is set. */
export function readUrl(path: string): string {
  const key = apiKey();
  if (!key) return path;
  return `${path}${path.includes("?") ? "&" : "?"}api_key=${encodeURIComponent(key)}`;
}

async function detailOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: unknown };
    if (typeof body.detail === "string") return body.detail;
  } catch {
    // not JSON: fall through
  }
  return `${response.status} ${response.statusText}`;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = keyHeaders();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new ApiError(response.status, await detailOf(response));
  return (await response.json()) as T;
}

export const api = {
  status: (id: string) => call<JobStatus>("GET", `/jobs/${id}/status`),
  metadata: (id: string) => call<JobMetadata>("GET", `/jobs/${id}/metadata`),
  waveform: (id: string) => call<Waveform>("GET", `/jobs/${id}/waveform`),
  saveAyahs: (id: string, edits: AyahEditEntry[]) => call<{ message: string; edited_ayahs: number; status: string }>("PUT", `/jobs/${id}/ayahs`, edits),
  cancel: (id: string) => call<{ status: string; message: string }>("POST", `/jobs/${id}/cancel`),
  remove: (id: string) => call<{ message: string }>("DELETE", `/jobs/${id}`),
  clearFinished: () => call<{ message: string; jobs_deleted: number }>("DELETE", "/jobs/finished"),
};

export const urls = {
  events: () => readUrl("/events"),
  audio: (id: string) => readUrl(`/jobs/${id}/audio`),
  download: (id: string) => readUrl(`/jobs/${id}/download`),
  metadata: (id: string) => readUrl(`/jobs/${id}/metadata`),
  export: (id: string, format: string) => readUrl(`/jobs/${id}/export/${format}`),
};

export interface UploadHints {
  surah?: string;
  fromAyah?: string;
  toAyah?: string;
}

export interface UploadHandle {
  done: Promise<{ job_id: string }>;
  abort(): void;
}

/** POST /transcribe/async with XHR: fetch reports no upload progress. */
export function uploadRecording(file: File, hints: UploadHints, onProgress: (sentBytes: number, totalBytes: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const form = new FormData();
  if (hints.surah) form.append("surah", hints.surah);
  if (hints.fromAyah) form.append("from_ayah", hints.fromAyah);
  if (hints.toAyah) form.append("to_ayah", hints.toAyah);
  form.append("audio_file", file, file.name);
  const done = new Promise<{ job_id: string }>((resolve, reject) => {
    xhr.upload.addEventListener("progress", (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size));
    xhr.addEventListener("load", () => {
      let body: { job_id?: string; detail?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: the status line below
      }
      if (xhr.status >= 200 && xhr.status < 300 && body.job_id) resolve({ job_id: body.job_id });
      else reject(new ApiError(xhr.status, body.detail ?? `${xhr.status} ${xhr.statusText}`));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "The server could not be reached")));
    xhr.addEventListener("abort", () => reject(new ApiError(0, "Upload aborted")));
  });
  xhr.open("POST", "/transcribe/async");
  for (const [name, value] of Object.entries(keyHeaders())) xhr.setRequestHeader(name, value);
  xhr.send(form);
  return { done, abort: () => xhr.abort() };
}

/** The export formats GET /jobs/{id}/export/{format} serves (test/webPage.test.ts checks this list against the server's). */
export const EXPORT_FORMATS: readonly { name: string; label: string }[] = [
  { name: "quran-foundation", label: "Quran Foundation (JSON)" },
  { name: "everyayah-timings", label: "EveryAyah timings (SQL)" },
  { name: "audacity", label: "Audacity labels" },
  { name: "audacity-words", label: "Audacity labels with words" },
  { name: "cue", label: "CUE sheet" },
  { name: "srt", label: "SRT captions" },
  { name: "webvtt", label: "WebVTT captions" },
  { name: "csv", label: "CSV table" },
];
