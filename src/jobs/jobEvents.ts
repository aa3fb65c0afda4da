/**
 * Job change notifications for the live views (GET /events, GET /jobs/{id}/events). The queue
 * emits one whenever a job's row or live progress changes; listeners read the current state from
 * the store themselves, so an event carries only which job changed and how.
 */
import { EventEmitter } from "node:events";

export type JobEvent =
  | { kind: "changed"; jobId: string }
  | { kind: "deleted"; jobId: string };

export type JobEventListener = (event: JobEvent) => void;

export class JobEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open SSE stream: many browser tabs are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  changed(jobId: string): void {
    this.emitter.emit("job", { kind: "changed", jobId } satisfies JobEvent);
  }

  deleted(jobId: string): void {
    this.emitter.emit("job", { kind: "deleted", jobId } satisfies JobEvent);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: JobEventListener): () => void {
    this.emitter.on("job", listener);
    return () => this.emitter.off("job", listener);
  }
}
