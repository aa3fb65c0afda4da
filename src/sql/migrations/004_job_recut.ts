/**
 * Boundary corrections (PUT /jobs/{id}/ayahs): the edited metadata waits here while its re-cut is
 * queued or running, so a crash mid re-cut re-queues the re-cut, not a full recognition.
 */
export const migration004JobRecut = {
  id: 4,
  name: "004_job_recut",
  sql: `
    ALTER TABLE jobs ADD COLUMN recut_metadata_json TEXT;
  `,
} as const;
