/**
 * Assembles the service from a config and a job runner: data folder (checked, locked, swept),
 * job store, queue and the Koa app. It does not listen (src/main.ts is the only place that
 * does). main.ts passes the piscina worker pool; tests pass a fake runner.
 */
import type http from "node:http";
import type Koa from "koa";
import { createApp } from "./api/createApp.ts";
import { createRequestListener } from "./api/requestListener.ts";
import type { ServiceConfig } from "./config.ts";
import { openDataDir, type DataPaths } from "./dataFolder/dataDir.ts";
import { JobQueue, type Logger } from "./jobs/jobQueue.ts";
import type { JobRunner } from "./jobs/jobRunner.ts";
import type { JobStore } from "./jobs/jobStore.ts";
import { openJobStore } from "./jobs/openJobStore.ts";
import type { FileStorage } from "./storage/fileStorage.ts";
import { openFileStorage } from "./storage/openFileStorage.ts";
import { startRetentionSweep } from "./jobs/retentionSweep.ts";

export interface Service {
  app: Koa;
  /** What the HTTP server runs: `app` behind the status fast path (src/api/statusFastPath.ts). */
  requestListener: http.RequestListener;
  store: JobStore;
  storage: FileStorage;
  queue: JobQueue;
  paths: DataPaths;
  /** Stops the queue and the runner (interrupting a running job, which a restart re-queues), closes the database, frees the data folder. */
  shutdown(): Promise<void>;
}

/** Throws DataDirError (missing, read-only or owned data folder) before the database is touched. */
export async function createService(config: ServiceConfig, runner: JobRunner, log: Logger): Promise<Service> {
  const { paths, lock, sweptEntries } = openDataDir(config.dataDir, { createIfMissing: config.createDataDir });
  let store: JobStore;
  try {
    store = await openJobStore(config, paths, log);
  } catch (error) {
    lock.release();
    throw error;
  }
  if (sweptEntries > 0) log(`removed ${sweptEntries} temporary file(s) left by an earlier run in ${paths.tempDir}`);
  if (lock.replacedStalePid !== null) log(`took over the data folder lock of a server that is no longer running (pid ${lock.replacedStalePid})`);
  const storage = openFileStorage(config, paths);
  // An API node (ROLE=api) runs no job loops: worker nodes claim what it queues.
  const loops = config.role === "api" ? 0 : config.workers;
  const queue = new JobQueue(store, runner, storage, paths, log, config.maxAudioMinutes * 60, loops);
  await queue.start();
  const stopRetention = config.retentionHours > 0
    ? startRetentionSweep({ store, storage, retentionHours: config.retentionHours, log })
    : () => {};
  const app = createApp({
    store,
    queue,
    storage,
    uploadsDir: paths.uploadsDir,
    resultsDir: paths.resultsDir,
    incomingUploadsDir: paths.incomingUploadsDir,
    uploadLimitBytes: config.uploadLimitBytes,
    corsOrigins: config.corsOrigins,
    apiKeys: config.apiKeys,
    submitRateLimitPerMinute: config.submitRateLimitPerMinute,
    role: config.role ?? "all",
    log,
  });
  const shutdown = async (): Promise<void> => {
    try {
      stopRetention();
      const loopStopped = queue.stop();
      await runner.close();
      await loopStopped;
      await store.close();
      await storage.close();
    } finally {
      lock.release();
    }
  };
  const requestListener = createRequestListener(app, { store, queue, apiKeys: config.apiKeys });
  return { app, requestListener, store, storage, queue, paths, shutdown };
}
