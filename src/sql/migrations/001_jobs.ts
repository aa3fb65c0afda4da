/** The spec's schema (spec/async-api.md "Database Schema"), unchanged. */
export const migration001Jobs = {
  id: 1,
  name: "001_jobs",
  sql: `
    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      original_filename TEXT NOT NULL,
      audio_file_path TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      started_at TEXT,
      completed_at TEXT,
      error_message TEXT,
      result_zip_path TEXT,
      metadata_json TEXT,
      transcription_text TEXT
    );
  `,
} as const;
