// The crash matrix: the server is killed with SIGKILL at each stage of a job (upload in flight,
// queued, decoding, recognizing, cutting, zipping, just after the zip's rename) and started
// again on the same DATA_DIR. Then every submitted job completes exactly once (one job row, one
// complete zip), the upload in flight left nothing, and no temporary file remains: neither in
// the data folder nor in the process's temp dir (TMPDIR is private to the test, and listed).
// The real worker runs the baseline engine (no model: QURAN_SPLITTER_MODEL_DIR is empty) to keep
// this fast; test/support/crashingJobRunner.ts kills the process at the exact stage.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { strFromU8, unzipSync } from "fflate";
import { REPO_ROOT, spawnService } from "./support/serviceProcess.ts";
import { audioForm, postForm, waitForStatus } from "./support/testServer.ts";
import { encodeWav16, synthesizeBursts } from "./helpers/wavFile.ts";

const MAIN = ["--import", "tsx", path.join(REPO_ROOT, "src/main.ts")];
const CRASHING_RUNNER = path.join(REPO_ROOT, "test/support/crashingJobRunner.ts");
// Basmala + the 4 ayahs of surah 112, long enough that decoding and cutting take a while.
const RECORDING = encodeWav16(synthesizeBursts(Array.from({ length: 5 }, () => ({ toneSeconds: 5, silenceSeconds: 1 }))), 16000);

function listTree(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

interface Scratch { root: string; dataDir: string; tmpDir: string; snapshot: string; env: Record<string, string> }

function scratch(name: string): Scratch {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `qs-crash-${name}-`));
  const dataDir = path.join(root, "data");
  const tmpDir = path.join(root, "tmp");
  fs.mkdirSync(dataDir);
  fs.mkdirSync(tmpDir);
  const snapshot = path.join(root, "snapshot.json");
  const env = {
    DATA_DIR: dataDir, TMPDIR: tmpDir, QURAN_SPLITTER_TEST_RUNNER: CRASHING_RUNNER, CRASH_SNAPSHOT: snapshot,
    QURAN_SPLITTER_MODEL_DIR: path.join(root, "no-model"), SUBMIT_RATE_LIMIT_PER_MINUTE: "0", API_KEY: "",
  };
  return { root, dataDir, tmpDir, snapshot, env };
}

/** After a restart (the server running): only the finished jobs' uploads and zips, the store, its write-ahead log and the lock remain. */
function assertClean(s: Scratch, jobIds: string[]): void {
  const expected = [
    "jobs.db", "jobs.db-wal", "owner.lock",
    ...jobIds.flatMap((id) => [`results/${id}.zip`, `results/${id}.waveform.json`]),
  ];
  const files = listTree(s.dataDir).filter((file) => !file.startsWith("uploads/"));
  assert.equal(files, expected.sort(), "data folder holds nothing but the store, the lock and each job's zip and waveform");
  assert.is(listTree(path.join(s.dataDir, "uploads")).length, jobIds.length, "one upload per job, no orphan");
  // tsx keeps its compile cache there (tsx-<uid>/): the loader's, not the service's.
  assert.equal(listTree(s.tmpDir).filter((file) => !file.startsWith("tsx-")), [], "nothing in the process's temp dir");
}

