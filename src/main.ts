/**
 * Starts the HTTP service: the only place that listens. Configuration comes from the
 * environment (src/config.ts); the job runner is the piscina worker pool running
 * workers/processTask.ts (or the bundle itself, see src/bundleEntry.ts).
 *
 * QURAN_SPLITTER_TEST_RUNNER (tests only): path of a module exporting `createJobRunner()`, used
 * instead of the worker pool so crash-recovery tests can run a slow fake processor in a child
 * process. Never set it in production.
 */
import http from "node:http";
import { pathToFileURL } from "node:url";
import { ConfigError, loadConfig } from "./config.ts";
import type { JobRunner } from "./jobs/jobRunner.ts";
import { sourceWorkerFilename, WorkerPool, type WorkerPoolOptions } from "./pipeline/workerPool.ts";
import { createService } from "./service.ts";

/** Uploads may take long on slow links; Node's default 5-minute request timeout would cut them. */
const REQUEST_TIMEOUT_MS = 60 * 60 * 1000;

function log(message: string): void {
  console.log(`${new Date().toISOString()} ${message}`);
}

async function createRunner(workerOptions: WorkerPoolOptions): Promise<JobRunner> {
  const testRunnerModule = process.env.QURAN_SPLITTER_TEST_RUNNER;
  if (testRunnerModule) {
    log(`using the TEST job runner from ${testRunnerModule}`);
    const module = (await import(pathToFileURL(testRunnerModule).href)) as { createJobRunner(): JobRunner };
    return module.createJobRunner();
  }
  return new WorkerPool(workerOptions);
}

export async function main(workerOptions: WorkerPoolOptions = { workerFilename: sourceWorkerFilename() }): Promise<void> {
  const startedAtMs = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  const service = createService(config, await createRunner({ ...workerOptions, threads: config.workers }), log);
  const server = http.createServer(service.app.callback());
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as import("node:net").AddressInfo;
  log(`quran-splitter listening on http://${config.host}:${port} (data in ${config.dataDir}, ${config.workers} worker(s)`
    + `${config.retentionHours > 0 ? `, finished jobs kept ${config.retentionHours} h` : ""}, started in ${Math.round(performance.now() - startedAtMs)} ms)`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    server.close();
    server.closeAllConnections();
    service.shutdown().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

// Run when executed directly (tsx src/main.ts); the bundle calls main() itself.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
