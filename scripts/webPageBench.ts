/**
 * Figures of the web page (issue 10's closing note), in Debian's Chromium via playwright-core:
 *
 *   node --import tsx scripts/webPageBench.ts [recording] [--screenshot out.png] [--skip-job]
 *
 * 1. Page load: dist/quran-splitter.cjs copied alone into a temp dir (npm run build first), and the
 *    source service (as `npm start`, where the first request builds the page files in memory):
 *    ms from navigation start to the load event, and to the live job list (first SSE snapshot
 *    drawn); the first (cold) load and the median of 5 warm ones.
 * 2. With a recording (default /work/shared/eval/dev/e036.mp3; no hint, the shipped model): one
 *    real job on the source service, uploaded through the page with its job open: ms from the
 *    upload's answer to the first waveform drawn (peaks stored by the worker after decoding),
 *    from completion to the regions drawn, and from navigation start to the regions of the
 *    finished job on a fresh page load. SSE latency: each change of the rounded progress, from
 *    the queue's change event (server clock) to the jobs list showing it (page clock, the same
 *    machine's wall clock): median, p95, max.
 * A benchmark, not a test: the figures depend on the machine (the load average is printed).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { sourceWorkerFilename, WorkerPool } from "../src/pipeline/workerPool.ts";
import { REPO_ROOT, spawnService } from "../test/support/serviceProcess.ts";
import { startTestServer } from "../test/support/testServer.ts";
import { launchChromium, watchPageProblems } from "../test/support/webBrowser.ts";
import { openJob, regionsReady, uploadThroughPage, watchJobRows } from "../test/support/webPageSteps.ts";

const args = process.argv.slice(2);
const optionValue = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const recording = args.find((arg, i) => !arg.startsWith("--") && !args[i - 1]?.startsWith("--")) ?? "/work/shared/eval/dev/e036.mp3";
const screenshotPath = optionValue("--screenshot");

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

async function loadOnce(page: Page, url: string): Promise<{ loadMs: number; liveMs: number }> {
  await page.goto(url);
  await page.locator(".live[data-live=true]").waitFor({ timeout: 60_000 });
  return page.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return { loadMs: Math.round(navigation.loadEventEnd), liveMs: Math.round(performance.now()) };
  });
}

async function pageLoad(browser: Browser, url: string): Promise<Record<string, number>> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cold = await loadOnce(page, url);
  const warm: { loadMs: number; liveMs: number }[] = [];
  for (let i = 0; i < 5; i++) warm.push(await loadOnce(page, url));
  await context.close();
  return { coldLoadMs: cold.loadMs, coldLiveMs: cold.liveMs, warmLoadMsMedian: median(warm.map((w) => w.loadMs)), warmLiveMsMedian: median(warm.map((w) => w.liveMs)) };
}

async function bundlePageLoad(browser: Browser): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-web-bench-"));
  fs.copyFileSync(path.join(REPO_ROOT, "dist/quran-splitter.cjs"), path.join(dir, "quran-splitter.cjs"));
  fs.mkdirSync(path.join(dir, "data"));
  const service = await spawnService([path.join(dir, "quran-splitter.cjs")], { DATA_DIR: path.join(dir, "data") }, dir);
  try {
    return await pageLoad(browser, service.url);
  } finally {
    service.child.kill("SIGTERM");
    await service.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface ServerChange { progress: number; atMs: number }

function sseLatencies(server: ServerChange[], page: { detail: string; atMs: number }[]): number[] {
  const latencies: number[] = [];
  let lastShown = -1;
  for (const change of server) {
    const rounded = Math.round(change.progress);
    if (rounded === lastShown) continue;
    lastShown = rounded;
    const shown = page.find((state) => state.atMs >= change.atMs - 5 && new RegExp(`· ${rounded}%$`).test(state.detail));
    if (shown) latencies.push(shown.atMs - change.atMs);
  }
  return latencies;
}

async function realJob(browser: Browser): Promise<Record<string, unknown>> {
  const server = await startTestServer({ runner: new WorkerPool({ workerFilename: sourceWorkerFilename() }), uploadLimitBytes: 512 * 1024 * 1024 });
  const changes = new Map<string, ServerChange[]>();
  server.service.queue.jobEvents.subscribe((event) => {
    const progress = server.service.queue.progressOf(event.jobId);
    if (event.kind !== "changed" || !progress) return;
    const list = changes.get(event.jobId) ?? [];
    list.push({ progress: progress.progress, atMs: Date.now() });
    changes.set(event.jobId, list);
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems = watchPageProblems(page);
  try {
    await page.goto(server.url);
    await page.locator(".live[data-live=true]").waitFor();
    const rows = await watchJobRows(page);
    const uploadStartMs = Date.now();
    const jobId = await uploadThroughPage(page, [recording]);
    const uploadedMs = Date.now();
    await openJob(page, jobId);
    await page.locator(".job-view .waveform").waitFor({ timeout: 600_000 });
    await page.waitForFunction(() => document.querySelector(".job-view .waveform")?.firstElementChild?.shadowRoot?.querySelector("canvas") !== null);
    const firstWaveformMs = Date.now() - uploadedMs;
    await page.locator(`.job[data-job-id="${jobId}"][data-status=completed], .job[data-job-id="${jobId}"][data-status=failed]`).waitFor({ timeout: 1_800_000 });
    const completedMs = Date.now();
    const status = await (await fetch(`${server.url}/jobs/${jobId}/status`)).json() as { status: string; error?: string };
    if (status.status !== "completed") throw new Error(`the job ${status.status}: ${status.error}`);
    const metadata = await (await fetch(`${server.url}/jobs/${jobId}/metadata`)).json() as { ayahs: unknown[] };
    await regionsReady(page, metadata.ayahs.length);
    const regionsAfterCompletionMs = Date.now() - completedMs;
    const latencies = sseLatencies(changes.get(jobId) ?? [], (await rows()).filter((row) => row.id === jobId));
    const fresh = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await fresh.goto(`${server.url}/#job=${jobId}`);
    await regionsReady(fresh, metadata.ayahs.length);
    const openFinishedMs = Math.round(await fresh.evaluate(() => performance.now()));
    if (screenshotPath) {
      await fresh.locator('.ayah[data-index="3"]').click();
      await fresh.waitForTimeout(2500);
      await fresh.screenshot({ path: screenshotPath });
    }
    await fresh.close();
    return {
      recording: path.basename(recording), ayahs: metadata.ayahs.length, uploadMs: uploadedMs - uploadStartMs, jobSeconds: Math.round((completedMs - uploadedMs) / 1000),
      firstWaveformMsAfterUpload: firstWaveformMs, regionsMsAfterCompletion: regionsAfterCompletionMs, openFinishedJobRegionsMs: openFinishedMs,
      pageProblems: problems.list,
      sseLatencyMs: { count: latencies.length, median: median(latencies), p95: percentile(latencies, 0.95), max: Math.max(...latencies) },
    };
  } finally {
    await page.close();
    await server.close();
  }
}

const browser = await launchChromium();
try {
  const bundle = await bundlePageLoad(browser);
  const sourceServer = await startTestServer();
  const source = await pageLoad(browser, sourceServer.url).finally(() => sourceServer.close());
  const job = args.includes("--skip-job") ? null : await realJob(browser);
  console.log(JSON.stringify({ pageLoad: { bundle, source }, job, loadAverage: os.loadavg().map((value) => value.toFixed(2)), cpus: os.cpus().length }));
} finally {
  await browser.close();
}
