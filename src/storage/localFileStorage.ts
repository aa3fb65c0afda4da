/**
 * Uploads and results as files under DATA_DIR (uploads/{uuid}.{ext}, results/{job_id}.zip): the
 * embedded default. References are the absolute paths, so the worker reads the upload in place
 * and writes the zip where it is kept.
 */
import fs from "node:fs";
import path from "node:path";
import multer from "@koa/multer";
import type { Download, FileStorage, LocalFile } from "./fileStorage.ts";
import { storedUploadName } from "./uploadName.ts";

export class LocalFileStorage implements FileStorage {
  readonly kind = "local";

  constructor(private readonly uploadsDir: string, private readonly resultsDir: string) {
    for (const dir of [uploadsDir, resultsDir]) fs.mkdirSync(dir, { recursive: true });
  }

  uploadEngine(): multer.StorageEngine {
    return multer.diskStorage({
      destination: this.uploadsDir,
      filename: (_req, file, callback) => callback(null, storedUploadName(file.originalname)),
    });
  }

  async fetchUpload(reference: string): Promise<LocalFile> {
    return { path: reference, release: async () => {} };
  }

  resultWritePath(jobId: string): string {
    return path.join(this.resultsDir, `${jobId}.zip`);
  }

  async storeResult(_jobId: string, localZipPath: string): Promise<string> {
    return localZipPath;
  }

  async openDownload(reference: string): Promise<Download | null> {
    const stat = fs.statSync(reference, { throwIfNoEntry: false });
    if (!stat) return null;
    return { kind: "stream", body: fs.createReadStream(reference), sizeBytes: stat.size };
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
}
