/**
 * Runs the quran-splitter CLI as a child process, either from source (bin/quran-splitter.mjs, the
 * package.json "bin", which runs src/cli/cliMain.ts under tsx) or from a copy of the bundle alone
 * in a temp dir (see singleFile.ts). stdin is not a terminal here, so progress comes as plain lines.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "./serviceProcess.ts";

export type CliKind = "source" | "bundle";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<CliResult>;
}

/** argv before the CLI's own arguments: node <entry>. */
export function cliCommand(kind: CliKind, bundlePath?: string): string[] {
  if (kind === "source") return [path.join(REPO_ROOT, "bin/quran-splitter.mjs")];
  if (!bundlePath) throw new Error("the bundle CLI needs the path of its copy");
  return [bundlePath];
}

export function spawnCli(command: string[], args: string[], options: { cwd: string; env?: Record<string, string> }): CliProcess {
  const child = spawn(process.execPath, [...command, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
  const done = new Promise<CliResult>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export function runCli(command: string[], args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return spawnCli(command, args, options).done;
}

/** The body rows of a cli-table3 table (box drawing, no colour) as trimmed cells. */
export function tableRows(text: string): string[][] {
  return text.split("\n")
    .filter((line) => line.startsWith("│"))
    .map((line) => line.split("│").slice(1, -1).map((cell) => cell.trim()))
    .slice(1); // the head
}
