/**
 * Messages between the main thread (API, job store) and the piscina worker (audio + model).
 * Only these plain, structured-clone-safe shapes cross `postMessage`; never raw Error objects.
 */
import type { AlignHints } from "./types.ts";

/** One unit of work: process an uploaded recording into a zip of ayah files. */
export interface ProcessTask {
  jobId: string;
  /** Absolute path of the stored upload, e.g. data/uploads/<uuid>.mp3 */
  uploadPath: string;
  originalFilename: string;
  /** Absolute path the finished zip must end up at (written in tempDir, then renamed). */
  resultZipPath: string;
  /** The job's own temporary folder, data/tmp/<job_id>/ (same file system as the results): every scratch file goes here. */
  tempDir: string;
  hints: AlignHints;
  /** File naming and export files of the zip (form fields `naming`, `exports`); absent: the spec's zip. */
  output?: ResultOutput;
  /** Longest recording to process (MAX_AUDIO_MINUTES); longer ones fail with AUDIO_TOO_LONG. */
  maxAudioSeconds?: number;
  /**
   * Where to write the waveform peaks (WaveformPeaks JSON) as soon as the audio is decoded, so the
   * page draws a long recording without decoding it. Absent: no waveform is written.
   */
  waveformPath?: string;
  /**
   * A boundary correction (PUT /jobs/{id}/ayahs): cut these ayahs from the upload and zip them
   * with this metadata, with no decoding or recognition.
   */
  recut?: { metadata: RecordingMetadata };
  /** When present, the worker posts `ProgressMessage`s on it. */
  progressPort?: import("node:worker_threads").MessagePort;
}

/** What every worker thread is started with (in `workerData.settings`), the same for all its jobs. */
export interface WorkerSettings {
  /** Intra-op threads of the acoustic model (src/pipeline/modelThreads.ts). */
  modelThreads: number;
}

/** What goes into the zip besides the spec's files: ayah file naming, export files (src/export). */
export interface ResultOutput {
  naming: "spec" | "everyayah";
  /** Export format names (src/export/exportFormats.ts), written to exports/ in the zip. */
  exports: string[];
}

export interface ProgressMessage {
  jobId: string;
  stage: string;
  /** 0..100 over the whole job. */
  progress: number;
}

/** Error codes the worker reports; the API maps them to a job `error` text. */
export type ProcessErrorCode =
  | "UNDECODABLE_AUDIO" // not audio, truncated beyond repair, unsupported codec
  | "EMPTY_AUDIO" // decodes to (almost) nothing
  | "AUDIO_TOO_LONG" // longer than the server's MAX_AUDIO_MINUTES
  | "NO_SPEECH" // only silence / noise
  | "SURAH_REQUIRED" // no model could identify the surah and no hint was given
  | "ALIGNMENT_FAILED"
  | "DISK_FULL" // the server's disk filled up (not the upload's fault)
  | "INTERNAL";

export type ProcessReply =
  | { ok: true; metadata: RecordingMetadata; resultZipPath: string }
  | { ok: false; code: ProcessErrorCode; message: string };

/** One ayah entry of the metadata contract (spec/async-api.md plus times, confidence, words). */
export interface AyahMetadata {
  surah_number: number;
  ayah_number: number;
  ayah_text: string;
  filename: string;
  is_basmala: boolean;
  duration_seconds: number;
  cutoff_uncertain: boolean;
  start_time: number;
  end_time: number;
  confidence: number;
  /** True once a person moved this ayah's boundaries (PUT /jobs/{id}/ayahs). */
  edited?: boolean;
  words?: { word: string; start_time: number; end_time: number }[];
}

/** The metadata contract: `metadata.json` in the zip and `GET /jobs/{id}/metadata`. */
export interface RecordingMetadata {
  surah_number: number;
  total_ayahs: number;
  transcription: string;
  ayahs: AyahMetadata[];
  diagnostics: {
    audio_input_end_timestamp: string;
    last_ayah_end_timestamp: string;
    engine: string;
    [key: string]: string | number | boolean | null;
  };
}
