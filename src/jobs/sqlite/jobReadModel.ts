/**
 * The SQLite job store's in-memory read model: every job row except the result texts
 * (metadata.json, the transcription and a pending re-cut's metadata, which grow with the recording's length and are read
 * only by the endpoints that return them). SQLite stays the durable truth: the store writes a
 * row first and then puts the row it reads back here, so the model never holds anything SQLite
 * did not commit. Status polling is then a Map lookup instead of a SQLite access, which in
 * node-sqlite3-wasm costs a lock directory mkdir/rmdir pair every time (profiled: ~65 % of a
 * status request under load).
 */
import type { JobStatus, JobSummary } from "../job.ts";

/** A job without its result texts, plus its insertion order (SQLite rowid). */
export interface JobModelEntry extends JobSummary {
  /** rowid: orders FIFO claims and breaks ties between jobs created within one second. */
  readonly seq: number;
  /** Whether SQLite holds metadata or a transcription for it (read on demand). */
  readonly hasResultTexts: boolean;
}

export class JobReadModel {
  private readonly byId = new Map<string, JobModelEntry>();
  private readonly countByStatus = new Map<JobStatus, number>();
  /** Queued jobs' 1-based places in claim order; rebuilt on the first read after a change. */
  private positions: Map<string, number> | null = null;

  constructor(rows: Iterable<JobModelEntry> = []) {
    for (const row of rows) this.put(row);
  }

  /** Inserts or replaces the job with the given id. The model keeps it frozen: callers share it. */
  put(summary: JobModelEntry): void {
    this.remove(summary.id);
    this.positions = null;
    Object.freeze(summary.hints);
    Object.freeze(summary.output);
    this.byId.set(summary.id, Object.freeze(summary));
    this.countByStatus.set(summary.status, this.count(summary.status) + 1);
  }

  remove(id: string): void {
    const previous = this.byId.get(id);
    if (!previous) return;
    this.positions = null;
    this.byId.delete(id);
    this.countByStatus.set(previous.status, this.count(previous.status) - 1);
  }

  get(id: string): JobModelEntry | null {
    return this.byId.get(id) ?? null;
  }

  count(status?: JobStatus): number {
    return status === undefined ? this.byId.size : this.countByStatus.get(status) ?? 0;
  }

  /** Newest first by created_at, then by insertion (as the SQL it replaces ordered them). */
  listRecent(limit: number): JobModelEntry[] {
    return [...this.byId.values()]
      .sort((a, b) => (a.createdAt === b.createdAt ? b.seq - a.seq : a.createdAt < b.createdAt ? 1 : -1))
      .slice(0, limit);
  }

  /** 1-based place of a queued job in claim order (priority first, then insertion); null when not queued. */
  queuePosition(id: string): number | null {
    return this.queuePositions().get(id) ?? null;
  }

  /** Every queued job's place in claim order, by id (the map is shared: do not change it). */
  queuePositions(): Map<string, number> {
    this.positions ??= new Map(
      this.withStatus("queued").sort((a, b) => b.priority - a.priority || a.seq - b.seq).map((job, index) => [job.id, index + 1]),
    );
    return this.positions;
  }

  /** Jobs with one of the given statuses, oldest insertion first. */
  withStatus(...statuses: JobStatus[]): JobModelEntry[] {
    return [...this.byId.values()].filter((job) => statuses.includes(job.status)).sort((a, b) => a.seq - b.seq);
  }
}
