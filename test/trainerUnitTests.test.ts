/**
 * The trainer's own unit tests (training/test_*.py: augmentation, the feature cache, ONNX <-> torch,
 * the card's CER parsing) run with the rest, so a change to training/ that breaks them turns CI red.
 * They need Debian's python3-torch and python3-onnx (.ci/run installs them); locally they skip without.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const PYTHON = "/usr/bin/python3";
const trainingDir = fileURLToPath(new URL("../training/", import.meta.url));

function skip(note: string): void {
  if (process.env.CI === "true") throw new Error(`${note}; CI must not skip the trainer's unit tests (.ci/run installs python3-torch and python3-onnx)`);
  console.log(`  (skipped: ${note})`);
}

test("training/test_*.py pass", () => {
  if (!existsSync(PYTHON)) return skip(`${PYTHON} absent`);
  const probe = spawnSync(PYTHON, ["-c", "import torch, onnx"], { encoding: "utf8" });
  if (probe.status !== 0) return skip("python3-torch or python3-onnx not installed");
  const result = spawnSync(PYTHON, ["-m", "unittest", "discover", "-s", trainingDir, "-p", "test_*.py"], { cwd: trainingDir, encoding: "utf8", timeout: 120_000 });
  const summary = result.stderr.trim().split("\n").slice(-3).join(" | ");
  console.log(`  python unittest: ${summary}`);
  assert.is(result.status, 0, result.stderr.slice(-2000));
  assert.match(result.stderr, /Ran [1-9]\d* tests?/);
});

test.run();
