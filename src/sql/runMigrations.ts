import type { SqlDatabase } from "./dbJob.ts";
import { migrations } from "./migrations/index.ts";

/** Applies every migration newer than the database's recorded one, each in its own transaction. */
export function runMigrations(db: SqlDatabase): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const row = db.get("SELECT MAX(id) AS last_id FROM migrations") as { last_id: number | null } | null;
  const lastId = row?.last_id ?? 0;
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.id <= lastId) continue;
    db.exec("BEGIN");
    try {
      db.exec(migration.sql);
      db.run("INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)", [
        migration.id, migration.name, new Date().toISOString(),
      ]);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
    applied.push(migration.id);
  }
  return applied;
}
