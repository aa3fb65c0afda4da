/**
 * Steps on the web page shared by test/webPage.test.ts and scripts/webPageBench.ts: upload files
 * through the page, follow what the jobs list shows, open a job, count its waveform regions.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";

export interface RowState {
  id: string;
  status: string;
  detail: string;
  /** performance.timeOrigin + performance.now() in the page: comparable with the server's Date.now(). */
  atMs: number;
}

/** Records every state a job row shows (a MutationObserver in the page). Returns a reader. */
export async function watchJobRows(page: Page): Promise<() => Promise<RowState[]>> {
  // tsx compiles with keepNames: the function below calls a __name helper that the page lacks.
  await page.evaluate("window.__name = window.__name || ((fn) => fn)");
  await page.evaluate(() => {
    const seen: { id: string; status: string; detail: string; atMs: number }[] = [];
    (window as unknown as { rowStates: typeof seen }).rowStates = seen;
    const record = (): void => {
      for (const row of document.querySelectorAll<HTMLElement>(".job[data-job-id]")) {
        const entry = { id: row.dataset.jobId!, status: row.dataset.status ?? "", detail: row.querySelector(".job-detail")?.textContent ?? "", atMs: performance.timeOrigin + performance.now() };
        const last = [...seen].reverse().find((item) => item.id === entry.id);
        if (!last || last.status !== entry.status || last.detail !== entry.detail) seen.push(entry);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-status"] });
    record();
  });
  return () => page.evaluate(() => (window as unknown as { rowStates: RowState[] }).rowStates);
}

/** Fills the hints, picks the files in the page's file picker; resolves with the job id (one file). */
export async function uploadThroughPage(page: Page, files: string[], hints: { surah?: string; fromAyah?: string; toAyah?: string } = {}): Promise<string> {
  await page.locator("#hint-surah").fill(hints.surah ?? "");
  await page.locator("#hint-from_ayah").fill(hints.fromAyah ?? "");
  await page.locator("#hint-to_ayah").fill(hints.toAyah ?? "");
  const answered = page.waitForResponse((response) => response.url().endsWith("/transcribe/async") && response.request().method() === "POST", { timeout: 120_000 });
  await page.locator("#file-picker").setInputFiles(files);
  const response = await answered;
  const body = await response.json() as { job_id?: string; detail?: string };
  if (!body.job_id) throw new Error(`upload refused: ${response.status()} ${body.detail}`);
  await page.locator(`.job[data-job-id="${body.job_id}"]`).waitFor({ timeout: 10_000 });
  return body.job_id;
}

export async function openJob(page: Page, jobId: string): Promise<void> {
  await page.locator(`.job[data-job-id="${jobId}"] .job-open`).click();
}

/** Waits until the waveform shows `expected` regions (playwright's CSS pierces wavesurfer's shadow root). */
export async function regionCount(page: Page, expected: number, timeoutMs = 30_000): Promise<number> {
  const regions = page.locator('.waveform [part~="region"]');
  const deadline = Date.now() + timeoutMs;
  while ((await regions.count()) !== expected && Date.now() < deadline) await page.waitForTimeout(100);
  return regions.count();
}

/**
 * Waits until the waveform has `expected` regions and draws some: zoomed in (a long recording),
 * the regions plugin keeps only those in view in the DOM, so the count comes from the page.
 */
export async function regionsReady(page: Page, expected: number, timeoutMs = 60_000): Promise<void> {
  await page.locator(`.waveform[data-regions="${expected}"]`).waitFor({ timeout: timeoutMs });
  await page.locator('.waveform [part~="region"]').first().waitFor({ timeout: timeoutMs });
}

/** Saves a screenshot to $WEB_SCREENSHOTS/<name>.png when that variable is set. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  const dir = process.env.WEB_SCREENSHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
}
