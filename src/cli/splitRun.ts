/**
 * `split`: each recording goes through the service's own pipeline (src/pipeline/processRecording.ts
 * in the piscina worker thread, exactly as a job does) one after another, with no server and no
 * database. The main thread only draws progress, places the results and prints the summary.
 */
import fs from "node:fs";
import path from "node:path";
import { isSupportedAudioExtension } from "../api/audioFormats.ts";
import { exportStem } from "../export/exportFormats.ts";
import type { JobRunner } from "../jobs/jobRunner.ts";
import type { ProcessReply } from "../pipeline/taskTypes.ts";
import type { ProgressReporter } from "./progressReporter.ts";
import type { SplitPlan } from "./splitOptions.ts";
import type { FileResult } from "./summaryTable.ts";
import { formatRealtime, realtimeFactor } from "./summaryTable.ts";
import { unzipToDirectory } from "./zipToDirectory.ts";

/** Why a file cannot be split at all (checked before any work), or null. */
export function inputProblem(file: string): string | null {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return "file not found";
  if (!stat.isFile()) return "not a file";
  if (stat.size === 0) return "the file is empty";
  const extension = path.extname(file).toLowerCase();
  if (!isSupportedAudioExtension(extension)) return `unsupported audio format: ${extension || "(no extension)"}`;
  return null;
}

/** out/<stem>.zip or out/<stem>/, with -2, -3 … when two inputs share a stem. */
export function outputPaths(plan: SplitPlan): string[] {
  const used = new Set<string>();
  return plan.files.map((file) => {
    const stem = exportStem(path.basename(file));
    let name = stem;
    for (let n = 2; used.has(name); n++) name = `${stem}-${n}`;
    used.add(name);
    return path.resolve(plan.outputDir, plan.format === "zip" ? `${name}.zip` : name);
  });
}

/** The worker's INTERNAL text points at a server log; here the detail was printed just above. */
function failureReason(reply: Extract<ProcessReply, { ok: false }>): string {
  return reply.code === "INTERNAL" ? "processing failed unexpectedly (details printed above)" : reply.message;
}

/**
 * One recording. Aborting `signal` (Ctrl-C) terminates the worker thread and rejects; the finally
 * below still removes the scratch folder, which holds everything the worker wrote (the zip too,
 * until its rename), so an interrupted file leaves nothing behind.
 */
async function splitOne(runner: JobRunner, plan: SplitPlan, file: string, outputPath: string, onProgress: (stage: string, percent: number) => void, signal?: AbortSignal): Promise<FileResult> {
  const label = path.basename(file);
  const problem = inputProblem(file);
  if (problem) return { file: label, ok: false, reason: problem };
  if (fs.existsSync(outputPath) && !plan.overwrite) return { file: label, ok: false, reason: `${outputPath} already exists (use --overwrite)` };
  // Scratch files beside the results (the finished zip is renamed into place: same file system).
  const workDir = fs.mkdtempSync(path.join(plan.outputDir, ".quran-splitter-tmp-"));
  const startedMs = performance.now();
  try {
    const reply = await runner.run({
      jobId: `cli-${label}`,
      uploadPath: path.resolve(file),
      originalFilename: label,
      resultZipPath: plan.format === "dir" ? path.join(workDir, "ayahs.zip") : outputPath,
      tempDir: workDir,
      hints: plan.hints,
      output: { naming: plan.naming, exports: plan.exports },
    }, onProgress, signal);
    if (!reply.ok) return { file: label, ok: false, reason: failureReason(reply) };
    if (plan.format === "dir") {
      fs.rmSync(outputPath, { recursive: true, force: true });
      unzipToDirectory(reply.resultZipPath, outputPath);
    }
    return { file: label, ok: true, metadata: reply.metadata, wallSeconds: (performance.now() - startedMs) / 1000, outputPath };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Splits the files one after another; once `signal` is aborted the file in flight is dropped and no further one starts. */
export async function splitFiles(runner: JobRunner, plan: SplitPlan, reporter: ProgressReporter, signal?: AbortSignal): Promise<FileResult[]> {
  fs.mkdirSync(plan.outputDir, { recursive: true });
  const outputs = outputPaths(plan);
  const results: FileResult[] = [];
  for (const [index, file] of plan.files.entries()) {
    if (signal?.aborted) break;
    const progress = reporter.startFile(path.basename(file), index, plan.files.length);
    let result: FileResult;
    try {
      result = await splitOne(runner, plan, file, outputs[index], (stage, percent) => progress.update(stage, percent), signal);
    } catch (error) {
      if (!signal?.aborted) throw error;
      progress.finish("interrupted, its scratch files removed");
      results.push({ file: path.basename(file), ok: false, reason: "interrupted" });
      break;
    }
    progress.finish(result.ok
      ? `done, ${result.metadata.total_ayahs} ayahs in ${result.wallSeconds.toFixed(1)} s (${formatRealtime(realtimeFactor(result.metadata, result.wallSeconds))} realtime) → ${result.outputPath}`
      : `FAILED: ${result.reason}`);
    results.push(result);
  }
  return results;
}
