// Upload validation, CORS and error mapping of the API (real server, real multipart uploads).
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import Koa from "koa";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { errorMiddleware } from "../src/api/errorMiddleware.ts";
import { SUPPORTED_AUDIO_EXTENSIONS } from "../src/api/audioFormats.ts";
import { audioForm, FAKE_MP3, filesIn, postForm, startTestServer } from "./support/testServer.ts";

async function expectDetail(response: Response, status: number, detail: string | RegExp): Promise<void> {
  assert.is(response.status, status);
  const body = await response.json() as { detail: string };
  assert.equal(Object.keys(body), ["detail"]);
  if (typeof detail === "string") assert.is(body.detail, detail);
  else assert.match(body.detail, detail);
}

test("upload errors: unsupported extension, no file field, empty file, wrong field, not multipart", async () => {
  const server = await startTestServer();
  const uploads = path.join(server.dataDir, "uploads");
  try {
    const asyncUrl = `${server.url}/transcribe/async`;
    await expectDetail(await postForm(asyncUrl, audioForm("notes.xyz", FAKE_MP3)), 400, "Unsupported audio format: .xyz");
    await expectDetail(await postForm(asyncUrl, audioForm("noext", FAKE_MP3)), 400, "Unsupported audio format: (no extension)");
    await expectDetail(await postForm(asyncUrl, audioForm(null, "", { surah: "1" })), 400, /^No audio file uploaded/);
    await expectDetail(await postForm(asyncUrl, audioForm("empty.mp3", new Uint8Array(0))), 400, "Uploaded audio file is empty");
    const wrongField = new FormData();
    wrongField.append("file", new Blob([FAKE_MP3]), "a.mp3");
    await expectDetail(await postForm(asyncUrl, wrongField), 400, /^Unexpected file field 'file'/);
    const json = await fetch(asyncUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await expectDetail(json, 400, /^No audio file uploaded/);
    const broken = await fetch(asyncUrl, {
      method: "POST", headers: { "content-type": "multipart/form-data; boundary=xyz" }, body: "--xyz\r\nContent-Disposition: form-data; name=\"audio_file\"; filename=\"a.mp3\"\r\n\r\nabc",
    });
    await expectDetail(broken, 400, /^Malformed multipart upload/);
    assert.equal(filesIn(uploads), [], "no upload file is left behind by a rejected request");
    const listed = await (await fetch(`${server.url}/jobs`)).json() as { total: number };
    assert.is(listed.total, 0);
  } finally {
    await server.close();
  }
});

test("every supported extension is accepted (case-insensitive) and stored as {uuid}.{ext}", async () => {
  const server = await startTestServer();
  try {
    for (const extension of [...SUPPORTED_AUDIO_EXTENSIONS, ".MP3"]) {
      const response = await postForm(`${server.url}/transcribe/async`, audioForm(`rec${extension}`, FAKE_MP3));
      assert.is(response.status, 200, extension);
    }
    const stored = filesIn(path.join(server.dataDir, "uploads"));
    assert.is(stored.length, SUPPORTED_AUDIO_EXTENSIONS.length + 1);
    for (const name of stored) assert.match(name, /^[0-9a-f-]{36}\.[a-z0-9]+$/);
  } finally {
    await server.close();
  }
});

test("oversize upload: 413 with detail, partial file removed, no job", async () => {
  const server = await startTestServer({ uploadLimitBytes: 50_000 });
  try {
    const response = await postForm(`${server.url}/transcribe/async`, audioForm("big.mp3", new Uint8Array(400_000)));
    await expectDetail(response, 413, "Uploaded file is too large: the limit is 50000 bytes");
    assert.equal(filesIn(path.join(server.dataDir, "uploads")), []);
    const listed = await (await fetch(`${server.url}/jobs`)).json() as { total: number };
    assert.is(listed.total, 0);
    const ok = await postForm(`${server.url}/transcribe/async`, audioForm("small.mp3", new Uint8Array(40_000).fill(1)));
    assert.is(ok.status, 200, "a file under the limit still goes through");
  } finally {
    await server.close();
  }
});

test("aligner hint fields: surah / from_ayah / to_ayah validated with clear 400s; valid ones stored", async () => {
  const server = await startTestServer();
  const url = `${server.url}/transcribe/async`;
  try {
    const cases: [Record<string, string>, RegExp][] = [
      [{ surah: "0" }, /^surah must be an integer between 1 and 114, got '0'$/],
      [{ surah: "115" }, /^surah must be an integer between 1 and 114/],
      [{ surah: "abc" }, /^surah must be an integer/],
      [{ surah: "2.5" }, /^surah must be an integer/],
      [{ from_ayah: "3" }, /^from_ayah and to_ayah need the surah field as well$/],
      [{ surah: "112", from_ayah: "5" }, /^from_ayah must be an integer between 1 and 4 for surah 112, got '5'$/],
      [{ surah: "112", to_ayah: "0" }, /^to_ayah must be an integer between 1 and 4 for surah 112/],
      [{ surah: "36", from_ayah: "10", to_ayah: "5" }, /^from_ayah \(10\) must not be greater than to_ayah \(5\)$/],
    ];
    for (const [fields, detail] of cases) {
      await expectDetail(await postForm(url, audioForm("r.mp3", FAKE_MP3, fields)), 400, detail);
    }
    assert.equal(filesIn(path.join(server.dataDir, "uploads")), [], "rejected uploads are removed");
    const ok = await (await postForm(url, audioForm("r.mp3", FAKE_MP3, { surah: " 36 ", from_ayah: "1", to_ayah: "83" }))).json() as { job_id: string };
    assert.equal((await server.service.store.get(ok.job_id))?.hints, { surah: 36, fromAyah: 1, toAyah: 83 });
  } finally {
    await server.close();
  }
});

test("Arabic file names survive the upload", async () => {
  const server = await startTestServer();
  try {
    const name = "سورة يس.mp3";
    const { job_id: jobId } = await (await postForm(`${server.url}/transcribe/async`, audioForm(name, FAKE_MP3))).json() as { job_id: string };
    const status = await (await fetch(`${server.url}/jobs/${jobId}/status`)).json() as { original_filename: string };
    assert.is(status.original_filename, name);
  } finally {
    await server.close();
  }
});

test("CORS: reads from any origin by default; changes only from listed, same or loopback origins", async () => {
  const open = await startTestServer();
  try {
    const preflight = await fetch(`${open.url}/transcribe/async`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    assert.is(preflight.status, 204, "a page on this machine may submit (the spec's JavaScript example)");
    assert.is(preflight.headers.get("access-control-allow-origin"), "http://localhost:5173");
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /DELETE/);
    assert.is(preflight.headers.get("access-control-allow-headers"), "content-type");
    const notFound = await fetch(`${open.url}/jobs/nope/status`, { headers: { Origin: "http://app.example" } });
    assert.is(notFound.headers.get("access-control-allow-origin"), "*", "error responses carry CORS headers too");
    const foreignPreflight = await fetch(`${open.url}/jobs/finished`, {
      method: "OPTIONS", headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "DELETE" },
    });
    assert.is(foreignPreflight.status, 403);
    assert.is(foreignPreflight.headers.get("access-control-allow-origin"), null);
    // A multipart POST is sent by browsers without a preflight: the server itself must refuse it.
    const foreignPost = await fetch(`${open.url}/transcribe/async`, { method: "POST", body: audioForm("a.mp3", FAKE_MP3), headers: { Origin: "http://evil.example" } });
    await expectDetail(foreignPost, 403, /not accepted from the web page at http:\/\/evil\.example: list it in CORS_ORIGINS/);
    const foreignDelete = await fetch(`${open.url}/jobs/finished`, { method: "DELETE", headers: { Origin: "http://evil.example" } });
    assert.is(foreignDelete.status, 403);
    const sameOrigin = await fetch(`${open.url}/jobs/finished`, { method: "DELETE", headers: { Origin: open.url } });
    assert.is(sameOrigin.status, 200, "the server's own web page may change data");
    assert.equal(filesIn(path.join(open.dataDir, "uploads")), [], "the refused upload stored nothing");
  } finally {
    await open.close();
  }
  const listed = await startTestServer({ corsOrigins: ["https://good.example"] });
  try {
    const good = await fetch(`${listed.url}/health`, { headers: { Origin: "https://good.example" } });
    assert.is(good.headers.get("access-control-allow-origin"), "https://good.example");
    assert.match(good.headers.get("vary") ?? "", /Origin/);
    const bad = await fetch(`${listed.url}/health`, { headers: { Origin: "https://evil.example" } });
    assert.is(bad.headers.get("access-control-allow-origin"), null);
    const goodDelete = await fetch(`${listed.url}/jobs/finished`, { method: "DELETE", headers: { Origin: "https://good.example" } });
    assert.is(goodDelete.status, 200);
    const loopback = await fetch(`${listed.url}/jobs/finished`, { method: "DELETE", headers: { Origin: "http://localhost:3000" } });
    assert.is(loopback.status, 403, "with a list, only the listed origins (and the server's own) may change data");
  } finally {
    await listed.close();
  }
});

