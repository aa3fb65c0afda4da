/** dist/quran-splitter.cjs for the tests that run the bundle: built first when missing or older than the sources. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./serviceProcess.ts";

export const BUNDLE = path.join(REPO_ROOT, "dist/quran-splitter.cjs");

function newestSourceMtimeMs(): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of ["src", "workers", "models"]) if (fs.existsSync(path.join(REPO_ROOT, dir))) visit(path.join(REPO_ROOT, dir));
  return Math.max(newest, fs.statSync(path.join(REPO_ROOT, "esbuild.config.mjs")).mtimeMs);
}

export function ensureBundleBuilt(): void {
  if (fs.existsSync(BUNDLE) && fs.statSync(BUNDLE).mtimeMs >= newestSourceMtimeMs()) return;
  console.log("  (dist/quran-splitter.cjs missing or stale, building it first)");
  execFileSync(process.execPath, [path.join(REPO_ROOT, "esbuild.config.mjs")], { cwd: REPO_ROOT, stdio: "ignore" });
}
