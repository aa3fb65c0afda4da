// The web page at / in a real browser (Debian's Chromium via playwright-core) over the REAL worker
// (no model: generated tone bursts with a surah hint): upload through the page, live progress
// without a reload, one waveform region per ayah, click an ayah → it plays, drag and nudge a
// boundary, save → the re-cut zip's file is shorter, cancel a running job. No CSP violation or
// page error anywhere. WEB_SCREENSHOTS=<dir> keeps screenshots of each state.
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { createFfmpegCore, type FfmpegCore } from "../src/audio/ffmpegCore.ts";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import { EXPORT_FORMAT_NAMES } from "../src/export/exportFormats.ts";
import type { RecordingMetadata } from "../src/pipeline/taskTypes.ts";
import { sourceWorkerFilename, WorkerPool } from "../src/pipeline/workerPool.ts";
import { EXPORT_FORMATS } from "../src/web/page/apiClient.ts";
import { encodePattern, makeTempDir, surah112Pattern, synthesizePattern } from "./helpers/generateAudio.ts";
import { FAKE_MP3, startTestServer, waitForStatus, type TestServer } from "./support/testServer.ts";
import { browserSkipReason, launchChromium, watchPageProblems, type PageProblems } from "./support/webBrowser.ts";
import { openJob, regionCount, screenshot, uploadThroughPage, watchJobRows } from "./support/webPageSteps.ts";

const skipReason = browserSkipReason();
let core: FfmpegCore;
let fixtureDir: string;
let server: TestServer;
let browser: Browser;
let page: Page;
let problems: PageProblems;

test.before(async () => {
  if (skipReason) return;
  core = await createFfmpegCore();
  fixtureDir = makeTempDir("qs-web-page");
  process.env.QURAN_SPLITTER_MODEL_DIR = path.join(fixtureDir, "no-model");
  server = await startTestServer({ runner: new WorkerPool({ workerFilename: sourceWorkerFilename() }) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  problems = watchPageProblems(page);
});

test.after(async () => {
  if (skipReason) return;
  await browser?.close();
  await server?.close();
  delete process.env.QURAN_SPLITTER_MODEL_DIR;
  fs.rmSync(fixtureDir, { recursive: true, force: true });
});

function browserTest(name: string, body: () => Promise<void>): void {
  test(name, async () => {
    if (skipReason) return console.log(`  (skipped: ${skipReason})`);
    await body();
    assert.equal(problems.list, [], "no page error, console error or CSP violation");
  });
}

async function zipFileSeconds(zipPath: string, name: string): Promise<number> {
  const files = unzipSync(new Uint8Array(fs.readFileSync(zipPath)));
  assert.ok(files[name], `${name} is in the zip (${Object.keys(files).join(", ")})`);
  const file = path.join(fixtureDir, `check-${Date.now()}-${name}`);
  fs.writeFileSync(file, files[name]);
  return (await decodeAudioFile(core, file)).durationSeconds;
}

browserTest("the page loads from the server itself under its CSP, in English, with the Quran font", async () => {
  const response = await page.goto(server.url);
  assert.is(response?.status(), 200);
  const csp = response!.headers()["content-security-policy"];
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.not.match(csp, /https?:|unsafe-inline/);
  await page.locator(".dropzone").waitFor();
  assert.is(await page.locator("html").getAttribute("dir"), "ltr");
  assert.is(await page.locator(".brand-name").textContent(), "Quran Splitter");
  assert.equal(EXPORT_FORMATS.map((format) => format.name), [...EXPORT_FORMAT_NAMES], "the page offers every export format");
  await page.locator(".live[data-live=true]").waitFor({ timeout: 10_000 });
  // A fresh style nonce per response, the same in the policy and in the page; the files are cached for good.
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const html = await fetch(`${server.url}/`);
    const nonce = /'nonce-([^']+)'/.exec(html.headers.get("content-security-policy") ?? "")?.[1];
    assert.ok(nonce && (await html.text()).includes(`content="${nonce}"`), "the page carries its policy's nonce");
    nonces.push(nonce!);
  }
  assert.is.not(nonces[0], nonces[1]);
  const scriptName = await page.locator("script[src]").getAttribute("src");
  const script = await fetch(`${server.url}${scriptName}`);
  assert.is(script.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.is((await fetch(`${server.url}/assets/app-NOTTHERE.js`)).status, 404);
});

