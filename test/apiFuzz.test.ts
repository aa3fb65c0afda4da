// Fuzz: seeded random requests — multipart bodies (odd boundaries, names, file names, bytes,
// truncation, duplicates) and mutated request lines and headers — sent as raw bytes to a real
// server (fake runner). Never a 5xx, every error is {detail}, the server keeps answering.
// FUZZ_SEED and FUZZ_COUNT override the defaults; a failure prints the seed and the request.
import net from "node:net";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { startTestServer } from "./support/testServer.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const COUNT = Number(process.env.FUZZ_COUNT ?? 400);
const KEY = "fuzz-key-0123456789abcdef";

/** mulberry32: small, seedable, good enough to pick mutations. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const chance = (rng: Rng, p: number): boolean => rng() < p;
function randomBytes(rng: Rng, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) bytes[i] = Math.floor(rng() * 256);
  return bytes;
}
function randomText(rng: Rng, length: number): string {
  const alphabet = "abcXYZ019 -_.[]%\"';:/\\\u0000\u00e9\u0627\u0644\ud83d\ude00=&?#<>";
  let text = "";
  for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(rng() * alphabet.length)];
  return text;
}

const FIELD_NAMES = ["audio_file", "surah", "from_ayah", "to_ayah", "split_audio", "surah[0]", "surah[x]", "__proto__", "constructor", "", "x".repeat(300)];
const FILE_NAMES = ["a.mp3", "b.wav", "c.flac", "x.exe", "noext", "", "../../etc/passwd.mp3", "\u0633\u0648\u0631\u0629.mp3", "a.mp3\u0000.txt", "a.MP3", ".mp3", "x".repeat(400) + ".ogg"];
const FIELD_VALUES = ["36", "0", "115", "-1", "1e3", "12abc", "", " 7 ", "true", "no", "9".repeat(40), "null"];
const PATHS = ["/transcribe/async", "/transcribe", "/jobs", "/jobs?limit=0", "/jobs?limit=abc", "/jobs?limit=99999", "/jobs/finished", "/jobs/resume",
  "/health", "/", "/jobs/%E0%A4%A/status", "/jobs/%/status", "/jobs/..%2f..%2fetc/download", "/jobs/x/metadata", "/jobs/" + "y".repeat(3000) + "/status", "/assets/../../README.md", "/docs", "/jobs/\u00e9/status"];
const METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD", "TRACE", "BREW"];

function multipartBody(rng: Rng, boundary: string): Buffer {
  const parts: Buffer[] = [];
  const partCount = Math.floor(rng() * 5);
  for (let i = 0; i < partCount; i += 1) {
    const name = chance(rng, 0.2) ? randomText(rng, 8) : pick(rng, FIELD_NAMES);
    const isFile = chance(rng, 0.5);
    let disposition = `form-data; name="${name}"`;
    if (isFile) disposition += chance(rng, 0.8) ? `; filename="${chance(rng, 0.2) ? randomText(rng, 10) : pick(rng, FILE_NAMES)}"` : "; filename*=UTF-8''%E2%82%AC.mp3";
    const headers = [`Content-Disposition: ${chance(rng, 0.05) ? randomText(rng, 20) : disposition}`];
    if (isFile && chance(rng, 0.7)) headers.push(`Content-Type: ${pick(rng, ["audio/mpeg", "application/octet-stream", "text/plain", "", "x/\u0000"])}`);
    const content = isFile ? randomBytes(rng, Math.floor(rng() * 4096)) : Buffer.from(chance(rng, 0.2) ? randomText(rng, 30) : pick(rng, FIELD_VALUES));
    parts.push(Buffer.from(`--${boundary}\r\n${headers.join("\r\n")}\r\n\r\n`), content, Buffer.from("\r\n"));
  }
  if (chance(rng, 0.85)) parts.push(Buffer.from(`--${boundary}--\r\n`));
  let body: Buffer = Buffer.concat(parts);
  if (chance(rng, 0.15)) body = body.subarray(0, Math.floor(rng() * body.length)); // truncated
  if (chance(rng, 0.05)) body = randomBytes(rng, Math.floor(rng() * 2048)); // not multipart at all
  return body;
}

function randomRequest(rng: Rng): Buffer {
  const method = chance(rng, 0.5) ? "POST" : pick(rng, METHODS);
  const target = chance(rng, 0.05) ? `/${randomText(rng, 20)}` : pick(rng, PATHS);
  const boundary = pick(rng, ["----fuzz", "x", "a".repeat(70), "\"quoted\"", "sp ace", ""]);
  const body = method === "GET" && chance(rng, 0.8) ? Buffer.alloc(0) : multipartBody(rng, boundary.replace(/"/g, ""));
  const headers: string[] = [`Host: ${chance(rng, 0.9) ? "127.0.0.1" : randomText(rng, 12)}`, "Connection: close"];
  const contentType = pick(rng, [`multipart/form-data; boundary=${boundary}`, "multipart/form-data", "application/json", "text/plain", "multipart/mixed; boundary=x", ""]);
  if (contentType) headers.push(`Content-Type: ${contentType}`);
  if (chance(rng, 0.85)) headers.push(`Content-Length: ${chance(rng, 0.9) ? body.length : Math.max(0, body.length - Math.floor(rng() * 50))}`);
  else headers.push("Transfer-Encoding: chunked");
  if (chance(rng, 0.3)) headers.push(`Authorization: ${pick(rng, [`Bearer ${KEY}`, "Bearer", "Basic Zm9vOmJhcg==", `Bearer ${KEY}${KEY}`, randomText(rng, 30)])}`);
  if (chance(rng, 0.2)) headers.push(`X-API-Key: ${pick(rng, [KEY, "", randomText(rng, 16)])}`);
  if (chance(rng, 0.2)) headers.push(`Origin: ${pick(rng, ["http://localhost:3000", "https://evil.example", "null", randomText(rng, 10)])}`);
  if (chance(rng, 0.1)) headers.push(`Access-Control-Request-Method: ${pick(rng, METHODS)}`);
  if (chance(rng, 0.05)) headers.push(`X-Long: ${"z".repeat(20_000)}`);
  if (chance(rng, 0.05)) headers.push(randomText(rng, 15)); // a line that is not a header
  const head = `${chance(rng, 0.03) ? randomText(rng, 8) : method} ${target} HTTP/1.1\r\n${headers.join("\r\n")}\r\n\r\n`;
  const chunked = headers.includes("Transfer-Encoding: chunked");
  const payload = chunked ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]) : body;
  return Buffer.concat([Buffer.from(head, "utf8"), payload]);
}

/** Sends raw bytes; resolves with the response text, or null when the server (rightly) waits for more. */
function send(port: number, request: Buffer): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(request));
    let answer = "";
    const timer = setTimeout(() => { socket.destroy(); resolve(answer || null); }, 1500);
    socket.on("data", (chunk) => { answer += chunk.toString("latin1"); });
    socket.on("close", () => { clearTimeout(timer); resolve(answer || null); });
    socket.on("error", () => {});
  });
}

