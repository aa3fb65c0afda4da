/**
 * For the crash matrix (QURAN_SPLITTER_TEST_RUNNER): the REAL worker pool, which kills its own
 * process with SIGKILL at a chosen moment, so the kill lands at an exact stage instead of when a
 * poller happens to look. CRASH_AT is a stage the worker reports ("decoding", "recognizing",
 * "cutting", "zipping"), "after-rename" (the zip is in results/ but the store does not know yet)
 * or unset (run normally). Just before dying it writes every path under DATA_DIR to
 * CRASH_SNAPSHOT, so the test can show what the kill left behind.
 */
import fs from "node:fs";
import path from "node:path";
import type { JobRunner, JobTask, ProgressListener } from "../../src/jobs/jobRunner.ts";
import { sourceWorkerFilename, WorkerPool } from "../../src/pipeline/workerPool.ts";

function listTree(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

function crashNow(): never {
  const snapshotPath = process.env.CRASH_SNAPSHOT;
  if (snapshotPath) fs.writeFileSync(snapshotPath, JSON.stringify(listTree(process.env.DATA_DIR!)));
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable: SIGKILL is not catchable");
}

/** The stage's scratch files exist once the worker has done a little of it: wait for them. */
function crashWhenPresent(tempDir: string, looksDone: (files: string[]) => boolean): void {
  const check = (): void => {
    const files = fs.existsSync(tempDir) ? listTree(tempDir) : [];
    if (looksDone(files)) crashNow();
    setTimeout(check, 2);
  };
  check();
}

const STAGE_FILES: Record<string, (files: string[]) => boolean> = {
  decoding: (files) => files.some((file) => file.endsWith(".f32le")),
  recognizing: () => true,
  cutting: (files) => files.some((file) => file.startsWith("cut-") && file.endsWith(".mp3")),
  // Writing the zip of a short job takes a few ms, less than a poll: kill as the stage begins.
  zipping: () => true,
};

export function createJobRunner(): JobRunner {
  const pool = new WorkerPool({ workerFilename: sourceWorkerFilename() });
  const crashAt = process.env.CRASH_AT ?? "";
  return {
    async run(task: JobTask, onProgress: ProgressListener, signal?: AbortSignal) {
      let armed = false;
      const reply = await pool.run(task, (stage, progress) => {
        onProgress(stage, progress);
        if (stage === crashAt && !armed) {
          armed = true;
          crashWhenPresent(task.tempDir, STAGE_FILES[stage] ?? (() => true));
        }
      }, signal);
      // The stage passed before its files were seen: die now rather than let the test wait forever.
      if (armed || (crashAt === "after-rename" && reply.ok)) crashNow();
      return reply;
    },
    isAlive: () => pool.isAlive(),
    restart: () => pool.restart(),
    close: () => pool.close(),
  };
}
