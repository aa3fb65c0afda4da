// API_KEY, the public routes, security headers, the upload rate limit and the {detail} answers
// of requests Node's parser refuses (real server, real requests).
import http from "node:http";
import net from "node:net";
import Koa from "koa";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { isPublicRoute } from "../src/api/publicRoutes.ts";
import { HTML_CONTENT_SECURITY_POLICY, htmlContentSecurityPolicy, securityHeaders } from "../src/api/securityHeaders.ts";
import { audioForm, FAKE_MP3, postForm, startTestServer } from "./support/testServer.ts";

const KEY = "test-key-0123456789abcdef";
const OTHER_KEY = "other-key-0123456789abcdef";

async function expectDetail(response: Response, status: number, detail: RegExp): Promise<void> {
  assert.is(response.status, status);
  const body = await response.json() as { detail: string };
  assert.equal(Object.keys(body), ["detail"]);
  assert.match(body.detail, detail);
}

test("the public routes: GET/HEAD of /health, the web page, its assets and the docs; nothing else", () => {
  for (const path of ["/health", "/", "/docs", "/docs/swagger-ui.css", "/openapi.json", "/assets/app.js"]) {
    assert.ok(isPublicRoute("GET", path), path);
    assert.ok(isPublicRoute("HEAD", path), path);
  }
  for (const [method, path] of [["POST", "/health"], ["GET", "/jobs"], ["DELETE", "/"], ["GET", "/assets"], ["GET", "/healthz"], ["GET", "/jobs/x/status"]]) {
    assert.not.ok(isPublicRoute(method, path), `${method} ${path}`);
  }
});

test("API_KEY set: 401 {detail} without a key or with a wrong one; Bearer, X-API-Key and ?api_key (GET only) open", async () => {
  const server = await startTestServer({ apiKeys: [KEY, OTHER_KEY] });
  try {
    const missing = await fetch(`${server.url}/jobs`);
    assert.match(missing.headers.get("www-authenticate") ?? "", /^Bearer/);
    await expectDetail(missing, 401, /API key is required.*Authorization: Bearer/);
    await expectDetail(await fetch(`${server.url}/jobs`, { headers: { Authorization: `Bearer ${KEY}x` } }), 401, /not valid/);
    await expectDetail(await fetch(`${server.url}/jobs`, { headers: { "X-API-Key": KEY.slice(0, -1) } }), 401, /not valid/);
    await expectDetail(await postForm(`${server.url}/transcribe/async`, audioForm("a.mp3", FAKE_MP3)), 401, /required/);
    await expectDetail(await fetch(`${server.url}/no-such-route`), 401, /required/); // no route list for strangers
    assert.is((await fetch(`${server.url}/jobs`, { headers: { Authorization: `Bearer ${KEY}` } })).status, 200);
    assert.is((await fetch(`${server.url}/jobs`, { headers: { authorization: `bearer ${OTHER_KEY}` } })).status, 200, "either key");
    assert.is((await fetch(`${server.url}/jobs`, { headers: { "X-API-Key": OTHER_KEY } })).status, 200);
    assert.is((await fetch(`${server.url}/jobs?api_key=${KEY}`)).status, 200, "EventSource and <audio> cannot send headers");
    const queryOnDelete = await fetch(`${server.url}/jobs/finished?api_key=${KEY}`, { method: "DELETE" });
    assert.is(queryOnDelete.status, 401, "the query parameter opens reads only");
    const submitted = await fetch(`${server.url}/transcribe/async`, { method: "POST", body: audioForm("a.mp3", FAKE_MP3), headers: { "X-API-Key": KEY } });
    assert.is(submitted.status, 200);
    assert.is((await fetch(`${server.url}/health`)).status, 200, "/health stays open");
    assert.is((await fetch(`${server.url}/`)).status, 200, "the web page is public (the calls it makes need the key)");
  } finally {
    await server.close();
  }
});

test("no API_KEY: every route open as before", async () => {
  const server = await startTestServer();
  try {
    assert.is((await fetch(`${server.url}/jobs`)).status, 200);
  } finally {
    await server.close();
  }
});

