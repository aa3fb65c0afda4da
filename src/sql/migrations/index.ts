/**
 * All migrations in order. Migrations are only ever added (never edited or renumbered):
 * a database created by an older release is brought forward by running the missing ones.
 */
import { migration001Jobs } from "./001_jobs.ts";
import { migration002JobHints } from "./002_job_hints.ts";
import { migration003JobPriority } from "./003_job_priority.ts";
import { migration004JobRecut } from "./004_job_recut.ts";
import { migration005JobOutput } from "./005_job_output.ts";

export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [migration001Jobs, migration002JobHints, migration003JobPriority, migration004JobRecut, migration005JobOutput];
