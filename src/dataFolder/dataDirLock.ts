/**
 * One owner per data folder. Two servers on one DATA_DIR would both re-queue and run the same
 * jobs (each sees the other's running job as "left processing by a crash"), so the first thing a
 * server does with its data folder, before the database is opened, is to create `owner.lock`
 * exclusively (O_EXCL) with its pid in it.
 *
 * A lock whose pid is no longer alive on this machine was left by a killed server and is taken
 * over. A pid that is alive but is this very process (a container restarted with the same pid 1)
 * is stale too. The check cannot see a different machine's pids: the folder must not be shared
 * over a network file system by two hosts (the README says so).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DataDirError } from "./dataDirError.ts";

export const LOCK_FILE_NAME = "owner.lock";

export class DataDirLockedError extends DataDirError {
  override name = "DataDirLockedError";
  constructor(readonly dataDir: string, readonly ownerPid: number) {
    super(
      `The data folder ${dataDir} is in use by another quran-splitter server (pid ${ownerPid}, lock file ` +
        `${path.join(dataDir, LOCK_FILE_NAME)}). Stop that server, or give this one its own DATA_DIR.`,
    );
  }
}

export interface DataDirLock {
  readonly lockPath: string;
  /** What the lock replaced: the pid of a dead owner, or null when there was none. */
  readonly replacedStalePid: number | null;
  /** Removes the lock file if it still holds this process's pid. Idempotent. */
  release(): void;
}

interface LockContent {
  pid: number;
  hostname: string;
  startedAt: string;
}

function readOwnerPid(lockPath: string): number | null {
  try {
    const content = JSON.parse(fs.readFileSync(lockPath, "utf8")) as Partial<LockContent>;
    return Number.isSafeInteger(content.pid) && (content.pid as number) > 0 ? (content.pid as number) : null;
  } catch {
    return null; // unreadable or half-written (killed between create and write): nobody owns it
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to another user; it is alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryCreate(lockPath: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    const content: LockContent = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
    fs.writeSync(fd, JSON.stringify(content));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Takes the data folder's lock or throws DataDirLockedError naming the folder and the owner's pid. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const lockPath = path.join(dataDir, LOCK_FILE_NAME);
  let replacedStalePid: number | null = null;
  // Two rounds: a stale lock is removed once, then the exclusive create decides between racers.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (tryCreate(lockPath)) return lockHandle(lockPath, replacedStalePid);
    const ownerPid = readOwnerPid(lockPath);
    if (ownerPid !== null && ownerPid !== process.pid && isAlive(ownerPid)) throw new DataDirLockedError(dataDir, ownerPid);
    replacedStalePid = ownerPid ?? 0;
    fs.rmSync(lockPath, { force: true });
  }
  const ownerPid = readOwnerPid(lockPath) ?? 0;
  throw new DataDirLockedError(dataDir, ownerPid);
}

function lockHandle(lockPath: string, replacedStalePid: number | null): DataDirLock {
  let released = false;
  return {
    lockPath,
    replacedStalePid,
    release() {
      if (released) return;
      released = true;
      if (readOwnerPid(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
    },
  };
}
