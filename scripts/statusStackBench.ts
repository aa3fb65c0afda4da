/**
 * Where the time of a status request goes (issue 9, item 3): the same 20-connection autocannon
 * load against four servers in this process, in turn, twice each after a warm-up:
 *   bare      node:http answering a constant status JSON (the floor of this machine)
 *   koa-min   a Koa app with one @koa/router route answering the same object
 *   app-koa   the service's Koa app (all middleware and routers) for a completed job
 *   app       the service's request listener: the status fast path, then Koa
 * autocannon runs as a child process. A benchmark, not a test: the figures depend on the machine.
 *
 *   node --import tsx scripts/statusStackBench.ts [--seconds 5]
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import Koa from "koa";
import Router from "@koa/router";
import { audioForm, FAKE_MP3, postForm, startTestServer, waitForStatus } from "../test/support/testServer.ts";
import { createFakeJobRunner } from "../test/support/fakeJobRunner.ts";
import { REPO_ROOT } from "../test/support/serviceProcess.ts";

const secondsIndex = process.argv.indexOf("--seconds");
const seconds = secondsIndex < 0 ? 5 : Number(process.argv[secondsIndex + 1]);

async function listen(listener: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function autocannon(url: string, durationSeconds: number): Promise<{ requests: { average: number }; latency: { p50: number; p99: number } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(REPO_ROOT, "node_modules/.bin/autocannon"), ["-c", "20", "-d", String(durationSeconds), "-j", url]);
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("close", () => { try { resolve(JSON.parse(out)); } catch (error) { reject(error); } });
  });
}

const service = await startTestServer({ runner: createFakeJobRunner(0) });
const { job_id: jobId } = await (await postForm(`${service.url}/transcribe/async`, audioForm("recitation.mp3", FAKE_MP3))).json() as { job_id: string };
const statusBody = await waitForStatus(service.url, jobId, ["completed"]);

const koa = new Koa();
const router = new Router();
router.get("/jobs/:id/status", (ctx) => { ctx.body = statusBody; });
koa.use(router.routes());
const servers = {
  bare: await listen((_req, res) => {
    const text = JSON.stringify(statusBody);
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }),
  "koa-min": await listen(koa.callback()),
  "app-koa": await listen(service.service.app.callback()),
  app: { url: service.url, server: null },
};
const statusPath = `/jobs/${jobId}/status`;
for (const { url } of Object.values(servers)) await autocannon(url + statusPath, 2);
for (let round = 0; round < 2; round++) {
  for (const [name, { url }] of Object.entries(servers)) {
    const result = await autocannon(url + statusPath, seconds);
    console.log(JSON.stringify({ server: name, round, requestsPerSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, load1: +os.loadavg()[0].toFixed(2) }));
  }
}
for (const { server } of Object.values(servers)) server?.close();
await service.close();
process.exit(0);
