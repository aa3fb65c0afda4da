/**
 * Server-sent events (better-sse): GET /events (every job) and GET /jobs/{id}/events (one job).
 * A stream opens with the current state (a reconnecting client is never left with a stale view):
 * `snapshot` {total, jobs: [status views]} on /events, `job` {status view} on a job's stream. Then
 * `job` on every change of status, stage or progress, and `deleted` {job_id} when a job is removed.
 *
 * One subscription to the queue's job events builds each view once and broadcasts it on one
 * channel; each session's state says which job it follows (null: all).
 */
import Router from "@koa/router";
import type { Context } from "koa";
import { createChannel, createSession, type Channel, type Session } from "better-sse";
import type { JobEvent } from "../jobs/jobEvents.ts";
import type { AppDeps } from "./appDeps.ts";
import { jobNotFound } from "./httpError.ts";
import { jobStatusView } from "./jobViews.ts";

interface StreamState {
  /** The job this stream follows; null for GET /events. */
  jobId: string | null;
}

/** Keeps proxies and browsers from closing an idle stream; EventSource reconnects after `retry`. */
const KEEP_ALIVE_MS = 15_000;
const RETRY_MS = 1_000;
const SNAPSHOT_LIMIT = 100;

type StreamChannel = Channel<Record<string, unknown>, StreamState>;

function broadcastJobEvents(deps: AppDeps, channel: StreamChannel): void {
  // Progress arrives many times a second; a view identical to the last one sent is not resent.
  const lastSent = new Map<string, string>();
  const send = async (event: JobEvent): Promise<void> => {
    const job = event.kind === "changed" ? await deps.store.getSummary(event.jobId) : null;
    if (!job) {
      lastSent.delete(event.jobId);
      channel.broadcast({ job_id: event.jobId }, "deleted");
      return;
    }
    const view = jobStatusView(job, deps.queue.progressOf(job.id), await deps.store.queuePosition(job.id));
    const text = JSON.stringify(view);
    if (lastSent.get(job.id) === text) return;
    if (view.status === "processing" || view.status === "queued") lastSent.set(job.id, text);
    else lastSent.delete(job.id);
    channel.broadcast(view, "job", { filter: (session) => session.state.jobId === null || session.state.jobId === job.id });
  };
  deps.queue.jobEvents.subscribe((event: JobEvent) => {
    send(event).catch((error: unknown) => deps.log(`live view of job ${event.jobId} not sent: ${error instanceof Error ? error.message : String(error)}`));
  });
}

async function openStream(ctx: Context, channel: StreamChannel, jobId: string | null): Promise<Session<StreamState>> {
  // The response is better-sse's from here on; Koa must not end it (nor answer its default 404).
  ctx.respond = false;
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  const session = await createSession<StreamState>(ctx.req, ctx.res, { statusCode: 200, keepAlive: KEEP_ALIVE_MS, retry: RETRY_MS, state: { jobId } });
  channel.register(session);
  return session;
}

export function jobEventRoutes(deps: AppDeps): Router {
  const router = new Router();
  const channel: StreamChannel = createChannel();
  broadcastJobEvents(deps, channel);

  router.get("/events", async (ctx) => {
    const session = await openStream(ctx, channel, null);
    // Read after registering: a change meanwhile is also broadcast, so the view never stays stale.
    // Places before the list, as GET /jobs reads them (src/api/jobRoutes.ts), so a queued job has its place.
    const positions = await deps.store.queuePositions();
    const [recent, total] = await Promise.all([deps.store.listRecent(SNAPSHOT_LIMIT), deps.store.count()]);
    const jobs = recent.map((job) => jobStatusView(job, deps.queue.progressOf(job.id), positions.get(job.id) ?? null));
    session.push({ total, jobs }, "snapshot");
  });

  router.get("/jobs/:id/events", async (ctx) => {
    const job = await deps.store.getSummary(ctx.params.id);
    if (!job) throw jobNotFound();
    const session = await openStream(ctx, channel, job.id);
    const current = await deps.store.getSummary(job.id);
    if (current) session.push(jobStatusView(current, deps.queue.progressOf(job.id), await deps.store.queuePosition(job.id)), "job");
    else session.push({ job_id: job.id }, "deleted");
  });

  return router;
}