for (const stage of ["decoding", "recognizing", "cutting", "zipping", "after-rename"]) {
  test(`kill -9 while ${stage} (a second job queued): after restart both complete once, nothing stray`, async () => {
    const s = scratch(stage);
    try {
      const first = await spawnService(MAIN, { ...s.env, CRASH_AT: stage });
      const jobIds: string[] = [];
      for (const name of ["first.wav", "queued.wav"]) {
        const response = await postForm(`${first.url}/transcribe/async`, audioForm(name, RECORDING, { surah: "112" }));
        jobIds.push((await response.json() as { job_id: string }).job_id);
      }
      assert.is(await first.exited, "SIGKILL", "the runner killed the server at the stage");
      const leftBehind = JSON.parse(fs.readFileSync(s.snapshot, "utf8")) as string[];
      console.log(`  ${stage}: the kill left ${leftBehind.filter((file) => file.startsWith("tmp/")).join(", ") || "no temp file"}`);
      if (stage === "decoding") assert.ok(leftBehind.some((file) => new RegExp(`^tmp/${jobIds[0]}/decoded?[^/]*\\.f32le$`).test(file)), "killed with the PCM on disk");
      if (stage === "cutting") assert.ok(leftBehind.some((file) => new RegExp(`^tmp/${jobIds[0]}/cut-[^/]+/.*\\.mp3$`).test(file)), "killed with cut ayahs on disk");
      if (stage === "after-rename") assert.ok(leftBehind.includes(`results/${jobIds[0]}.zip`), "killed with the zip renamed, the store not told");

      const second = await spawnService(MAIN, { ...s.env, CRASH_AT: "" });
      try {
        for (const jobId of jobIds) {
          const done = await waitForStatus(second.url, jobId, ["completed", "failed"], 120_000);
          assert.is(done.status, "completed", `${jobId}: ${String(done.error)}`);
          const zip = unzipSync(new Uint8Array(fs.readFileSync(path.join(s.dataDir, "results", `${jobId}.zip`))));
          const metadata = JSON.parse(strFromU8(zip["metadata.json"])) as { ayahs: { filename: string }[] };
          for (const ayah of metadata.ayahs) assert.ok(zip[ayah.filename]?.length > 0, `${ayah.filename} complete in the zip`);
        }
        const list = await (await fetch(`${second.url}/jobs`)).json() as { total: number; jobs: { job_id: string; status: string }[] };
        assert.is(list.total, 2, "each job exactly once");
        assert.equal(list.jobs.map((job) => job.job_id).sort(), [...jobIds].sort());
        assertClean(s, jobIds);
        assert.equal(listTree(path.join(s.dataDir, "tmp")), []);
      } finally {
        second.child.kill("SIGTERM");
        await second.exited;
      }
      assert.not.ok(fs.existsSync(path.join(s.dataDir, "owner.lock")));
      assert.not.ok(fs.existsSync(path.join(s.dataDir, "jobs.db-wal")), "a clean stop folds the write-ahead log into jobs.db");
    } finally {
      fs.rmSync(s.root, { recursive: true, force: true });
    }
  });
}

/** Sends the head of a multipart upload and keeps the connection open (the rest never comes). */
function startUpload(url: string): net.Socket {
  const boundary = "----crash";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="audio_file"; filename="slow.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
  const socket = net.connect(Number(new URL(url).port), "127.0.0.1");
  socket.on("error", () => {});
  socket.write(
    `POST /transcribe/async HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
      `Content-Length: ${10 * 1024 * 1024}\r\n\r\n${head}`,
  );
  socket.write(RECORDING.subarray(0, 256 * 1024));
  return socket;
}

test("kill -9 with an upload in flight: after restart no job, no partial upload", async () => {
  const s = scratch("upload");
  try {
    const first = await spawnService(MAIN, { ...s.env, CRASH_AT: "" });
    const socket = startUpload(first.url);
    const incoming = path.join(s.dataDir, "tmp/uploads");
    for (let waited = 0; listTree(incoming).length === 0 || fs.statSync(path.join(incoming, listTree(incoming)[0])).size === 0; waited += 10) {
      if (waited > 10_000) throw new Error("the upload never reached the disk");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    console.log(`  upload in flight: the kill left tmp/uploads/${listTree(incoming).join(", ")}`);
    first.child.kill("SIGKILL");
    await first.exited;
    socket.destroy();
    const second = await spawnService(MAIN, { ...s.env, CRASH_AT: "" });
    try {
      assert.match(second.output(), /removed \d+ temporary file\(s\) left by an earlier run/);
      const list = await (await fetch(`${second.url}/jobs`)).json() as { total: number };
      assert.is(list.total, 0);
      assertClean(s, []);
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  } finally {
    fs.rmSync(s.root, { recursive: true, force: true });
  }
});

test.run();
