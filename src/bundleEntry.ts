/**
 * Entry of the single-file bundle dist/quran-splitter.cjs. The same file plays two roles:
 * - main thread: the command line (src/cli/cliMain.ts: `split`, and `serve`, the default, which runs
 *   the HTTP service of src/main.ts), with the piscina pool pointed at this file;
 * - piscina worker thread: piscina's own worker bootstrap (esbuild.config.mjs makes piscina start
 *   its worker from this bundle's JavaScript instead of piscina/dist/worker.js, see
 *   src/bundle/workerSource.ts), whose task handler is this module's default export.
 * Each role loads its code through a dynamic import, which esbuild keeps lazy, so the main thread
 * never evaluates the audio/model code and the worker never evaluates Koa, SQLite or the CLI.
 */
import { isMainThread, workerData } from "node:worker_threads";
import type { ProcessReply, ProcessTask } from "./pipeline/taskTypes.ts";

const WORKER_ROLE = "quran-splitter-piscina-worker";

function isPiscinaWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE;
}

/** The piscina task handler (piscina requires this file and calls its default export). */
export default async function processTaskInBundle(task: ProcessTask): Promise<ProcessReply> {
  const { default: processTask } = await import("../workers/processTask.ts");
  return processTask(task);
}

if (isMainThread) {
  import("./cli/cliMain.ts")
    .then(({ runCli }) => runCli(process.argv, { workerFilename: __filename, workerData: { role: WORKER_ROLE, bundlePath: __filename } }))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
} else if (isPiscinaWorker()) {
  // Resolved by esbuild.config.mjs to piscina's dist/worker.js.
  void import("piscina-worker-bootstrap");
  // Loaded now rather than on the first task: evaluating it starts the worker's warm-up (ffmpeg, model).
  void import("../workers/processTask.ts");
}
