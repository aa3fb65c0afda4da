// The single-file bundle: copied alone into a temp dir (no node_modules anywhere above it), started
// with plain `node`, it answers /health, /openapi.json and /docs (assets embedded), and runs a job
// through its own piscina worker role.
// Built first when dist/ is missing or older than the sources (test/support/singleFile.ts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { copyBundleAlone } from "./support/singleFile.ts";
import { spawnService, REPO_ROOT } from "./support/serviceProcess.ts";
import { audioForm, postForm, waitForStatus } from "./support/testServer.ts";
import { encodeWav16, synthesizeBursts } from "./helpers/wavFile.ts";

function rssMb(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb("VmRSS") / 1024), peakMb: Math.round(kb("VmHWM") / 1024) };
}

test("bundle alone in a temp dir: starts, answers /health, runs a job in its worker role", async () => {
  const copy = copyBundleAlone("qs-bundle");
  const dir = path.dirname(copy);
  const startedAtMs = Date.now();
  // DATA_DIR unset: the default ./data (here dir/data) is created by the server itself.
  const service = await spawnService([copy], { DATA_DIR: "" }, dir);
  try {
    const health = await (await fetch(`${service.url}/health`)).json() as Record<string, unknown>;
    const startupMs = Date.now() - startedAtMs;
    assert.is(health.status, "ok");
    assert.is(health.worker_running, true);
    assert.ok(fs.existsSync(path.join(dir, "data/owner.lock")), "the default data folder was created and locked");
    const idle = rssMb(service.child.pid!);
    const openapi = await (await fetch(`${service.url}/openapi.json`)).json() as { openapi: string; paths: Record<string, unknown> };
    assert.is(openapi.openapi, "3.1.0");
    assert.ok("/jobs/{id}/status" in openapi.paths);
    const docsScript = await fetch(`${service.url}/docs/swagger-ui-bundle.js`);
    assert.is(docsScript.status, 200, "the /docs page's script is embedded in the bundle");
    assert.ok((await docsScript.text()).includes("SwaggerUIBundle"));

    const wav = encodeWav16(synthesizeBursts([{ toneSeconds: 1, silenceSeconds: 0.8 }, { toneSeconds: 1.2, silenceSeconds: 0.5 }]), 16000);
    const submitted = await (await postForm(`${service.url}/transcribe/async`, audioForm("tones.wav", wav, { surah: "112" }))).json() as { job_id: string };
    const done = await waitForStatus(service.url, submitted.job_id, ["completed", "failed"], 60_000);
    // Whatever the pipeline concludes about two tones, the answer must come from the worker,
    // not from a worker that failed to start or crashed.
    assert.not.match(String(done.error ?? ""), /worker stopped unexpectedly|Cannot find module|ENOENT/);
    const afterJob = rssMb(service.child.pid!);
    console.log(`  bundle: ${(fs.statSync(copy).size / 1e6).toFixed(1)} MB, /health answered ${startupMs} ms after spawn, ` +
      `RSS idle ${idle.rssMb} MB, after a job ${afterJob.rssMb} MB (peak ${afterJob.peakMb} MB); job ${String(done.status)}` +
      `${done.error ? ` (${String(done.error)})` : ""}`);
  } finally {
    service.child.kill("SIGTERM");
    await service.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("bundle with an embedded model: the worker loads onnxruntime (two model threads: their wasm glue is written out of the payload) and the model", async () => {
  // The tiny generated CTC model stands in for the real one (models/ may not hold one yet).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-bundle-model-"));
  const modelsDir = path.join(dir, "models");
  fs.mkdirSync(modelsDir);
  const fixtures = path.join(REPO_ROOT, "test/fixtures/generated");
  const card = JSON.parse(fs.readFileSync(path.join(fixtures, "tiny-ctc.json"), "utf8")) as Record<string, unknown>;
  fs.writeFileSync(path.join(modelsDir, "quran-ctc-v1.json"), JSON.stringify({ ...card, text_rules: "quran-text-rules.json" }));
  fs.copyFileSync(path.join(fixtures, "tiny-ctc.onnx"), path.join(modelsDir, "quran-ctc-v1.onnx"));
  fs.copyFileSync(path.join(REPO_ROOT, "models/quran-text-rules.json"), path.join(modelsDir, "quran-text-rules.json"));
  const bundle = path.join(dir, "qs.cjs");
  execFileSync(process.execPath, [path.join(REPO_ROOT, "esbuild.config.mjs")], {
    cwd: REPO_ROOT, stdio: "ignore", env: { ...process.env, QURAN_SPLITTER_BUNDLE_OUT: bundle, QURAN_SPLITTER_BUNDLE_MODELS: modelsDir },
  });
  fs.rmSync(modelsDir, { recursive: true });
  fs.mkdirSync(path.join(dir, "data")); // an explicit DATA_DIR must exist
  // MODEL_THREADS=2 whatever the machine: ort's threads load its glue by URL, a path only the bundle sets up.
  const service = await spawnService([bundle], { DATA_DIR: path.join(dir, "data"), MODEL_THREADS: "2" }, dir);
  try {
    const wav = encodeWav16(synthesizeBursts([{ toneSeconds: 1.5, silenceSeconds: 0.6 }]), 16000);
    const submitted = await (await postForm(`${service.url}/transcribe/async`, audioForm("tone.wav", wav))).json() as { job_id: string };
    const done = await waitForStatus(service.url, submitted.job_id, ["completed", "failed"], 60_000);
    // Without a surah hint only recognition can place the audio: an error saying no model is
    // installed, or an internal failure, would mean the embedded model or ort did not load.
    assert.not.match(String(done.error ?? ""), /No recognition model is installed|unexpectedly/);
  } finally {
    service.child.kill("SIGTERM");
    await service.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("bundle `serve` with WORKERS=2 (no model): two jobs run at once and both complete", async () => {
  const copy = copyBundleAlone("qs-bundle-workers");
  const dir = path.dirname(copy);
  fs.mkdirSync(path.join(dir, "data"));
  fs.mkdirSync(path.join(dir, "no-model"));
  const service = await spawnService([copy, "serve"], { DATA_DIR: path.join(dir, "data"), WORKERS: "2", QURAN_SPLITTER_MODEL_DIR: path.join(dir, "no-model") }, dir);
  try {
    // Basmala + the 4 ayahs of surah 112 as tone bursts, which the pause baseline splits.
    const wav = encodeWav16(synthesizeBursts([2.4, 1.4, 1.2, 1.6, 1.8].map((toneSeconds) => ({ toneSeconds, silenceSeconds: 1 }))), 16000);
    const ids: string[] = [];
    for (const name of ["first.wav", "second.wav"]) {
      ids.push((await (await postForm(`${service.url}/transcribe/async`, audioForm(name, wav, { surah: "112" }))).json() as { job_id: string }).job_id);
    }
    let mostAtOnce = 0;
    let health: { workers?: number; current_job_ids?: string[] } = {};
    const finished = Promise.all(ids.map((id) => waitForStatus(service.url, id, ["completed", "failed"], 120_000)));
    let done = false;
    void finished.finally(() => { done = true; });
    while (!done) {
      health = await (await fetch(`${service.url}/health`)).json() as typeof health;
      mostAtOnce = Math.max(mostAtOnce, health.current_job_ids?.length ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const status of await finished) assert.is(status.status, "completed", String(status.error));
    assert.is(health.workers, 2);
    assert.is(mostAtOnce, 2, "both jobs were processing at the same time");
  } finally {
    service.child.kill("SIGTERM");
    await service.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
