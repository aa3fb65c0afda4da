import { migration001Jobs } from "../../migrations/001_jobs.ts";

/** The spec's schema (spec/async-api.md "Database Schema"), unchanged: its SQL reads the same in both engines. */
export const pgMigration001Jobs = { id: 1, name: "001_jobs", sql: migration001Jobs.sql } as const;
