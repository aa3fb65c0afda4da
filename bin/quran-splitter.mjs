#!/usr/bin/env node
// `quran-splitter` from a clone after `npm install` (package.json "bin"; `npx quran-splitter …` in
// the clone, or `npm link` for a global command): runs the CLI from source, src/cli/cliMain.ts,
// under tsx in a child node. A child rather than an in-process loader because the piscina worker
// threads load workers/processTask.ts through the same `--import` (workers inherit execArgv).
// dist/quran-splitter.cjs (`npm run build`) is the same CLI in one file, with no tsx.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const cliMain = fileURLToPath(new URL("../src/cli/cliMain.ts", import.meta.url));
// Resolved from this file, so the command works from any working directory.
const tsxLoader = import.meta.resolve("tsx");
const child = spawn(process.execPath, ["--import", tsxLoader, cliMain, ...process.argv.slice(2)], { stdio: "inherit" });

// The child cleans up and exits 130 on SIGINT, which is passed on. Ctrl-C on a terminal reaches
// the child by itself (same foreground process group), and a second SIGINT from here would make it
// quit without cleaning up, so SIGINT is forwarded only when not on a terminal (a supervisor or
// test signalling this process alone).
const onTerminal = Boolean(process.stderr.isTTY || process.stdin.isTTY);
process.on("SIGINT", () => {
  if (!onTerminal) child.kill("SIGINT");
});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => {
  process.exit(code ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1));
});
