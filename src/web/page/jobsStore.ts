/**
 * The live job list: filled by the server-sent events of GET /events (a `snapshot` on every
 * (re)connect, then `job` and `deleted`), newest first. No polling: EventSource reconnects by
 * itself (the server says retry after 1 s) and the next snapshot replaces the list.
 */
import { urls, type JobStatus } from "./apiClient.ts";

export type JobsListener = (changedId: string | null) => void;

export class JobsStore {
  private readonly jobs = new Map<string, JobStatus>();
  private readonly listeners = new Set<JobsListener>();
  private readonly connectionListeners = new Set<(live: boolean) => void>();
  total = 0;
  private source: EventSource | null = null;

  /** Newest first (created_at, then the id for a stable order within one second). */
  list(): JobStatus[] {
    return [...this.jobs.values()].sort((a, b) => (a.created_at === b.created_at ? b.job_id.localeCompare(a.job_id) : a.created_at < b.created_at ? 1 : -1));
  }

  get(id: string): JobStatus | undefined {
    return this.jobs.get(id);
  }

  subscribe(listener: JobsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: (live: boolean) => void): void {
    this.connectionListeners.add(listener);
  }

  /** A job the page learnt of itself (its upload's answer) before its event arrived. */
  upsert(job: JobStatus): void {
    if (!this.jobs.has(job.job_id)) this.total += 1;
    this.jobs.set(job.job_id, job);
    this.emit(job.job_id);
  }

  remove(id: string): void {
    if (this.jobs.delete(id)) this.total = Math.max(0, this.total - 1);
    this.emit(id);
  }

  connect(): void {
    this.source?.close();
    const source = new EventSource(urls.events());
    this.source = source;
    source.addEventListener("open", () => this.connectionChanged(true));
    source.addEventListener("error", () => this.connectionChanged(false));
    source.addEventListener("snapshot", (event) => {
      const snapshot = JSON.parse((event as MessageEvent<string>).data) as { total: number; jobs: JobStatus[] };
      this.jobs.clear();
      for (const job of snapshot.jobs) this.jobs.set(job.job_id, job);
      this.total = snapshot.total;
      this.connectionChanged(true);
      this.emit(null);
    });
    source.addEventListener("job", (event) => this.upsert(JSON.parse((event as MessageEvent<string>).data) as JobStatus));
    source.addEventListener("deleted", (event) => this.remove((JSON.parse((event as MessageEvent<string>).data) as { job_id: string }).job_id));
  }

  private connectionChanged(live: boolean): void {
    for (const listener of this.connectionListeners) listener(live);
  }

  private emit(changedId: string | null): void {
    for (const listener of this.listeners) listener(changedId);
  }
}

export function isFinished(job: JobStatus): boolean {
  return job.status === "completed" || job.status === "failed" || job.status === "cancelled";
}
