// Crash recovery: the server process is killed (SIGKILL) while a job is processing; started
// again on the same DATA_DIR it re-queues the job by itself and completes it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnService, REPO_ROOT } from "./support/serviceProcess.ts";
import { audioForm, FAKE_MP3, postForm, waitForStatus } from "./support/testServer.ts";

const MAIN = ["--import", "tsx", path.join(REPO_ROOT, "src/main.ts")];
const FAKE_RUNNER = path.join(REPO_ROOT, "test/support/fakeJobRunner.ts");

test("kill -9 while processing, restart on the same DATA_DIR: the job is re-queued and completes", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-crash-"));
  try {
    const env = { DATA_DIR: dataDir, QURAN_SPLITTER_TEST_RUNNER: FAKE_RUNNER };
    const first = await spawnService(MAIN, { ...env, FAKE_RUNNER_DELAY_MS: "60000" });
    const submitted = await (await postForm(`${first.url}/transcribe/async`, audioForm("long.mp3", FAKE_MP3, { surah: "36" }))).json() as { job_id: string };
    const waiting = await (await postForm(`${first.url}/transcribe/async`, audioForm("next.mp3", FAKE_MP3))).json() as { job_id: string };
    await waitForStatus(first.url, submitted.job_id, ["processing"]);
    first.child.kill("SIGKILL");
    assert.is(await first.exited, "SIGKILL");
    // What node-sqlite3-wasm leaves when the process dies inside a database access:
    fs.mkdirSync(path.join(dataDir, "jobs.db.lock"), { recursive: true });

    const second = await spawnService(MAIN, { ...env, FAKE_RUNNER_DELAY_MS: "100" });
    try {
      assert.match(second.output(), /re-queued 1 job\(s\) left processing/);
      assert.match(second.output(), /took over the data folder lock of a server that is no longer running \(pid \d+\)/);
      assert.match(second.output(), /removed a stale database lock/);
      const done = await waitForStatus(second.url, submitted.job_id, ["completed", "failed"]);
      assert.is(done.status, "completed");
      const metadata = await (await fetch(`${second.url}/jobs/${submitted.job_id}/metadata`)).json() as { surah_number: number };
      assert.is(metadata.surah_number, 36, "the re-queued job kept its form fields");
      assert.is((await waitForStatus(second.url, waiting.job_id, ["completed", "failed"])).status, "completed");
      const results = fs.readdirSync(path.join(dataDir, "results"));
      assert.equal(results.sort(), [`${submitted.job_id}.zip`, `${waiting.job_id}.zip`].sort(), "no partial files remain");
    } finally {
      second.child.kill("SIGTERM");
      assert.is(await second.exited, 0, "SIGTERM shuts down cleanly");
    }
    assert.not.ok(fs.existsSync(path.join(dataDir, "jobs.db.lock")), "a clean shutdown leaves no lock behind");
    assert.not.ok(fs.existsSync(path.join(dataDir, "owner.lock")), "nor the data folder's lock");
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("SIGTERM while processing: clean exit, the job stays processing and the next start completes it", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-stop-"));
  try {
    const env = { DATA_DIR: dataDir, QURAN_SPLITTER_TEST_RUNNER: FAKE_RUNNER };
    const first = await spawnService(MAIN, { ...env, FAKE_RUNNER_DELAY_MS: "60000" });
    const { job_id: jobId } = await (await postForm(`${first.url}/transcribe/async`, audioForm("a.mp3", FAKE_MP3))).json() as { job_id: string };
    await waitForStatus(first.url, jobId, ["processing"]);
    first.child.kill("SIGTERM");
    assert.is(await first.exited, 0);
    const second = await spawnService(MAIN, { ...env, FAKE_RUNNER_DELAY_MS: "0" });
    try {
      assert.match(second.output(), /re-queued 1 job\(s\)/, "an interrupted job is not marked failed");
      assert.is((await waitForStatus(second.url, jobId, ["completed", "failed"])).status, "completed");
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a second server on the same DATA_DIR exits naming the folder and the owner's pid, and leaves the live job alone", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-owner-"));
  const env = { DATA_DIR: dataDir, QURAN_SPLITTER_TEST_RUNNER: FAKE_RUNNER, FAKE_RUNNER_DELAY_MS: "60000" };
  const first = await spawnService(MAIN, env);
  try {
    const { job_id: jobId } = await (await postForm(`${first.url}/transcribe/async`, audioForm("a.mp3", FAKE_MP3))).json() as { job_id: string };
    const before = await waitForStatus(first.url, jobId, ["processing"]);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a rewritten started_at would show
    const error = await spawnService(MAIN, env).then(() => null, (failure: Error) => failure);
    assert.ok(error, "the second server must not start");
    assert.match(error!.message, /exited \(2\)/);
    assert.match(error!.message, new RegExp(`Data folder error: The data folder ${dataDir} is in use by another quran-splitter server \\(pid ${first.child.pid},`));
    assert.not.match(error!.message, /re-queued/, "it stopped before touching the database");
    const after = await (await fetch(`${first.url}/jobs/${jobId}/status`)).json() as Record<string, unknown>;
    assert.is(after.status, "processing");
    assert.is(after.started_at, before.started_at);
  } finally {
    first.child.kill("SIGKILL");
    await first.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a bad configuration stops the start with a message naming the option", async () => {
  const error = await spawnService(MAIN, { PORT: "eighty" }).then(() => null, (failure: Error) => failure);
  assert.ok(error, "the service must not start");
  assert.match(error!.message, /PORT must be an integer between 0 and 65535, got "eighty"/);
});

test.run();
