/**
 * Picks the file storage the configuration names: an S3-compatible bucket when STORAGE_URL is
 * set (shared by every node), otherwise folders under DATA_DIR.
 */
import type { ServiceConfig } from "../config.ts";
import { jobTempDirOf, type DataPaths } from "../dataFolder/dataDir.ts";
import { jobResultPaths } from "../jobs/jobFiles.ts";
import type { FileStorage } from "./fileStorage.ts";
import { LocalFileStorage } from "./localFileStorage.ts";
import { S3FileStorage } from "./s3FileStorage.ts";
import { parseS3Url } from "./s3Location.ts";

/** How long a pre-signed download URL stays valid (STORAGE_PRESIGN=1). */
export const PRESIGNED_URL_SECONDS = 15 * 60;

export function openFileStorage(config: ServiceConfig, paths: DataPaths): FileStorage {
  const location = config.storageUrl ? parseS3Url(config.storageUrl) : null;
  if (!location) return new LocalFileStorage(paths.uploadsDir, paths.resultsDir, paths.incomingUploadsDir);
  return new S3FileStorage({
    location,
    region: config.s3Region ?? "us-east-1",
    endpoint: config.s3Endpoint,
    presignSeconds: config.storagePresign ? PRESIGNED_URL_SECONDS : undefined,
    jobTempDir: (jobId) => jobTempDirOf(paths, jobId),
    localWaveformPath: (jobId) => jobResultPaths(paths.resultsDir, jobId).waveformPath,
  });
}