test("nosniff and no-referrer on every response, errors included; the CSP rides on HTML", async () => {
  const server = await startTestServer({ apiKeys: [KEY] });
  try {
    for (const response of [await fetch(`${server.url}/health`), await fetch(`${server.url}/jobs`), await fetch(`${server.url}/health`, { method: "PUT" })]) {
      assert.is(response.headers.get("x-content-type-options"), "nosniff");
      assert.is(response.headers.get("referrer-policy"), "no-referrer");
      assert.is(response.headers.get("content-security-policy"), null, "JSON needs no CSP");
    }
  } finally {
    await server.close();
  }
  // The web page is another helper's route; any HTML answer gets the policy.
  const app = new Koa();
  app.use(securityHeaders());
  app.use((ctx) => { ctx.type = "html"; ctx.body = "<!doctype html><title>x</title>"; });
  const page = http.createServer(app.callback());
  await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
  try {
    // node:http, not fetch: the OpenAPI hook checks fetches, and this app is not the API.
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      http.get(`http://127.0.0.1:${(page.address() as net.AddressInfo).port}/`, (response) => { response.resume(); resolve(response.headers); }).on("error", reject);
    });
    assert.is(headers["content-security-policy"], HTML_CONTENT_SECURITY_POLICY);
    assert.is(headers["x-frame-options"], "DENY");
    assert.is(headers["x-content-type-options"], "nosniff");
    assert.match(HTML_CONTENT_SECURITY_POLICY, /default-src 'none'; script-src 'self'; style-src 'self'/);
    assert.not.match(HTML_CONTENT_SECURITY_POLICY, /unsafe/);
    assert.match(htmlContentSecurityPolicy("abcdefghijklmnop0123"), /style-src 'self' 'nonce-abcdefghijklmnop0123'; /);
    assert.is(htmlContentSecurityPolicy("x'; script-src *"), HTML_CONTENT_SECURITY_POLICY, "a malformed nonce is ignored");
  } finally {
    page.close();
  }
});

test("SUBMIT_RATE_LIMIT_PER_MINUTE: the next upload of the minute is 429 with Retry-After, nothing stored; reads unaffected", async () => {
  const server = await startTestServer({ submitRateLimitPerMinute: 2 });
  try {
    for (let i = 0; i < 2; i += 1) assert.is((await postForm(`${server.url}/transcribe/async`, audioForm("a.mp3", FAKE_MP3))).status, 200);
    const refused = await postForm(`${server.url}/transcribe/async`, audioForm("a.mp3", FAKE_MP3));
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    await expectDetail(refused, 429, /Too many uploads from this client: at most 2 per minute\. Try again in \d+ s\./);
    await expectDetail(await postForm(`${server.url}/transcribe`, audioForm("a.mp3", FAKE_MP3)), 429, /Too many uploads/);
    assert.is((await fetch(`${server.url}/jobs`)).status, 200);
    const { total } = await (await fetch(`${server.url}/jobs`)).json() as { total: number };
    assert.is(total, 2);
  } finally {
    await server.close();
  }
});

/** Raw bytes on a socket: fetch refuses to send what these tests need. */
function rawRequest(url: string, request: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), "127.0.0.1", () => socket.end(request));
    let answer = "";
    socket.on("data", (chunk) => { answer += chunk.toString("latin1"); });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

function bodyOf(rawResponse: string): { detail: string } {
  return JSON.parse(rawResponse.slice(rawResponse.indexOf("\r\n\r\n") + 4)) as { detail: string };
}

test("over-long URL or headers → 431 {detail}; unparseable request → 400 {detail}; the server goes on", async () => {
  const server = await startTestServer();
  try {
    const longUrl = await rawRequest(server.url, `GET /jobs/${"x".repeat(20_000)}/status HTTP/1.1\r\nHost: a\r\n\r\n`);
    assert.match(longUrl, /^HTTP\/1\.1 431 /);
    assert.match(bodyOf(longUrl).detail, /URL or headers are too long/);
    assert.match(longUrl, /x-content-type-options: nosniff/i);
    const longHeader = await rawRequest(server.url, `GET /health HTTP/1.1\r\nHost: a\r\nX-Big: ${"y".repeat(20_000)}\r\n\r\n`);
    assert.match(longHeader, /^HTTP\/1\.1 431 /);
    const broken = await rawRequest(server.url, "NOT HTTP AT ALL\r\n\r\n");
    assert.match(broken, /^HTTP\/1\.1 400 /);
    assert.is(bodyOf(broken).detail, "Malformed HTTP request");
    assert.is((await fetch(`${server.url}/health`)).status, 200);
  } finally {
    await server.close();
  }
});

test.run();
