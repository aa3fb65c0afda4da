// Runs every test/**/*.test.ts with uvu (TypeScript through tsx) and ends with the line
// "N passed, M failed[, K skipped]" that CI reads; exits non-zero when anything failed.
// uvu's own summary has no failed count, so it is derived from Total - Passed - Skipped.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pattern = process.argv[2] ?? "\\.test\\.ts$";
const child = spawn(
  process.execPath,
  // Every response of the test suite is checked against the OpenAPI document (see the hook).
  ["--import", "tsx", "--import", path.join(root, "test/support/openapiConformanceHook.mjs"), path.join(root, "node_modules/uvu/bin.js"), "test", pattern],
  { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: process.env },
);
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
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed > 0 ? 1 : 0);
});
