/**
 * What the zip holds besides the spec's files (form fields `naming`, `exports`): JSON of
 * ResultOutput ({naming, exports}); '{}' (the default for older rows) means the spec's zip.
 */
export const migration005JobOutput = {
  id: 5,
  name: "005_job_output",
  sql: `ALTER TABLE jobs ADD COLUMN output_json TEXT NOT NULL DEFAULT '{}';`,
} as const;
