/** A real HTTP server on an ephemeral port over a temp DATA_DIR, for the API tests. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { createHttpServer } from "../../src/api/httpServer.ts";
import type { ServiceConfig } from "../../src/config.ts";
import type { JobRunner } from "../../src/jobs/jobRunner.ts";
import { createService, type Service } from "../../src/service.ts";
import { createFakeJobRunner } from "./fakeJobRunner.ts";
import { createTestDatabase } from "./postgresDatabases.ts";

export interface TestServer {
  url: string;
  dataDir: string;
  service: Service;
  logs: string[];
  close(): Promise<void>;
}

export interface TestServerOptions {
  runner?: JobRunner;
  uploadLimitBytes?: number;
  maxAudioMinutes?: number;
  corsOrigins?: ServiceConfig["corsOrigins"];
  workers?: number;
  retentionHours?: number;
  apiKeys?: string[];
  submitRateLimitPerMinute?: number;
  /** Uploads and results in this bucket (see test/support/s3Server.ts) instead of the data folder. */
  s3?: { storageUrl: string; endpoint: string; presign?: boolean };
  /** An existing data folder the caller owns (a mount); by default a fresh temp folder, removed on close. */
  dataDir?: string;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "qs-api-"));
  const logs: string[] = [];
  const config: ServiceConfig = {
    port: 0,
    host: "127.0.0.1",
    dataDir,
    uploadLimitBytes: options.uploadLimitBytes ?? 10 * 1024 * 1024,
    maxAudioMinutes: options.maxAudioMinutes ?? 240,
    corsOrigins: options.corsOrigins ?? "*",
    workers: options.workers ?? 1,
    retentionHours: options.retentionHours ?? 0,
    createDataDir: false,
    apiKeys: options.apiKeys ?? [],
    submitRateLimitPerMinute: options.submitRateLimitPerMinute ?? 0,
    // The PostgreSQL pass of test/run.mjs: every server gets a database of its own.
    databaseUrl: await createTestDatabase(),
    storageUrl: options.s3?.storageUrl,
    s3Endpoint: options.s3?.endpoint,
    storagePresign: options.s3?.presign ?? false,
  };
  const service = await createService(config, options.runner ?? createFakeJobRunner(), (line) => logs.push(line));
  if (config.databaseUrl && service.store.kind !== "postgres") throw new Error("the PostgreSQL pass must run on PostgreSQL");
  const server = createHttpServer(service.requestListener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    service,
    logs,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await service.shutdown();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A multipart form with `audio_file` (unless fileName is null) and text fields. */
export function audioForm(fileName: string | null, bytes: Uint8Array | string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (fileName !== null) form.append("audio_file", new Blob([typeof bytes === "string" ? bytes : new Uint8Array(bytes)]), fileName);
  return form;
}

export async function postForm(url: string, form: FormData): Promise<Response> {
  return fetch(url, { method: "POST", body: form });
}

/** Polls GET /jobs/:id/status until the status is one of `wanted` (or fails after timeoutMs). */
export async function waitForStatus(baseUrl: string, jobId: string, wanted: string[], timeoutMs = 10_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await (await fetch(`${baseUrl}/jobs/${jobId}/status`)).json() as Record<string, unknown>;
    if (wanted.includes(body.status as string)) return body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(body.status)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** Bytes that start like an MP3 frame; the fake runner does not decode them. */
export const FAKE_MP3 = new Uint8Array([0xff, 0xfb, 0x90, 0x64, ...new Array(400).fill(0)]);