browserTest("upload through the page → live progress without reload → one region per ayah → click plays the ayah", async () => {
  await page.evaluate(() => { (window as unknown as { pageMarker: number }).pageMarker = 42; });
  const seen = await watchJobRows(page);
  const mp3 = await encodePattern(core, surah112Pattern(), fixtureDir, "surah112", "mp3");
  const jobId = await uploadThroughPage(page, [mp3], { surah: "112" });
  const sizeKb = Math.round(fs.statSync(mp3).size / 1024);
  await page.locator('.upload[data-state=queued] .bar[aria-valuenow="100"]').waitFor();
  assert.is(await page.locator(".upload[data-state=queued] .upload-bytes").first().textContent(), `${sizeKb} KB of ${sizeKb} KB`, "byte progress");
  await page.locator(`.job[data-job-id="${jobId}"][data-status=completed]`).waitFor({ timeout: 60_000 });
  const statuses = (await seen()).filter((entry) => entry.id === jobId);
  assert.ok(statuses.some((entry) => entry.status === "processing" && /%|٪/.test(entry.detail)), `live progress shown: ${JSON.stringify(statuses)}`);
  assert.is(await page.evaluate(() => (window as unknown as { pageMarker?: number }).pageMarker), 42, "no reload happened");
  const metadata = await (await fetch(`${server.url}/jobs/${jobId}/metadata`)).json() as RecordingMetadata;
  await openJob(page, jobId);
  assert.is(await regionCount(page, metadata.ayahs.length), metadata.ayahs.length);
  assert.is(await page.locator(".ayah").count(), metadata.ayahs.length);
  assert.is(await page.locator(".ayah-opening").count(), metadata.ayahs.filter((ayah) => ayah.ayah_number <= 0).length, "the basmala is marked");
  await screenshot(page, "web-job");
  const target = metadata.ayahs[2];
  await page.locator('.ayah[data-index="2"]').click();
  await page.waitForFunction((start) => {
    const audio = document.querySelector<HTMLAudioElement>("audio[data-testid=player]");
    return audio !== null && !audio.paused && audio.currentTime > start + 0.15;
  }, target.start_time, { timeout: 15_000 });
  await page.locator('.ayah[data-index="2"].playing').waitFor();
});

let editedJobId = "";

browserTest("drag a boundary and nudge it, undo, save → the job is re-cut live → the downloaded zip's ayah file changed", async () => {
  editedJobId = (await page.locator(".job.selected").getAttribute("data-job-id"))!;
  const seen = await watchJobRows(page);
  const before = await (await fetch(`${server.url}/jobs/${editedJobId}/metadata`)).json() as RecordingMetadata;
  const zipBefore = path.join(fixtureDir, "before.zip");
  fs.writeFileSync(zipBefore, new Uint8Array(await (await fetch(`${server.url}/jobs/${editedJobId}/download`)).arrayBuffer()));
  await page.locator(".ayah").first().focus(); // stops nothing, plays nothing: only selects
  await page.locator("[data-action=play-all]").waitFor();
  const handle = page.locator('.waveform [part~="ayah-2"] [part~="region-handle-right"]');
  const box = (await handle.boundingBox())!;
  const wave = (await page.locator(".waveform").boundingBox())!;
  const durationSeconds = Number(before.diagnostics.audio_duration_seconds ?? 13.5);
  const dragPixels = Math.round((0.5 * wave.width) / durationSeconds);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let step = 1; step <= 5; step++) await page.mouse.move(box.x + box.width / 2 - (dragPixels * step) / 5, box.y + box.height / 2);
  await page.mouse.up();
  await page.locator(".ayah.unsaved").first().waitFor();
  // The dragged end and the next ayah's start are one shared boundary: both moved.
  assert.is(await page.locator(".ayah.unsaved").count(), 2);
  const row = page.locator('.ayah[data-index="2"]');
  await row.focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Control+z");
  assert.match(await page.locator(".editor-changes").textContent() ?? "", /2 unsaved/);
  await screenshot(page, "web-edit");
  await page.locator("[data-action=save]").click();
  await waitForStatus(server.url, editedJobId, ["completed"], 30_000);
  await page.locator(".ayah .pill-edited").first().waitFor({ timeout: 15_000 });
  const after = await (await fetch(`${server.url}/jobs/${editedJobId}/metadata`)).json() as RecordingMetadata;
  assert.equal(after.ayahs.map((ayah) => ayah.edited), [false, false, true, true, false]);
  const movedSeconds = after.ayahs[2].end_time - before.ayahs[2].end_time;
  assert.ok(movedSeconds < -0.3 && movedSeconds > -0.7, `the end moved by the drag and one 10 ms nudge: ${movedSeconds.toFixed(3)} s`);
  const rerun = (await seen()).filter((entry) => entry.id === editedJobId && entry.status !== "completed");
  assert.ok(rerun.length > 0, "the re-cut showed in the jobs list");
  assert.is(await regionCount(page, after.ayahs.length), after.ayahs.length, "the regions are drawn again");

  const download = page.waitForEvent("download");
  await page.locator("[data-download=zip]").click();
  const zipAfter = path.join(fixtureDir, "after.zip");
  await (await download).saveAs(zipAfter);
  const name = before.ayahs[2].filename;
  const changeSeconds = (await zipFileSeconds(zipAfter, name)) - (await zipFileSeconds(zipBefore, name));
  assert.ok(Math.abs(changeSeconds - movedSeconds) < 0.06, `${name} changed by ${changeSeconds.toFixed(3)} s, the boundary by ${movedSeconds.toFixed(3)} s`);
});

