/**
 * Pseudo-labels whole recordings for training: runs the service's recognition + alignment over
 * every mp3 of a bare git repository and writes one JSON line per recording with its ayah spans
 * (times, confidence, cut-off flag). `training/features.py extract-segments` then cuts the
 * confident ones into per-ayah training utterances.
 *
 * usage: node --import tsx scripts/pseudoLabel.ts --repo GITDIR --out spans.jsonl [--surah-files] [--under DIR] [--limit N]
 *   --surah-files  files are named SSS.mp3 (one surah each): the surah is passed as a hint
 *   (without it nothing is hinted: e.g. one file per mushaf page)
 *   --under DIR    only the recordings in that folder of the repository ("." = its top level): one voice of a
 *   repository that holds several in folders
 * A run can be resumed: recordings already in --out are skipped.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import { alignDecodedAudio } from "../src/pipeline/processRecording.ts";
import { createWorkerContext } from "../src/pipeline/workerContext.ts";
import type { AlignHints, AyahSpan } from "../src/pipeline/types.ts";

interface PseudoLabelArgs { repo: string; outPath: string; surahFiles: boolean; under?: string; limit: number }

/** One aligned ayah of a recording, as training/pseudo_segments.py reads it (no word timings). */
type SpanLine = Omit<AyahSpan, "words">;

interface RecordingLine {
  path: string;
  durationSeconds: number;
  hints: AlignHints;
  ok: boolean;
  error?: string;
  spans: SpanLine[];
}

function parseArgs(argv: string[]): PseudoLabelArgs {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const repo = value("--repo");
  const outPath = value("--out");
  if (!repo || !outPath) throw new Error("usage: pseudoLabel.ts --repo GITDIR --out spans.jsonl [--surah-files] [--under DIR] [--limit N]");
  return { repo, outPath, surahFiles: argv.includes("--surah-files"), under: value("--under"), limit: Number(value("--limit") ?? 0) };
}

/** mp3 blobs present in the repository (a partial snapshot lists files whose blob is missing). */
function listRecordings(repo: string, under?: string): string[] {
  const lines = execFileSync("git", ["-C", repo, "ls-tree", "-r", "-l", "HEAD"], { encoding: "utf8" }).trim().split("\n");
  return lines
    .map((line) => line.split(/\s+/))
    .filter((cols) => cols[4]?.endsWith(".mp3") && cols[3] !== "-" && /^\d+$/.test(cols[3]))
    .map((cols) => cols.slice(4).join(" "))
    .filter((file) => under === undefined || path.posix.dirname(file) === path.posix.normalize(under).replace(/\/$/, ""));
}

function alreadyDone(outPath: string): Set<string> {
  if (!existsSync(outPath)) return new Set();
  return new Set(readFileSync(outPath, "utf8").trim().split("\n").filter(Boolean).map((l) => (JSON.parse(l) as RecordingLine).path));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const ctx = createWorkerContext();
  if (!(await ctx.recognition())) throw new Error("no acoustic model installed in models/");
  const done = alreadyDone(args.outPath);
  const all = listRecordings(args.repo, args.under);
  const todo = (args.limit ? all.slice(0, args.limit) : all).filter((p) => !done.has(p));
  const workDir = mkdtempSync(path.join(os.tmpdir(), "pseudo-"));
  let audioSeconds = 0;
  const startedMs = performance.now();
  for (const [k, file] of todo.entries()) {
    const localPath = path.join(workDir, "input.mp3");
    writeFileSync(localPath, execFileSync("git", ["-C", args.repo, "show", `HEAD:${file}`], { maxBuffer: 1 << 30 }));
    const hints: AlignHints = args.surahFiles ? { surah: Number(path.basename(file, ".mp3")) } : {};
    const line: RecordingLine = { path: file, durationSeconds: 0, hints, ok: false, spans: [] };
    try {
      const audio = await decodeAudioFile(await ctx.ffmpeg(), localPath);
      line.durationSeconds = audio.durationSeconds;
      audioSeconds += audio.durationSeconds;
      const alignment = await alignDecodedAudio(ctx, audio, hints, () => {});
      line.ok = alignment.engine === "ctc-locate-align";
      line.spans = alignment.spans.map(({ words: _words, ...span }) => span);
      if (!line.ok) line.error = `engine ${alignment.engine}`;
    } catch (error) {
      line.error = error instanceof Error ? error.message : String(error);
    }
    appendFileSync(args.outPath, JSON.stringify(line) + "\n");
    const wall = (performance.now() - startedMs) / 1000;
    console.log(`${k + 1}/${todo.length} ${file} ${line.durationSeconds.toFixed(0)} s ${line.spans.length} spans${line.error ? ` (${line.error})` : ""} — ${(audioSeconds / wall).toFixed(0)}x realtime`);
  }
  rmSync(workDir, { recursive: true, force: true });
}

await main();
