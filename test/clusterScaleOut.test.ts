// The scale-out cluster on one machine: 2 API nodes + 3 worker nodes (separate processes) on one
// PostgreSQL database and one S3 bucket. 30 jobs submitted round-robin to both API nodes each
// complete exactly once; a worker killed with SIGKILL mid-job has that job finished by another
// worker; status and the SSE stream of either API node see every job. Skips with a note when
// PostgreSQL is absent (not in CI).
import path from "node:path";
import pg from "pg";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { startClusterNode, stopClusterNodes, type ClusterNode } from "./support/clusterNodes.ts";
import { openTestPostgres } from "./support/postgresDatabases.ts";
import { startS3Server } from "./support/s3Server.ts";
import { REPO_ROOT } from "./support/serviceProcess.ts";
import { openSse, type SseStream } from "./support/sseClient.ts";
import { audioForm, FAKE_MP3, postForm, waitForStatus } from "./support/testServer.ts";

const postgres = await openTestPostgres("clusterScaleOut");
const JOBS = 30;

async function pidHoldingAJob(db: pg.Client, timeoutMs: number): Promise<{ jobId: string; pid: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ id: string; claimed_by: string }>("SELECT id, claimed_by FROM jobs WHERE status = 'processing' AND claimed_by IS NOT NULL LIMIT 1");
    // claimed_by is host:pid:random (src/jobs/postgres/postgresJobStore.ts).
    if (rows[0]) return { jobId: rows[0].id, pid: Number(rows[0].claimed_by.split(":")[1]) };
    if (Date.now() > deadline) throw new Error("no job was processing");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The job ids an /events stream has seen completed. */
function completedIn(stream: SseStream): Set<string> {
  const views = stream.messages.filter((message) => message.event === "job").map((message) => message.data as { job_id: string; status: string });
  return new Set(views.filter((view) => view.status === "completed").map((view) => view.job_id));
}

if (postgres) {
  test("2 API + 3 worker nodes: 30 jobs round-robin complete once; a worker killed mid-job has its job finished elsewhere; both API nodes see every job", async () => {
    const s3 = await startS3Server();
    const databaseUrl = await postgres.createDatabase();
    const settings = {
      databaseUrl, storageUrl: `s3://${s3.bucket}/cluster`, s3Endpoint: s3.endpoint,
      env: {
        QURAN_SPLITTER_TEST_RUNNER: path.join(REPO_ROOT, "test/support/fakeJobRunner.ts"), FAKE_RUNNER_DELAY_MS: "1500",
        // Short, so the killed worker's job is retried within the test; beats come every second.
        JOB_STALL_TIMEOUT_SECONDS: "3",
      },
    };
    const nodes: ClusterNode[] = [];
    const db = new pg.Client({ connectionString: databaseUrl });
    const streams: SseStream[] = [];
    try {
      // Sequential: the first start migrates; five tsx start-ups at once would crowd two cores.
      for (const role of ["api", "api", "worker", "worker", "worker"] as const) nodes.push(await startClusterNode(role, settings));
      const apis = nodes.filter((node) => node.role === "api").map((node) => node.url!);
      await db.connect();
      for (const url of apis) streams.push(await openSse(`${url}/events`));
      const health = await (await fetch(`${apis[0]}/health`)).json() as Record<string, unknown>;
      assert.equal([health.role, health.database, health.storage, health.workers, health.status],
        ["api", { kind: "postgres", reachable: true }, { kind: "s3", reachable: true }, 0, "ok"]);

      const ids: string[] = [];
      for (let index = 0; index < JOBS; index += 1) {
        const response = await postForm(`${apis[index % 2]}/transcribe/async`, audioForm(`job-${index}.mp3`, FAKE_MP3));
        ids.push((await response.json() as { job_id: string }).job_id);
      }
      const victim = await pidHoldingAJob(db, 20_000);
      const killed = nodes.find((node) => node.child.pid === victim.pid);
      assert.ok(killed, `the job's holder ${victim.pid} is one of the worker nodes`);
      killed.child.kill("SIGKILL");
      assert.is(await killed.exited, "SIGKILL");

      for (const [index, id] of ids.entries()) await waitForStatus(apis[(index + 1) % 2], id, ["completed"], 120_000);
      for (const url of apis) {
        for (const id of ids) assert.is((await (await fetch(`${url}/jobs/${id}/status`)).json() as { status: string }).status, "completed");
      }
      const { rows } = await db.query<{ id: string; attempts: number; status: string }>("SELECT id, attempts, status FROM jobs");
      assert.is(rows.length, JOBS);
      assert.ok(rows.every((row) => row.status === "completed"));
      assert.ok(rows.find((row) => row.id === victim.jobId)!.attempts >= 2, "the killed worker's job was claimed again");
      const zips = (await s3.listKeys()).filter((key) => key.startsWith("cluster/results/"));
      assert.equal(zips, ids.map((id) => `cluster/results/${id}.zip`).sort(), "one result per job");
      for (const stream of streams) {
        await stream.next(() => completedIn(stream).size === JOBS, 10_000).catch(() => {});
        assert.is(completedIn(stream).size, JOBS, "every job's completion reached this API node's /events");
      }

      // POST /jobs/{id}/cancel on an API node stops the job a worker node is running. "HOLD" makes that
      // job run 30 s instead of 1.5 s, so it cannot finish before the cancel arrives on a loaded machine.
      const running = await (await postForm(`${apis[1]}/transcribe/async`, audioForm("cancel-me.mp3", "HOLD: runs until cancelled"))).json() as { job_id: string };
      const live = await waitForStatus(apis[0], running.job_id, ["processing"], 20_000);
      assert.is(live.status, "processing");
      const cancel = await (await fetch(`${apis[0]}/jobs/${running.job_id}/cancel`, { method: "POST" })).json() as { status: string };
      assert.is(cancel.status, "cancelled");
      assert.is((await (await fetch(`${apis[1]}/jobs/${running.job_id}/status`)).json() as { status: string }).status, "cancelled");
    } finally {
      for (const stream of streams) stream.close();
      await db.end().catch(() => {});
      await stopClusterNodes(nodes);
      await s3.stop();
    }
  });

  test.after(() => postgres.stop());
  test.run();
}
