/**
 * Debian's Chromium driven by playwright-core, for the web page tests. Absent locally → the
 * caller skips with a note; with CI=true its absence is a failure (.ci/run installs it).
 * Every page records what would mean a broken page: uncaught errors, console errors and CSP
 * violations (the page must run under the server's Content-Security-Policy).
 */
import fs from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.QURAN_SPLITTER_CHROMIUM ?? "/usr/bin/chromium";

/** null: run the browser tests; a string: why they are skipped. Throws in CI when Chromium is missing. */
export function browserSkipReason(): string | null {
  if (fs.existsSync(CHROMIUM_PATH)) return null;
  if (process.env.CI === "true") throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: .ci/run installs it (apt-get install -y chromium)`);
  return `${CHROMIUM_PATH} not found (apt-get install -y chromium)`;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Audio must play without a device and without a gesture check (the clicks are real, but headless).
    args: ["--autoplay-policy=no-user-gesture-required", "--no-sandbox", "--disable-dev-shm-usage", "--mute-audio"],
  });
}

export interface PageProblems {
  list: string[];
}

/** Installs the listeners; `list` grows as problems happen. */
export function watchPageProblems(page: Page): PageProblems {
  const problems: PageProblems = { list: [] };
  page.on("pageerror", (error) => problems.list.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // The page asks for a running job's waveform until the worker has stored it: 404 meanwhile.
    if (message.text().startsWith("Failed to load resource") && /\/waveform$/.test(message.location().url)) return;
    problems.list.push(`console: ${message.text()} (${message.location().url})`);
  });
  // A string: tsx compiles the tests with keepNames, so a function would call a __name helper the page lacks.
  // __name is defined for the functions the tests pass to page.evaluate.
  void page.addInitScript(`window.__name = (fn) => fn;
document.addEventListener("securitypolicyviolation", (event) => console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI));`);
  return problems;
}
