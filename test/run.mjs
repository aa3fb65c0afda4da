// Runs every test/**/*.test.ts with uvu (TypeScript through tsx) and ends with the line
// "N passed, M failed[, K skipped]" that CI reads; exits non-zero when anything failed.
// uvu's own summary has no failed count, so it is derived from Total - Passed - Skipped.
// The API suites (api*.test.ts) that the pattern selects then run a second time against a
// throw-away PostgreSQL cluster (test/support/runWithPostgres.ts); the counts add up.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pattern = process.argv[2] ?? "\\.test\\.ts$";
// Every response of the test suite is checked against the OpenAPI document (see the hook).
const uvu = (filePattern) => ["--import", "tsx", "--import", path.join(root, "test/support/openapiConformanceHook.mjs"), path.join(root, "node_modules/uvu/bin.js"), "test", filePattern];

function runPass(label, args) {
  return new Promise((resolve) => {
    if (label) console.log(`\n=== ${label} ===`);
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let output = "";
    child.stdout.on("data", (chunk) => { output += chunk; process.stdout.write(chunk); });
    child.stderr.on("data", (chunk) => { output += chunk; process.stderr.write(chunk); });
    child.on("close", (code) => {
      // uvu colours its summary; strip ANSI codes before reading the numbers.
      const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
      const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      let failed = Math.max(0, total - passed - skipped);
      if (code !== 0 && failed === 0) failed = 1; // a crash before the summary still counts as a failure
      resolve({ passed, failed, skipped });
    });
  });
}

/** The API suites among the selected files, as one uvu pattern; null when there are none. */
function apiSuitesPattern() {
  const selected = new RegExp(pattern);
  const names = fs.readdirSync(path.join(root, "test")).filter((name) => /^api\w*\.test\.ts$/.test(name) && selected.test(name));
  return names.length > 0 ? `^(${names.map((name) => name.replace(/\.test\.ts$/, "")).join("|")})\\.test\\.ts$` : null;
}

const results = [await runPass(null, uvu(pattern))];
const apiPattern = process.env.SKIP_POSTGRES_PASS === "1" ? null : apiSuitesPattern();
if (apiPattern) {
  results.push(await runPass("API suites again on PostgreSQL (DATABASE_URL set per test server)", [
    "--import", "tsx", path.join(root, "test/support/runWithPostgres.ts"), process.execPath, ...uvu(apiPattern),
  ]));
}
const sum = (key) => results.reduce((total, result) => total + result[key], 0);
const [passed, failed, skipped] = [sum("passed"), sum("failed"), sum("skipped")];
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
