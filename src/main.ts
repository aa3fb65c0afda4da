/**
 * Starts the HTTP service: the only place that listens. Configuration comes from the
 * environment (src/config.ts); the job runner is the piscina worker pool running
 * workers/processTask.ts (or the bundle itself, see src/bundleEntry.ts).
 *
 * ROLE=api starts no worker pool; ROLE=worker opens no HTTP server (it claims jobs from
 * PostgreSQL until SIGTERM). The `serve` command has no --role flag: the environment variable
 * is the one switch (src/cli belongs to the CLI's own change).
 *
 * QURAN_SPLITTER_TEST_RUNNER (tests only): path of a module exporting `createJobRunner()`, used
 * instead of the worker pool so crash-recovery tests can run a slow fake processor in a child
 * process. Never set it in production.
 */
import { pathToFileURL } from "node:url";
import { createHttpServer } from "./api/httpServer.ts";
import { ConfigError, loadConfig, type ServiceConfig } from "./config.ts";
import { DataDirError } from "./dataFolder/dataDirError.ts";
import { NO_JOB_RUNNER, type JobRunner } from "./jobs/jobRunner.ts";
import { modelThreadsFor } from "./pipeline/modelThreads.ts";
import { sourceWorkerFilename, WorkerPool, type WorkerPoolOptions } from "./pipeline/workerPool.ts";
import { createService, type Service } from "./service.ts";

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

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/** Anyone who can reach a non-loopback address could use (and clear) the service without a key. */
function warnIfOpen(config: ServiceConfig): void {
  if (config.apiKeys.length > 0 || isLoopbackHost(config.host)) return;
  log(`WARNING: listening on ${config.host} without API_KEY: anyone who can reach this address can submit, read and delete jobs. Set API_KEY, or HOST=127.0.0.1.`);
}

/**
 * glibc keeps memory a thread freed in that thread's malloc arena unless large blocks are mmap'd;
 * the job worker's decode and model buffers are such blocks. Measured through the bundle
 * (README, "Memory and speed against length"): peak RSS 12 min 504 → 368 MB, 86 min ~480 → 405 MB
 * with MALLOC_MMAP_THRESHOLD_=131072. glibc reads it before any JavaScript runs, so the process
 * cannot set it for itself; `npm start` does, and a service unit or container should.
 */
function noteIfMallocUntuned(config: ServiceConfig): void {
  if (process.platform !== "linux" || config.role === "api" || process.env.MALLOC_MMAP_THRESHOLD_) return;
  log("note: MALLOC_MMAP_THRESHOLD_ is not set: a long job may peak ~100 MB higher (glibc keeps freed memory)."
    + " Start with MALLOC_MMAP_THRESHOLD_=131072 in the environment (npm start does).");
}

/** The start-up failures a person fixes (a bad option, an unusable or owned data folder): a message, exit 2. */
function exitOnStartupError(error: unknown): never {
  if (!(error instanceof ConfigError || error instanceof DataDirError)) throw error;
  console.error(`${error instanceof ConfigError ? "Configuration error" : "Data folder error"}: ${error.message}`);
  process.exit(2);
}

export async function main(workerOptions: WorkerPoolOptions = { workerFilename: sourceWorkerFilename() }): Promise<void> {
  const startedAtMs = performance.now();
  let config: ServiceConfig;
  let service: Service;
  try {
    config = loadConfig();
    const runner = config.role === "api" ? NO_JOB_RUNNER : await createRunner({ ...workerOptions, threads: config.workers, modelThreads: config.modelThreads });
    service = await createService(config, runner, log);
  } catch (error) {
    exitOnStartupError(error);
  }
  noteIfMallocUntuned(config);
  if (config.role === "worker") {
    log(`quran-splitter worker node: ${config.workers} worker(s) on ${service.store.kind} and ${service.storage.kind} storage, no HTTP server`
      + ` (started in ${Math.round(performance.now() - startedAtMs)} ms)`);
    stopOnSignals(service, () => {});
    return;
  }
  warnIfOpen(config);
  const server = createHttpServer(service.requestListener);
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as import("node:net").AddressInfo;
  const modelThreads = modelThreadsFor(config.modelThreads, config.workers);
  const workers = config.role === "api" ? "API node, no workers" : `${config.workers} worker(s), ${modelThreads} model thread(s) each`;
  log(`quran-splitter listening on http://${config.host}:${port} (data in ${config.dataDir}, ${workers}`
    + `${config.retentionHours > 0 ? `, finished jobs kept ${config.retentionHours} h` : ""}, started in ${Math.round(performance.now() - startedAtMs)} ms)`);

  stopOnSignals(service, () => {
    server.close();
    server.closeAllConnections();
  });
}

/** SIGINT/SIGTERM: stop listening (`closeServer`), shut the service down, exit. */
function stopOnSignals(service: Service, closeServer: () => void): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    closeServer();
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
