/**
 * Opening the data folder at start-up, in the order that keeps a second server or a bad mount
 * from doing harm: the folder must exist (or be the default ./data, which is created) and be
 * writable, then its owner lock is taken, and only then are the sub-folders made and the
 * temporary files of an earlier run swept. The database is opened after all of this.
 */
import fs from "node:fs";
import path from "node:path";
import { DataDirError } from "./dataDirError.ts";
import { acquireDataDirLock, type DataDirLock } from "./dataDirLock.ts";

/** Paths of the runtime data, all under `dataDir`. */
export interface DataPaths {
  dataDir: string;
  dbPath: string;
  uploadsDir: string;
  resultsDir: string;
  /** Every temporary file lives here (per job: tmp/<job_id>/; uploads in flight: tmp/uploads/). */
  tempDir: string;
  /** Uploads being received, moved to uploadsDir once complete. */
  incomingUploadsDir: string;
}

export function dataPathsOf(dataDir: string): DataPaths {
  const tempDir = path.join(dataDir, "tmp");
  return {
    dataDir,
    dbPath: path.join(dataDir, "jobs.db"),
    uploadsDir: path.join(dataDir, "uploads"),
    resultsDir: path.join(dataDir, "results"),
    tempDir,
    incomingUploadsDir: path.join(tempDir, "uploads"),
  };
}

/** The temporary folder of one job: decoded PCM, cut ayahs and the zip being written. */
export function jobTempDirOf(paths: DataPaths, jobId: string): string {
  return path.join(paths.tempDir, jobId);
}

export interface OpenedDataDir {
  paths: DataPaths;
  lock: DataDirLock;
  /** Entries removed from tmp/ and leftover `*.partial` files from results/. */
  sweptEntries: number;
}

function checkUsable(dataDir: string, createIfMissing: boolean): void {
  if (!fs.existsSync(dataDir)) {
    if (!createIfMissing) {
      throw new DataDirError(`The data folder ${dataDir} (DATA_DIR) does not exist. Create it, or check that its disk is mounted.`);
    }
    fs.mkdirSync(dataDir, { recursive: true });
  }
  if (!fs.statSync(dataDir).isDirectory()) throw new DataDirError(`The data folder ${dataDir} (DATA_DIR) is not a folder.`);
  // access(W_OK) says yes to root on a read-only mount's chmod bits but not on EROFS; a real write answers both.
  const probePath = path.join(dataDir, `.write-check-${process.pid}`);
  try {
    fs.writeFileSync(probePath, "");
    fs.rmSync(probePath, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new DataDirError(`The data folder ${dataDir} (DATA_DIR) is not writable (${code}). The server keeps its jobs and results there.`);
  }
}

/** Removes tmp/ whole and the `*.partial` zips older versions wrote into results/. */
function sweepTemporaryFiles(paths: DataPaths): number {
  let swept = 0;
  if (fs.existsSync(paths.tempDir)) {
    swept += fs.readdirSync(paths.tempDir).length;
    fs.rmSync(paths.tempDir, { recursive: true, force: true });
  }
  for (const name of fs.existsSync(paths.resultsDir) ? fs.readdirSync(paths.resultsDir) : []) {
    if (!name.endsWith(".partial")) continue;
    fs.rmSync(path.join(paths.resultsDir, name), { force: true });
    swept += 1;
  }
  return swept;
}

export function openDataDir(dataDir: string, options: { createIfMissing: boolean }): OpenedDataDir {
  checkUsable(dataDir, options.createIfMissing);
  const lock = acquireDataDirLock(dataDir);
  try {
    const paths = dataPathsOf(dataDir);
    const sweptEntries = sweepTemporaryFiles(paths);
    for (const dir of [paths.uploadsDir, paths.resultsDir, paths.tempDir, paths.incomingUploadsDir]) fs.mkdirSync(dir, { recursive: true });
    return { paths, lock, sweptEntries };
  } catch (error) {
    lock.release();
    throw error;
  }
}
