// A full disk fails the one request or job with a message saying so and leaves no partial file;
// the server goes on. Real: a small tmpfs as the data folder (where mounting is allowed).
// Injected (always): ENOSPC from the upload's write stream, from ffmpeg's writes of the cut
// ayahs and from the zip writer.
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createFfmpegCore } from "../src/audio/ffmpegCore.ts";
import { DISK_FULL_MESSAGE } from "../src/pipeline/diskFull.ts";
import { processRecording } from "../src/pipeline/processRecording.ts";
import { createWorkerContext } from "../src/pipeline/workerContext.ts";
import { sourceWorkerFilename, WorkerPool } from "../src/pipeline/workerPool.ts";
import { encodePattern, makeTempDir, synthesizePattern } from "./helpers/generateAudio.ts";
import { mountTmpfs } from "./support/scratchMount.ts";
import { audioForm, FAKE_MP3, filesIn, postForm, startTestServer, waitForStatus } from "./support/testServer.ts";

const fixtureDir = makeTempDir("qs-diskfull");
const PATTERN = synthesizePattern(
  Array.from({ length: 12 }, () => ({ toneSeconds: 4, silenceSeconds: 1 })),
  { leadingSilenceSeconds: 0.5, sampleRateHz: 16000 },
);
let recordingPath = "";

test.before(async () => {
  recordingPath = await encodePattern(await createFfmpegCore(), PATTERN, fixtureDir, "sixty-seconds", "opus");
});
test.after(() => fs.rmSync(fixtureDir, { recursive: true, force: true }));

function noSpace(): NodeJS.ErrnoException {
  return Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28 });
}

/** Makes writes to files whose path matches `target` fail with ENOSPC until the returned undo runs. */
function injectNoSpace(target: RegExp): () => void {
  const { openSync, writeSync, createWriteStream } = fs;
  const failingFds = new Set<number>();
  fs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
    const fd = (openSync as (...args: unknown[]) => number)(file, ...rest);
    if (target.test(String(file))) failingFds.add(fd);
    return fd;
  }) as typeof fs.openSync;
  fs.writeSync = ((fd: number, ...rest: unknown[]) => {
    if (failingFds.has(fd)) throw noSpace();
    return (writeSync as (...args: unknown[]) => number)(fd, ...rest);
  }) as typeof fs.writeSync;
  fs.createWriteStream = ((file: fs.PathLike, options?: unknown) => {
    const stream = createWriteStream(file, options as never);
    if (!target.test(String(file))) return stream;
    let bytes = 0;
    const write = stream._write.bind(stream);
    stream._write = (chunk, encoding, callback) => {
      bytes += chunk.length;
      if (bytes > 64 * 1024) return callback(noSpace()); // the disk fills while the upload is arriving
      write(chunk, encoding, callback);
    };
    stream._writev = undefined;
    return stream;
  }) as typeof fs.createWriteStream;
  return () => Object.assign(fs, { openSync, writeSync, createWriteStream });
}

test("upload fills the disk (injected): 507 {detail}, its partial file removed, the next upload works", async () => {
  const server = await startTestServer();
  const undo = injectNoSpace(/\/tmp\/uploads\//);
  try {
    const response = await postForm(`${server.url}/transcribe/async`, audioForm("big.mp3", new Uint8Array(512 * 1024)));
    assert.is(response.status, 507);
    assert.match((await response.json() as { detail: string }).detail, /disk is full: the upload was not stored/);
    assert.equal(filesIn(path.join(server.dataDir, "tmp/uploads")), []);
    assert.equal(filesIn(path.join(server.dataDir, "uploads")), []);
  } finally {
    undo();
  }
  try {
    assert.is((await postForm(`${server.url}/transcribe/async`, audioForm("ok.mp3", FAKE_MP3))).status, 200);
  } finally {
    await server.close();
  }
});

for (const [stage, target] of [["cutting", /\/cut-[^/]+\//], ["zipping", /\.partial$/]] as const) {
  test(`the disk fills while ${stage} (injected): the job fails with DISK_FULL and leaves no partial file`, async () => {
    const dir = makeTempDir("qs-diskfull-job");
    const tempDir = path.join(dir, "tmp-job");
    fs.mkdirSync(tempDir);
    const undo = injectNoSpace(target);
    try {
      const reply = await processRecording(
        { jobId: "j", uploadPath: recordingPath, originalFilename: "r.opus", resultZipPath: path.join(dir, "result.zip"), tempDir, hints: { surah: 2, fromAyah: 1, toAyah: 12 } },
        // No model: the baseline splits the tone bursts by the hint, so the job reaches cutting.
        createWorkerContext({ modelCardPath: path.join(dir, "no-model.json") }),
        () => {},
      );
      assert.equal(reply, { ok: false, code: "DISK_FULL", message: DISK_FULL_MESSAGE });
      assert.equal(fs.readdirSync(tempDir), [], "no cut ayah, no partial zip");
      assert.equal(fs.readdirSync(dir), ["tmp-job"], "no result zip");
    } finally {
      undo();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("a real full disk (2 MB tmpfs data folder): the upload that does not fit is 507, the job whose decoding does not fit fails DISK_FULL; no partial files", async () => {
  const mount = mountTmpfs({ sizeBytes: 2 * 1024 * 1024 });
  if (!mount) {
    console.log("  note: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN); the injected ENOSPC tests above still ran");
    return;
  }
  const server = await startTestServer({ dataDir: mount.dir, runner: new WorkerPool({ workerFilename: sourceWorkerFilename() }) });
  try {
    const tooBig = await postForm(`${server.url}/transcribe/async`, audioForm("big.wav", new Uint8Array(3 * 1024 * 1024)));
    assert.is(tooBig.status, 507);
    assert.equal(filesIn(path.join(mount.dir, "tmp/uploads")), []);
    // 60 s of opus is small; its 16 kHz float PCM (3.8 MB) is not.
    const submitted = await postForm(`${server.url}/transcribe/async`, audioForm("sixty.opus", fs.readFileSync(recordingPath), { surah: "2" }));
    assert.is(submitted.status, 200);
    const { job_id: jobId } = await submitted.json() as { job_id: string };
    const done = await waitForStatus(server.url, jobId, ["completed", "failed"], 60_000);
    assert.is(done.status, "failed");
    assert.is(done.error, DISK_FULL_MESSAGE);
    assert.equal(filesIn(path.join(mount.dir, "tmp")), ["uploads"], "the job's temp folder went with it");
    assert.equal(filesIn(path.join(mount.dir, "results")), []);
    const health = await (await fetch(`${server.url}/health`)).json() as { status: string };
    assert.is(health.status, "ok");
  } finally {
    await server.close();
    mount.unmount();
  }
});

test.run();
