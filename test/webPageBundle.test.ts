// The web page served by the single-file bundle alone (in a temp dir: no node_modules, no
// sources): the page, its script, stylesheet and Amiri Quran font come from the bundle's embedded
// assets; an upload through the page completes and its waveform has one region per ayah.
// The bundle is built by esbuild.config.mjs as `npm run build` does, but with no model embedded
// (QURAN_SPLITTER_BUNDLE_MODELS=<empty dir>): the generated tone bursts are split by the surah hint
// alone, as in the other worker tests; with the model they are (rightly) not recognised as recitation.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Browser } from "playwright-core";
import { createFfmpegCore } from "../src/audio/ffmpegCore.ts";
import type { RecordingMetadata } from "../src/pipeline/taskTypes.ts";
import { encodePattern, surah112Pattern } from "./helpers/generateAudio.ts";
import { REPO_ROOT, spawnService, type ServiceProcess } from "./support/serviceProcess.ts";
import { browserSkipReason, launchChromium, watchPageProblems } from "./support/webBrowser.ts";
import { openJob, regionCount, uploadThroughPage } from "./support/webPageSteps.ts";

const skipReason = browserSkipReason();

test("the bundle alone serves the page: load, upload through it, regions drawn", async () => {
  if (skipReason) return console.log(`  (skipped: ${skipReason})`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-web-bundle-"));
  const copy = path.join(dir, "quran-splitter.cjs");
  fs.mkdirSync(path.join(dir, "no-models"));
  execFileSync(process.execPath, [path.join(REPO_ROOT, "esbuild.config.mjs")], {
    cwd: REPO_ROOT, stdio: "ignore", env: { ...process.env, QURAN_SPLITTER_BUNDLE_OUT: copy, QURAN_SPLITTER_BUNDLE_MODELS: path.join(dir, "no-models") },
  });
  fs.mkdirSync(path.join(dir, "data"));
  let service: ServiceProcess | null = null;
  let browser: Browser | null = null;
  try {
    service = await spawnService([copy], { DATA_DIR: path.join(dir, "data") }, dir);
    const mp3 = await encodePattern(await createFfmpegCore(), surah112Pattern(), dir, "surah112", "mp3");
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchPageProblems(page);
    const fonts: string[] = [];
    page.on("response", (response) => { if (/\.woff2$/.test(response.url())) fonts.push(`${response.status()} ${response.url()}`); });
    const loaded = await page.goto(service.url);
    assert.is(loaded?.status(), 200);
    await page.locator(".live[data-live=true]").waitFor({ timeout: 10_000 });
    const jobId = await uploadThroughPage(page, [mp3], { surah: "112" });
    await page.locator(`.job[data-job-id="${jobId}"][data-status=completed]`).waitFor({ timeout: 120_000 });
    await openJob(page, jobId);
    const metadata = await (await fetch(`${service.url}/jobs/${jobId}/metadata`)).json() as RecordingMetadata;
    assert.is(await regionCount(page, metadata.ayahs.length), metadata.ayahs.length);
    await page.evaluate(() => document.fonts.ready);
    assert.ok(await page.evaluate(() => document.fonts.check('25px "Amiri Quran"', "قل هو الله أحد")), "the Amiri Quran font is loaded");
    assert.ok(fonts.length > 0 && fonts.every((line) => line.startsWith("200 ")), `font served by the bundle: ${fonts.join(", ")}`);
    assert.equal(problems.list, []);
  } finally {
    await browser?.close();
    if (service) {
      service.child.kill("SIGTERM");
      await service.exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
