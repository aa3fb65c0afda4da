/**
 * Fresh, empty databases for tests on a test PostgreSQL cluster: each store or server gets its
 * own, so no test sees another's jobs. The cluster is the one the runner started for the
 * PostgreSQL pass (TEST_POSTGRES_ADMIN_URL), or one this test process starts and stops itself.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { requirePostgresOrSkip, startPostgresCluster } from "./postgresCluster.ts";

/** Set by test/run.mjs's PostgreSQL pass: the superuser URL of its throw-away cluster. */
export const TEST_POSTGRES_ADMIN_URL = "TEST_POSTGRES_ADMIN_URL";

export interface TestPostgres {
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function createDatabaseOn(adminUrl: string): Promise<string> {
  const name = `qs_${randomUUID().replace(/-/g, "")}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return databaseUrl(adminUrl, name);
}

/** A fresh database on the runner's cluster in its PostgreSQL pass; undefined otherwise (SQLite). */
export async function createTestDatabase(): Promise<string | undefined> {
  const shared = process.env[TEST_POSTGRES_ADMIN_URL];
  return shared ? createDatabaseOn(shared) : undefined;
}

/** The runner's cluster, else a new one; null (with a printed note) when PostgreSQL is absent outside CI. */
export async function openTestPostgres(suite: string): Promise<TestPostgres | null> {
  const shared = process.env[TEST_POSTGRES_ADMIN_URL];
  if (shared) return { createDatabase: () => createDatabaseOn(shared), stop: async () => {} };
  const bin = requirePostgresOrSkip(suite);
  if (!bin) return null;
  const cluster = await startPostgresCluster(bin);
  return { createDatabase: () => createDatabaseOn(cluster.adminUrl), stop: async () => cluster.stop() };
}
