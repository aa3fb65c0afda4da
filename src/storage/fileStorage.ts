/**
 * The file storage interface: where uploads and result zips live. Two backends implement it:
 * local folders under DATA_DIR (src/storage/localFileStorage.ts, the embedded default) and an
 * S3-compatible bucket (src/storage/s3FileStorage.ts, selected by STORAGE_URL=s3://…). A stored
 * file is named by a reference string kept in the job row (`audio_file_path`,
 * `result_zip_path`): a local path, or `s3://bucket/key`. The pipeline always works on local
 * files; this interface moves them in and out.
 */
import type { Readable } from "node:stream";
import type multer from "@koa/multer";

/** A stored file made readable on this machine; `release` drops any local copy. */
export interface LocalFile {
  path: string;
  release(): Promise<void>;
}

export type Download =
  | { kind: "stream"; body: Readable; sizeBytes: number }
  /** A pre-signed URL the client is redirected to (S3 with STORAGE_PRESIGN=1). */
  | { kind: "redirect"; url: string };

export interface FileStorage {
  /** Names the backend for logs and /health, e.g. "local" or "s3". */
  readonly kind: string;
  /**
   * A multer storage engine that streams `audio_file` to where it waits for validation and sets
   * `file.path` to its reference; a write that fails removes what it wrote.
   */
  uploadEngine(): multer.StorageEngine;
  /** A validated upload moves to where it is kept for its job; returns the kept reference. */
  keepUpload(reference: string): Promise<string>;
  /** The upload as a local file the worker can read (a copy goes into the job's temp folder). */
  fetchUpload(reference: string, jobId: string): Promise<LocalFile>;
  /** The local path the worker writes the zip of `jobId` to. */
  resultWritePath(jobId: string): string;
  /** Keeps the zip the worker wrote at `localZipPath` (and the job's waveform); returns the zip's reference. */
  storeResult(jobId: string, localZipPath: string): Promise<string>;
  /** The stored upload's size in bytes; null when it is gone (GET /jobs/{id}/audio). */
  uploadSize(reference: string): Promise<number | null>;
  /** Reads the stored upload, whole or bytes start..end inclusive (the player's range requests). */
  readUpload(reference: string, range?: { start: number; end: number }): Promise<Readable>;
  /** The job's waveform peaks (JSON) for GET /jobs/{id}/waveform; null when there are none (yet). */
  openWaveform(jobId: string): Promise<{ body: Readable; sizeBytes: number } | null>;
  /** Opens a stored result for download; null when it is gone. */
  openDownload(reference: string, downloadName: string): Promise<Download | null>;
  /** Removes a stored file; false when there was nothing to remove. */
  remove(reference: string | null): Promise<boolean>;
  /** Resolves when the storage can be reached (for /health); rejects with the reason. */
  checkReachable(): Promise<void>;
  /** Lets go of connections (shutdown). */
  close(): Promise<void>;
}