for (const apiKeys of [[], [KEY]]) {
  test(`${COUNT / 2} seeded random requests${apiKeys.length ? " with API_KEY set" : ""}: never a 5xx, errors are {detail}, the server goes on`, async () => {
    const server = await startTestServer({ apiKeys, submitRateLimitPerMinute: 0 });
    const rng = randomSource(SEED + apiKeys.length);
    const port = Number(new URL(server.url).port);
    const statuses = new Map<number, number>();
    try {
      for (let i = 0; i < COUNT / 2; i += 1) {
        const request = randomRequest(rng);
        const answer = await send(port, request);
        if (answer === null) continue;
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const where = `seed ${SEED}, request ${i}: ${request.subarray(0, 300).toString("latin1")}`;
        assert.ok(status >= 100 && status < 500, `${where}\n→ ${answer.slice(0, 300)}`);
        const body = answer.slice(answer.indexOf("\r\n\r\n") + 4);
        if (status >= 400 && !/^HEAD /.test(request.toString("latin1"))) {
          const detail = (JSON.parse(body.includes("\r\n") && /transfer-encoding: chunked/i.test(answer) ? body.split("\r\n")[1] : body) as { detail?: unknown }).detail;
          assert.type(detail, "string", `${where}\n→ ${answer.slice(0, 300)}`);
        }
      }
      console.log(`  statuses: ${[...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ")}`);
      assert.not.ok(server.logs.some((line) => /unhandled error/.test(line)), server.logs.filter((line) => /unhandled/.test(line)).join("\n"));
      const health = await fetch(`${server.url}/health`);
      assert.is(health.status, 200);
    } finally {
      await server.close();
    }
  });
}

test.run();
