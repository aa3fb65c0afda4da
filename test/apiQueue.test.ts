// Queue controls through the API: the `priority` form field, `queue_position` in status and list.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createFakeJobRunner } from "./support/fakeJobRunner.ts";
import { audioForm, FAKE_MP3, postForm, startTestServer, waitForStatus } from "./support/testServer.ts";

async function submit(url: string, name: string, fields: Record<string, string> = {}): Promise<string> {
  const response = await postForm(`${url}/transcribe/async`, audioForm(name, FAKE_MP3, fields));
  assert.is(response.status, 200);
  return (await response.json() as { job_id: string }).job_id;
}

test("priority: higher runs first, FIFO within a priority; status and list show priority and queue_position", async () => {
  const runner = createFakeJobRunner(300);
  const server = await startTestServer({ runner });
  try {
    const blocker = await submit(server.url, "blocker.mp3");
    await waitForStatus(server.url, blocker, ["processing"]);
    const low = await submit(server.url, "low.mp3", { priority: "-1" });
    const normal = await submit(server.url, "normal.mp3");
    const high = await submit(server.url, "high.mp3", { priority: "5" });
    const high2 = await submit(server.url, "high2.mp3", { priority: " 5 " });
    const status = await (await fetch(`${server.url}/jobs/${low}/status`)).json() as Record<string, unknown>;
    assert.is(status.priority, -1);
    assert.is(status.queue_position, 4);
    const listed = await (await fetch(`${server.url}/jobs`)).json() as { jobs: { job_id: string; priority: number; queue_position?: number }[] };
    const byId = new Map(listed.jobs.map((job) => [job.job_id, job]));
    assert.equal([high, high2, normal, low].map((id) => byId.get(id)?.queue_position), [1, 2, 3, 4]);
    assert.is(byId.get(blocker)?.queue_position, undefined, "the processing job has no queue position");
    assert.is(byId.get(high)?.priority, 5);
    for (const id of [low, normal, high, high2]) await waitForStatus(server.url, id, ["completed"], 20_000);
    assert.equal(runner.startedJobIds, [blocker, high, high2, normal, low]);
  } finally {
    await server.close();
  }
});

test("priority: a non-integer or out-of-range value is a 400 naming the field; the upload is dropped", async () => {
  const server = await startTestServer();
  try {
    for (const bad of ["high", "1.5", "1001", "-1001"]) {
      const response = await postForm(`${server.url}/transcribe/async`, audioForm("r.mp3", FAKE_MP3, { priority: bad }));
      assert.is(response.status, 400, bad);
      assert.equal(await response.json(), { detail: `priority must be an integer between -1000 and 1000, got '${bad}'` });
    }
    const sync = await postForm(`${server.url}/transcribe`, audioForm("r.mp3", FAKE_MP3, { priority: "x" }));
    assert.is(sync.status, 400);
  } finally {
    await server.close();
  }
});

test.run();
