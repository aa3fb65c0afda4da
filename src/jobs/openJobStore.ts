/**
 * Picks the job store the configuration names: PostgreSQL when DATABASE_URL is set (many nodes
 * share it), otherwise SQLite in the data folder (one process, nothing to install).
 */
import { DEFAULT_JOB_MAX_ATTEMPTS, DEFAULT_JOB_STALL_TIMEOUT_SECONDS, type ServiceConfig } from "../config.ts";
import type { DataPaths } from "../dataFolder/dataDir.ts";
import type { JobStore } from "./jobStore.ts";
import { PostgresJobStore } from "./postgres/postgresJobStore.ts";
import { SqliteJobStore } from "./sqlite/sqliteJobStore.ts";

export async function openJobStore(config: ServiceConfig, paths: DataPaths, log: (message: string) => void): Promise<JobStore> {
  if (config.databaseUrl) {
    return PostgresJobStore.open({
      databaseUrl: config.databaseUrl,
      stallTimeoutSeconds: config.jobStallTimeoutSeconds ?? DEFAULT_JOB_STALL_TIMEOUT_SECONDS,
      maxAttempts: config.jobMaxAttempts ?? DEFAULT_JOB_MAX_ATTEMPTS,
      log,
    });
  }
  const store = new SqliteJobStore(paths.dbPath);
  if (store.removedStaleLock) log(`removed a stale database lock left by an earlier run: ${paths.dbPath}.lock`);
  return store;
}
