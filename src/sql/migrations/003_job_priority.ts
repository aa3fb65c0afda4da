/**
 * Queue priority (form field `priority`, default 0): jobs are claimed by priority, highest first,
 * then in insertion order (rowid). The index serves that claim and the queue-position count
 * (SQLite ends every index entry with the rowid, so the index is already in claim order).
 */
export const migration003JobPriority = {
  id: 3,
  name: "003_job_priority",
  sql: `
    ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX jobs_claim_order ON jobs (status, priority DESC);
  `,
} as const;