browserTest("cancel a running job from the list; delete it; clear finished", async () => {
  page.on("dialog", (dialog) => void dialog.accept());
  const long = synthesizePattern(Array.from({ length: 40 }, () => ({ toneSeconds: 2, silenceSeconds: 1 })), { sampleRateHz: 44100 });
  const mp3 = await encodePattern(core, long, fixtureDir, "long", "mp3");
  const jobId = await uploadThroughPage(page, [mp3], { surah: "2" });
  const row = page.locator(`.job[data-job-id="${jobId}"]`);
  await page.locator(`.job[data-job-id="${jobId}"][data-status=processing]`).waitFor({ timeout: 30_000 });
  await screenshot(page, "web-processing");
  await row.locator("[data-action=cancel]").click();
  await page.locator(`.job[data-job-id="${jobId}"][data-status=cancelled]`).waitFor({ timeout: 5_000 });
  assert.is((await (await fetch(`${server.url}/jobs/${jobId}/status`)).json() as { status: string }).status, "cancelled");
  await row.locator("[data-action=delete]").click();
  await row.waitFor({ state: "detached", timeout: 5_000 });
  await page.locator("[data-action=clear-finished]").click();
  await page.locator(".job").first().waitFor({ state: "detached", timeout: 5_000 });
  assert.is(await page.locator(".empty").isVisible(), true);
});

browserTest("an upload the API refuses shows its detail", async () => {
  const bad = path.join(fixtureDir, "notes.txt");
  fs.writeFileSync(bad, "not audio");
  await page.locator("#file-picker").setInputFiles([bad]);
  await page.locator('.upload[data-state="failed"] .upload-message', { hasText: "Unsupported audio format: .txt" }).waitFor({ timeout: 10_000 });
  // Chromium logs the refused request itself; that one is expected here.
  problems.list = problems.list.filter((problem) => !/status of 400 .*\/transcribe\/async/.test(problem));
});

browserTest("Arabic: right-to-left labels; on a phone the page fits the width", async () => {
  await page.locator(".topbar-actions button").click();
  assert.is(await page.locator("html").getAttribute("dir"), "rtl");
  assert.is(await page.locator(".brand-name").textContent(), "مُقسِّم القرآن");
  await page.locator(".topbar-actions button").click();
  assert.is(await page.locator("html").getAttribute("dir"), "ltr");
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phoneProblems = watchPageProblems(phone);
  await phone.goto(server.url);
  await phone.locator(".dropzone").waitFor();
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), "no sideways scrolling on a phone");
  await screenshot(phone, "web-phone", true);
  await phone.close();
  assert.equal(phoneProblems.list, []);
});

browserTest("with API_KEY set the page asks for the key once, then lists live, uploads and streams with it", async () => {
  const secured = await startTestServer({ apiKeys: ["page-secret-key"] });
  const keyed = await browser.newPage();
  const keyedProblems = watchPageProblems(keyed);
  const prompts: string[] = [];
  keyed.on("dialog", (dialog) => { prompts.push(dialog.type()); void dialog.accept("page-secret-key"); });
  try {
    await keyed.goto(secured.url);
    await keyed.locator(".live[data-live=true]").waitFor({ timeout: 10_000 });
    const wav = path.join(fixtureDir, "keyed.wav");
    fs.writeFileSync(wav, FAKE_MP3);
    const jobId = await uploadThroughPage(keyed, [wav]);
    await keyed.locator(`.job[data-job-id="${jobId}"][data-status=completed]`).waitFor({ timeout: 10_000 });
    assert.equal(prompts, ["prompt"], "asked once");
    // The browser logged the one 401 that made the page ask.
    assert.ok(keyedProblems.list.every((problem) => /status of 401/.test(problem)), keyedProblems.list.join("\n"));
  } finally {
    await keyed.close();
    await secured.close();
  }
});

test.run();
