import { asDbJobResultTexts, type DbJobResultTexts, type SqlDatabase } from "./dbJob.ts";

/**
 * metadata.json, the transcription and a pending re-cut's metadata of the given jobs, in one statement (a list of jobs costs
 * one SQLite access, not one per job). Jobs that are gone are absent from the map.
 */
export function selectJobResultTexts(db: SqlDatabase, ids: readonly string[]): Map<string, DbJobResultTexts> {
  const texts = new Map<string, DbJobResultTexts>();
  if (ids.length === 0) return texts;
  const placeholders = ids.map(() => "?").join(", ");
  const rows = db.all(`SELECT id, metadata_json, transcription_text, recut_metadata_json FROM jobs WHERE id IN (${placeholders})`, [...ids]);
  for (const row of rows) texts.set((row as { id: string }).id, asDbJobResultTexts(row));
  return texts;
}