test("a form field sent twice or nested is a 400 naming it, and nothing is stored", async () => {
  const server = await startTestServer();
  try {
    const twice = new FormData();
    twice.append("surah", "36");
    twice.append("surah", "36");
    twice.append("audio_file", new Blob([FAKE_MP3]), "a.mp3");
    await expectDetail(await postForm(`${server.url}/transcribe/async`, twice), 400, "Form field 'surah' was sent 2 times: send it once");
    const range = audioForm("a.mp3", FAKE_MP3, { surah: "2" });
    range.append("from_ayah", "1");
    range.append("from_ayah", "99");
    await expectDetail(await postForm(`${server.url}/transcribe`, range), 400, "Form field 'from_ayah' was sent 2 times: send it once");
    const afterFile = audioForm("a.mp3", FAKE_MP3, { to_ayah: "3" });
    afterFile.append("to_ayah", "4"); // after the file: the upload is already on disk when it is seen
    await expectDetail(await postForm(`${server.url}/transcribe/async`, afterFile), 400, /'to_ayah' was sent 2 times/);
    await expectDetail(await postForm(`${server.url}/transcribe/async`, audioForm("a.mp3", FAKE_MP3, { "surah[x]": "1" })), 400, "Form field 'surah' must be a plain value, not a nested one");
    assert.equal(filesIn(path.join(server.dataDir, "uploads")), []);
    assert.equal(filesIn(path.join(server.dataDir, "tmp/uploads")), []);
  } finally {
    await server.close();
  }
});

test("unknown route 404 and wrong method 405 answer {detail}", async () => {
  const server = await startTestServer();
  try {
    await expectDetail(await fetch(`${server.url}/nope`), 404, "Not Found");
    await expectDetail(await fetch(`${server.url}/jobs/finished`, { method: "PUT" }), 405, "Method Not Allowed");
    await expectDetail(await fetch(`${server.url}/jobs`, { method: "PROPFIND" }), 405, "Method Not Allowed"); // not 501
  } finally {
    await server.close();
  }
});

test("error middleware: an unexpected error is a 500 'Internal server error' without its message", async () => {
  const logged: string[] = [];
  const app = new Koa();
  app.silent = true;
  app.use(errorMiddleware((line) => logged.push(line)));
  app.use(() => { throw new Error("secret /var/lib/internal path"); });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/anything`);
    assert.is(response.status, 500);
    const text = await response.text();
    assert.equal(JSON.parse(text), { detail: "Internal server error" });
    assert.not.match(text, /secret/);
    assert.match(logged.join("\n"), /secret \/var\/lib\/internal path/);
  } finally {
    server.close();
  }
});

test.run();
