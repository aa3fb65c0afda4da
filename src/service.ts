/**
 * Assembles the service from a config and a job runner: data folders, job store, queue and the
 * Koa app. It does not listen (src/main.ts is the only place that does). main.ts passes the
 * piscina worker pool; tests pass a fake runner.
 */
import fs from "node:fs";
import type Koa from "koa";
import { createApp } from "./api/createApp.ts";
import { dataPathsOf, type ServiceConfig } from "./config.ts";
import { JobQueue, type Logger } from "./jobs/jobQueue.ts";
import type { JobRunner } from "./jobs/jobRunner.ts";
import { JobStore } from "./jobs/jobStore.ts";
import { startRetentionSweep } from "./jobs/retentionSweep.ts";

export interface Service {
  app: Koa;
  store: JobStore;
  queue: JobQueue;
  /** Stops the queue and the runner (interrupting a running job, which a restart re-queues), closes the database. */
  shutdown(): Promise<void>;
}

export function createService(config: ServiceConfig, runner: JobRunner, log: Logger): Service {
  const paths = dataPathsOf(config.dataDir);
  for (const dir of [paths.dataDir, paths.uploadsDir, paths.resultsDir]) fs.mkdirSync(dir, { recursive: true });
  const store = new JobStore(paths.dbPath);
  if (store.removedStaleLock) log(`removed a stale database lock left by an earlier run: ${paths.dbPath}.lock`);
  const queue = new JobQueue(store, runner, paths.resultsDir, log, config.maxAudioMinutes * 60, config.workers);
  queue.start();
  const stopRetention = config.retentionHours > 0
    ? startRetentionSweep({ store, retentionHours: config.retentionHours, log })
    : () => {};
  const app = createApp({
    store,
    queue,
    uploadsDir: paths.uploadsDir,
    resultsDir: paths.resultsDir,
    uploadLimitBytes: config.uploadLimitBytes,
    corsOrigins: config.corsOrigins,
    log,
  });
  const shutdown = async (): Promise<void> => {
    stopRetention();
    const loopStopped = queue.stop();
    await runner.close();
    await loopStopped;
    store.close();
  };
  return { app, store, queue, shutdown };
}
