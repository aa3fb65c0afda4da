import type { Pool } from "pg";
import { pgMigrations } from "./migrations/index.ts";

/** Any fixed number: every node that starts takes this advisory lock, so only one migrates at a time. */
const MIGRATION_LOCK_KEY = 7_211_402;

/**
 * Applies every migration newer than the database's recorded one, all in one transaction under
 * an advisory lock: API and worker nodes starting together neither race nor apply one twice.
 */
export async function runPgMigrations(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS migrations (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const { rows } = await client.query<{ last_id: number | null }>("SELECT MAX(id) AS last_id FROM migrations");
    const lastId = rows[0]?.last_id ?? 0;
    const applied: number[] = [];
    for (const migration of pgMigrations.filter((candidate) => candidate.id > lastId)) {
      await client.query(migration.sql);
      await client.query("INSERT INTO migrations (id, name, applied_at) VALUES ($1, $2, $3)", [
        migration.id, migration.name, new Date().toISOString(),
      ]);
      applied.push(migration.id);
    }
    await client.query("COMMIT");
    return applied;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
