import type { PgQueryable } from "./pgJobRow.ts";

/** The one channel every node LISTENs on for job changes. */
export const PG_JOB_CHANNEL = "quran_splitter_jobs";

/** What a NOTIFY on the channel carries (JSON): which store wrote, and which job changed how (or how far it has come). */
export type PgJobNotice =
  | { origin: string; kind: "changed" | "deleted" | "cancel"; jobId: string }
  | { origin: string; kind: "progress"; jobId: string; stage: string; progress: number };

export async function notifyPgJobChange(db: PgQueryable, notice: PgJobNotice): Promise<void> {
  await db.query("SELECT pg_notify($1, $2)", [PG_JOB_CHANNEL, JSON.stringify(notice)]);
}

/** A notice read back; null for anything else on the channel. */
export function parsePgJobNotice(payload: string | undefined): PgJobNotice | null {
  try {
    const notice = JSON.parse(payload ?? "") as Partial<Record<keyof PgJobNotice | "stage" | "progress", unknown>>;
    if (typeof notice.origin !== "string" || typeof notice.jobId !== "string") return null;
    if (notice.kind === "changed" || notice.kind === "deleted" || notice.kind === "cancel") {
      return { origin: notice.origin, kind: notice.kind, jobId: notice.jobId };
    }
    if (notice.kind !== "progress" || typeof notice.stage !== "string" || typeof notice.progress !== "number") return null;
    return { origin: notice.origin, kind: "progress", jobId: notice.jobId, stage: notice.stage, progress: notice.progress };
  } catch {
    return null;
  }
}
