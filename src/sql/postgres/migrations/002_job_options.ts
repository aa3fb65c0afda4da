/**
 * What SQLite gained in its migrations 002-005, in one step (PostgreSQL support began after
 * them): aligner hints, queue priority, a pending re-cut's metadata and the zip's naming/exports.
 */
export const pgMigration002JobOptions = {
  id: 2,
  name: "002_job_options",
  sql: `
    ALTER TABLE jobs ADD COLUMN hints_json TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN recut_metadata_json TEXT;
    ALTER TABLE jobs ADD COLUMN output_json TEXT NOT NULL DEFAULT '{}';
  `,
} as const;
