/** Aligner hints from the optional form fields, and an index for the FIFO claim by status. */
export const migration002JobHints = {
  id: 2,
  name: "002_job_hints",
  sql: `
    ALTER TABLE jobs ADD COLUMN hints_json TEXT NOT NULL DEFAULT '{}';
    CREATE INDEX jobs_status ON jobs (status);
  `,
} as const;
