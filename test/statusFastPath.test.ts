/**
 * The status fast path (src/api/statusFastPath.ts) answers GET /jobs/{id}/status exactly as Koa
 * would, and hands every other request (unknown job, CORS, query string, keys) to Koa.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { statusFastPath } from "../src/api/statusFastPath.ts";
import { createFakeJobRunner } from "./support/fakeJobRunner.ts";
import { audioForm, FAKE_MP3, postForm, startTestServer, waitForStatus, type TestServer } from "./support/testServer.ts";

/** A server with the fast path in front of the service's Koa app, counting what reaches Koa. */
async function withCountingServer(server: TestServer, apiKeys: string[], body: (url: string, koaCalls: () => number) => Promise<void>): Promise<void> {
  const koa = server.service.app.callback();
  let calls = 0;
  const fallback: http.RequestListener = (req, res) => { calls++; void koa(req, res); };
  const fastPath = statusFastPath({ store: server.service.store, queue: server.service.queue, apiKeys });
  const counting = http.createServer((req, res) => { if (!fastPath(req, res, fallback)) fallback(req, res); });
  await new Promise<void>((resolve) => counting.listen(0, "127.0.0.1", resolve));
  try {
    await body(`http://127.0.0.1:${(counting.address() as AddressInfo).port}`, () => calls);
  } finally {
    counting.closeAllConnections();
    await new Promise((resolve) => counting.close(resolve));
  }
}

/** Status, body and headers, less those that differ by the moment (Date) or the connection. */
async function answer(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  const kept = [...response.headers.entries()].filter(([name]) => !["date", "connection", "keep-alive"].includes(name));
  return { status: response.status, body: await response.text(), headers: Object.fromEntries(kept.sort()) };
}

async function submitted(server: TestServer): Promise<string> {
  const { job_id } = await (await postForm(`${server.url}/transcribe/async`, audioForm("recitation.mp3", FAKE_MP3))).json() as { job_id: string };
  return job_id;
}

test("a plain status request is answered without Koa, with the status, headers and body Koa gives, at each stage", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(400) });
  try {
    await withCountingServer(server, [], async (url, koaCalls) => {
      const first = await submitted(server);
      const second = await submitted(server); // queued behind the first: has a queue position
      await waitForStatus(server.url, first, ["processing"]);
      for (const [k, id] of [first, second].entries()) {
        const viaFastPath = await answer(`${url}/jobs/${id}/status`);
        assert.is(koaCalls(), k, "answered by the fast path");
        const viaKoa = await answer(`${url}/jobs/${id}/status?via=koa`);
        assert.is(koaCalls(), k + 1);
        assert.equal(viaFastPath, viaKoa);
        assert.is(viaFastPath.status, 200);
        await waitForStatus(server.url, first, ["completed"]);
      }
    });
  } finally {
    await server.close();
  }
});

test("an unknown job, an Origin, a query string or another method go to Koa", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(0) });
  try {
    const id = await submitted(server);
    await waitForStatus(server.url, id, ["completed"]);
    await withCountingServer(server, [], async (url, koaCalls) => {
      const unknown = await answer(`${url}/jobs/00000000-0000-0000-0000-000000000000/status`);
      assert.is(unknown.status, 404);
      assert.equal(JSON.parse(unknown.body), { detail: "Job not found" });
      assert.is(koaCalls(), 1);
      const fromPage = await answer(`${url}/jobs/${id}/status`, { Origin: "http://localhost:5173" });
      assert.is(fromPage.headers["access-control-allow-origin"], "*");
      assert.is(koaCalls(), 2);
      assert.is((await fetch(`${url}/jobs/${id}/status`, { method: "POST" })).status, 405);
      assert.is(koaCalls(), 3);
      assert.is((await answer(`${url}/jobs/${id}%2Fx/status`)).status, 404);
      assert.is(koaCalls(), 4);
    });
  } finally {
    await server.close();
  }
});

test("with API keys: a right key is answered by the fast path, a missing or wrong one by Koa's 401", async () => {
  const server = await startTestServer({ runner: createFakeJobRunner(0), apiKeys: ["k-one", "k-two"] });
  try {
    const { job_id: id } = await (await fetch(`${server.url}/transcribe/async`, { method: "POST", body: audioForm("r.mp3", FAKE_MP3), headers: { "X-API-Key": "k-two" } })).json() as { job_id: string };
    await withCountingServer(server, ["k-one", "k-two"], async (url, koaCalls) => {
      assert.is((await answer(`${url}/jobs/${id}/status`, { Authorization: "Bearer k-one" })).status, 200);
      assert.is((await answer(`${url}/jobs/${id}/status`, { "X-API-Key": "k-two" })).status, 200);
      assert.is(koaCalls(), 0);
      const missing = await answer(`${url}/jobs/${id}/status`);
      const wrong = await answer(`${url}/jobs/${id}/status`, { Authorization: "Bearer k-three" });
      assert.equal([missing.status, wrong.status], [401, 401]);
      assert.match(JSON.parse(wrong.body).detail, /not valid/);
      assert.is(koaCalls(), 2);
    });
  } finally {
    await server.close();
  }
});

test.run();
