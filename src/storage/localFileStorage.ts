/**
 * Uploads and results as files under DATA_DIR (uploads/{uuid}.{ext}, results/{job_id}.zip): the
 * embedded default. References are the absolute paths, so the worker reads the upload in place
 * and writes the zip where it is kept. An upload arrives in tmp/uploads/ and moves to uploads/
 * only once complete and valid, so one cut short by a crash is swept with tmp/ at the next start.
 */
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type multer from "@koa/multer";
import type { Download, FileStorage, LocalFile } from "./fileStorage.ts";
import { storedUploadName } from "./uploadName.ts";
import { streamingEngine } from "./multerEngine.ts";
import { jobResultPaths } from "../jobs/jobFiles.ts";

/** A local file to stream, with its size; null when it is not there. */
export function openLocalFile(filePath: string): { body: Readable; sizeBytes: number } | null {
  const stat = fs.statSync(filePath, { throwIfNoEntry: false });
  return stat ? { body: fs.createReadStream(filePath), sizeBytes: stat.size } : null;
}

export class LocalFileStorage implements FileStorage {
  readonly kind = "local";

  constructor(private readonly uploadsDir: string, private readonly resultsDir: string, private readonly incomingUploadsDir: string) {
    for (const dir of [uploadsDir, resultsDir, incomingUploadsDir]) fs.mkdirSync(dir, { recursive: true });
  }

  /** Streams into tmp/uploads/{uuid}.{ext}; a failed write (a full disk) removes its partial file. */
  uploadEngine(): multer.StorageEngine {
    return streamingEngine(async (file) => {
      const target = path.join(this.incomingUploadsDir, storedUploadName(file.originalname));
      const out = fs.createWriteStream(target);
      try {
        await pipeline(file.stream, out);
      } catch (error) {
        fs.rmSync(target, { force: true });
        throw error;
      }
      return { path: target, size: out.bytesWritten };
    }, (reference) => this.remove(reference));
  }

  /** tmp/uploads/ → uploads/ (one file system: a rename). */
  async keepUpload(reference: string): Promise<string> {
    const kept = path.join(this.uploadsDir, path.basename(reference));
    try {
      fs.renameSync(reference, kept);
    } catch (error) {
      fs.rmSync(reference, { force: true });
      throw error;
    }
    return kept;
  }

  async fetchUpload(reference: string, _jobId: string): Promise<LocalFile> {
    return { path: reference, release: async () => {} };
  }

  resultWritePath(jobId: string): string {
    return path.join(this.resultsDir, `${jobId}.zip`);
  }

  async storeResult(_jobId: string, localZipPath: string): Promise<string> {
    return localZipPath;
  }

  async uploadSize(reference: string): Promise<number | null> {
    return fs.statSync(reference, { throwIfNoEntry: false })?.size ?? null;
  }

  async readUpload(reference: string, range?: { start: number; end: number }): Promise<Readable> {
    return fs.createReadStream(reference, range);
  }

  async openWaveform(jobId: string): Promise<{ body: Readable; sizeBytes: number } | null> {
    return openLocalFile(jobResultPaths(this.resultsDir, jobId).waveformPath);
  }

  async openDownload(reference: string): Promise<Download | null> {
    const file = openLocalFile(reference);
    return file ? { kind: "stream", ...file } : null;
  }

  async remove(reference: string | null): Promise<boolean> {
    if (!reference) return false;
    try {
      fs.rmSync(reference);
      return true;
    } catch {
      return false; // already gone (removed by hand, or never written for a failed job)
    }
  }

  async checkReachable(): Promise<void> {
    fs.accessSync(this.uploadsDir, fs.constants.W_OK);
    fs.accessSync(this.resultsDir, fs.constants.W_OK);
  }

  async close(): Promise<void> {}
}
