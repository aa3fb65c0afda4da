/**
 * The queue on many machines: `seq` orders FIFO claims (insertion order, as SQLite's rowid);
 * the claim index serves `FOR UPDATE SKIP LOCKED` in claim order; `claimed_by` names the store
 * (one per process) that holds a processing job, `heartbeat_at` is renewed by it while the job
 * runs (database clock, so machines' clocks need not agree) and `attempts` counts claims, so
 * stalled-job recovery can retry a job a dead worker held and fail it after JOB_MAX_ATTEMPTS.
 */
export const pgMigration003JobClaims = {
  id: 3,
  name: "003_job_claims",
  sql: `
    ALTER TABLE jobs ADD COLUMN seq BIGSERIAL;
    ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN claimed_by TEXT;
    ALTER TABLE jobs ADD COLUMN heartbeat_at TIMESTAMPTZ;
    CREATE INDEX jobs_claim_order ON jobs (status, priority DESC, seq);
    CREATE INDEX jobs_heartbeat ON jobs (heartbeat_at) WHERE status = 'processing';
  `,
} as const;
