/**
 * The PostgreSQL schema's migrations in order, apart from SQLite's (src/sql/migrations/): the
 * dialects differ. Only ever added, never edited or renumbered.
 */
import type { Migration } from "../../migrations/index.ts";
import { pgMigration001Jobs } from "./001_jobs.ts";
import { pgMigration002JobOptions } from "./002_job_options.ts";
import { pgMigration003JobClaims } from "./003_job_claims.ts";

export const pgMigrations: readonly Migration[] = [pgMigration001Jobs, pgMigration002JobOptions, pgMigration003JobClaims];
