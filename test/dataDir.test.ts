// The data folder at start-up: it must exist (unless it is the default) and be writable, one
// server owns it through owner.lock (a dead owner's lock is taken over), and the temporary files
// of an earlier run are swept before anything else runs.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDataDir } from "../src/dataFolder/dataDir.ts";
import { DataDirError } from "../src/dataFolder/dataDirError.ts";
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from "../src/dataFolder/dataDirLock.ts";
import { mountTmpfs } from "./support/scratchMount.ts";

function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "qs-datadir-"));
}

function writeLock(dir: string, pid: number): void {
  fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid, hostname: os.hostname(), startedAt: "x" }));
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

test("the lock file holds this pid; release removes it; a live owner's lock refuses with folder and pid", async () => {
  const dir = scratchDir();
  const sleeper = spawn("sleep", ["30"]);
  try {
    const lock = acquireDataDirLock(dir);
    assert.is(lock.replacedStalePid, null);
    assert.is(JSON.parse(fs.readFileSync(lock.lockPath, "utf8")).pid, process.pid);
    lock.release();
    assert.not.ok(fs.existsSync(lock.lockPath));
    writeLock(dir, sleeper.pid!);
    try {
      acquireDataDirLock(dir);
      assert.unreachable("a live owner must keep the folder");
    } catch (error) {
      assert.instance(error, DataDirLockedError);
      assert.instance(error, DataDirError);
      assert.match((error as Error).message, new RegExp(`data folder ${dir} is in use by another quran-splitter server \\(pid ${sleeper.pid}`));
    }
    assert.is(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), "utf8")).pid, sleeper.pid, "the owner's lock is untouched");
  } finally {
    sleeper.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a stale lock (dead pid, this very pid, or unreadable) is taken over", () => {
  const dir = scratchDir();
  try {
    const pid = deadPid();
    writeLock(dir, pid);
    const lock = acquireDataDirLock(dir);
    assert.is(lock.replacedStalePid, pid);
    lock.release();
    writeLock(dir, process.pid); // a container restarted with the same pid
    acquireDataDirLock(dir).release();
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), "{half-writ");
    const fromGarbage = acquireDataDirLock(dir);
    assert.is(fromGarbage.replacedStalePid, 0);
    fromGarbage.release();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an explicit DATA_DIR that does not exist stops the start naming it; the default one is created", () => {
  const parent = scratchDir();
  try {
    const missing = path.join(parent, "not-mounted");
    assert.throws(() => openDataDir(missing, { createIfMissing: false }), (error: Error) =>
      error instanceof DataDirError && error.message === `The data folder ${missing} (DATA_DIR) does not exist. Create it, or check that its disk is mounted.`);
    assert.not.ok(fs.existsSync(missing), "nothing is created in its place");
    const opened = openDataDir(missing, { createIfMissing: true });
    assert.ok(fs.statSync(opened.paths.uploadsDir).isDirectory());
    opened.lock.release();
    const file = path.join(parent, "a-file");
    fs.writeFileSync(file, "");
    assert.throws(() => openDataDir(file, { createIfMissing: false }), /The data folder .*a-file \(DATA_DIR\) is not a folder/);
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
});

test("a read-only data folder stops the start naming it", () => {
  const mount = mountTmpfs({ sizeBytes: 1 << 20, readOnly: true });
  if (!mount) {
    console.log("  note: cannot mount a read-only tmpfs here (needs root with CAP_SYS_ADMIN); read-only check not exercised");
    return;
  }
  try {
    assert.throws(() => openDataDir(mount.dir, { createIfMissing: false }), (error: Error) =>
      error instanceof DataDirError && error.message.startsWith(`The data folder ${mount.dir} (DATA_DIR) is not writable (EROFS)`));
  } finally {
    mount.unmount();
  }
});

test("start-up sweep: tmp/ of an earlier run and stray *.partial zips go; results and uploads stay", () => {
  const dir = scratchDir();
  try {
    fs.mkdirSync(path.join(dir, "tmp/job-1/cut-x"), { recursive: true });
    fs.writeFileSync(path.join(dir, "tmp/job-1/decode.f32le"), "pcm");
    fs.mkdirSync(path.join(dir, "tmp/uploads"), { recursive: true });
    fs.writeFileSync(path.join(dir, "tmp/uploads/half.mp3"), "half");
    fs.mkdirSync(path.join(dir, "results"));
    fs.writeFileSync(path.join(dir, "results/a.zip"), "zip");
    fs.writeFileSync(path.join(dir, "results/b.zip.partial.0a1b.partial"), "");
    fs.mkdirSync(path.join(dir, "uploads"));
    fs.writeFileSync(path.join(dir, "uploads/u.mp3"), "u");
    const opened = openDataDir(dir, { createIfMissing: false });
    try {
      assert.is(opened.sweptEntries, 3);
      assert.equal(fs.readdirSync(opened.paths.tempDir), ["uploads"]);
      assert.equal(fs.readdirSync(opened.paths.incomingUploadsDir), []);
      assert.equal(fs.readdirSync(opened.paths.resultsDir), ["a.zip"]);
      assert.equal(fs.readdirSync(opened.paths.uploadsDir), ["u.mp3"]);
    } finally {
      opened.lock.release();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
