/**
 * Evaluation harness: runs every item of a manifest (see ../shared/eval/README.md) through the
 * same pipeline as the service (decode → pauses → model → locate → align → cut → zip), writes
 * one metadata JSON per item, and prints the scorer's metrics, per kind and overall, with
 * x-realtime and peak RSS. Given a folder of sets (scripts/makeEvalSets.ts writes evalsets/),
 * it runs each set in turn and prints one SUMMARY line per set.
 *
 * usage: npm run eval -- <manifest-dir | folder of sets>... [--out preds/] [--hints] [--baseline]
 *   --hints     pass the surah (and ayah range for partial items) as the user would
 *   --baseline  run without the acoustic model (the pause-DP baseline; implies --hints)
 * An item's own `hints` (generated sets: wrong hints, non-Quran audio) are always sent.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import { energyDb, scoreItem, summarize, type ItemScore, type ManifestItem } from "../src/eval/scoreMetrics.ts";
import type { EvalItem } from "../src/eval/evalSetTransforms.ts";
import { inventedAyahs, orderExact, scoreParts } from "../src/eval/partScores.ts";
import { processRecording } from "../src/pipeline/processRecording.ts";
import { createWorkerContext, type WorkerContext } from "../src/pipeline/workerContext.ts";
import type { AlignHints } from "../src/pipeline/types.ts";
import { ayahCount, SURAH_COUNT } from "../src/quran/quranText.ts";

interface EvalArgs { setDirs: string[]; outDir: string; hints: boolean; baseline: boolean }

function manifestDirs(dir: string): string[] {
  if (existsSync(path.join(dir, "manifest.json"))) return [dir];
  return readdirSync(dir).sort().map((name) => path.join(dir, name)).filter((sub) => existsSync(path.join(sub, "manifest.json")));
}

function parseArgs(argv: string[]): EvalArgs {
  const positional = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--out");
  if (positional.length === 0) throw new Error("usage: npm run eval -- <manifest-dir | folder of sets>... [--out preds/] [--hints] [--baseline]");
  const outIndex = argv.indexOf("--out");
  return {
    setDirs: positional.flatMap((p) => manifestDirs(path.resolve(p))),
    outDir: path.resolve(outIndex >= 0 ? argv[outIndex + 1] : "preds"),
    hints: argv.includes("--hints") || argv.includes("--baseline"),
    baseline: argv.includes("--baseline"),
  };
}

function hintsFor(item: ManifestItem): AlignHints {
  if (!item.expected) return { surah: item.surah };
  const first = item.expected.find((e) => e.ayah > 0) ?? item.expected[0];
  const inFirstSurah = item.expected.filter((e) => e.surah === first.surah && e.ayah > 0);
  const last = inFirstSurah[inFirstSurah.length - 1];
  return { surah: first.surah, fromAyah: first.ayah, toAyah: last.ayah };
}

function itemHints(item: EvalItem, useHints: boolean): AlignHints {
  if (item.hints) return { surah: item.hints.surah, fromAyah: item.hints.from_ayah, toAyah: item.hints.to_ayah };
  return useHints ? hintsFor(item) : {};
}

const formatMs = (value: number | null) => (value === null ? "-" : value.toFixed(0));
const ayahCounts = Array.from({ length: SURAH_COUNT }, (_, k) => ayahCount(k + 1));

interface SetTotals { audioSeconds: number; wallSeconds: number; invented: number; honest: number; judged: number }

async function runItem(item: EvalItem, dir: string, args: EvalArgs, ctx: WorkerContext, workDir: string, totals: SetTotals): Promise<ItemScore[] | null> {
  const startedMs = performance.now();
  const reply = await processRecording(
    { jobId: item.id, uploadPath: path.join(dir, item.audio), originalFilename: item.audio, resultZipPath: path.join(workDir, `${item.id}.zip`), tempDir: workDir, hints: itemHints(item, args.hints) },
    ctx,
    () => {},
  );
  const elapsed = (performance.now() - startedMs) / 1000;
  totals.wallSeconds += elapsed;
  totals.audioSeconds += item.duration;
  const judged = item.expect === "no-ayahs" || item.kind === "wrong-hint" || item.kind === "short";
  const invented = inventedAyahs(item, reply.ok ? reply.metadata : null);
  totals.invented += invented;
  if (judged) { totals.judged++; if (invented === 0) totals.honest++; }
  if (!reply.ok) {
    console.log(`${item.id.padEnd(16)} FAILED ${reply.code}: ${reply.message}`);
    return null;
  }
  writeFileSync(path.join(args.outDir, `${item.id}.json`), JSON.stringify(reply.metadata, null, 1));
  if (item.expect === "no-ayahs") {
    console.log(`${item.id.padEnd(16)} ${item.kind.padEnd(12)} invented=${invented} ayahs=${reply.metadata.ayahs.map((a) => `${a.surah_number}:${a.ayah_number}`).join(",")}`);
    return null;
  }
  const audio = await decodeAudioFile(await ctx.ffmpeg(), path.join(dir, item.audio));
  const db = energyDb(audio.samples);
  const scores = item.parts ? scoreParts(item, reply.metadata, db, ayahCounts) : [scoreItem(item, reply.metadata, db, ayahCounts)];
  const s = summarize(scores);
  const order = item.parts ? ` order_exact=${Number(orderExact(item, reply.metadata))}` : "";
  const cutoff = scores.length === 1 && scores[0].cutoffFlagged !== undefined ? ` cutoff_flagged=${scores[0].cutoffFlagged}` : "";
  console.log(`${item.id.padEnd(16)} ${item.kind.padEnd(12)} surah_ok=${s.surah_id} missing=${s.missing} extra=${s.extra} invented=${invented} med_ms=${formatMs(s.median_ms)} p90_ms=${formatMs(s.p90_ms)} within300=${s.within_300ms ?? "-"}${order}${cutoff} engine=${reply.metadata.diagnostics.engine} x_realtime=${(item.duration / elapsed).toFixed(1)}`);
  return scores;
}

async function runSet(dir: string, args: EvalArgs, ctx: WorkerContext, workDir: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as { name?: string; items: EvalItem[] };
  const setName = manifest.name ?? path.basename(dir);
  const totals: SetTotals = { audioSeconds: 0, wallSeconds: 0, invented: 0, honest: 0, judged: 0 };
  const scored: { item: EvalItem; scores: ItemScore[] | null }[] = [];
  console.log(`SET ${setName} (${dir})`);
  for (const item of manifest.items) scored.push({ item, scores: await runItem(item, dir, args, ctx, workDir, totals) });
  const scorable = scored.filter(({ item }) => item.expect !== "no-ayahs");
  const flat = (list: typeof scored) => list.flatMap(({ scores }) => scores ?? [null]);
  for (const kind of [...new Set(scorable.map(({ item }) => item.kind))]) {
    console.log(`KIND ${kind.padEnd(12)} ${JSON.stringify(summarize(flat(scorable.filter(({ item }) => item.kind === kind))))}`);
  }
  if (scorable.length > 0) console.log(`SUMMARY ${setName} ${JSON.stringify(summarize(flat(scorable)))}`);
  if (totals.judged > 0) console.log(`HONEST ${setName} items_with_no_invented_ayah=${totals.honest}/${totals.judged} invented_ayahs=${totals.invented}`);
  console.log(`SPEED ${setName} audio_s=${totals.audioSeconds.toFixed(1)} wall_s=${totals.wallSeconds.toFixed(1)} x_realtime=${(totals.audioSeconds / totals.wallSeconds).toFixed(1)} peak_rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const workDir = mkdtempSync(path.join(os.tmpdir(), "eval-"));
  const ctx = createWorkerContext(args.baseline ? { modelCardPath: path.join(workDir, "no-model.json") } : {});
  for (const dir of args.setDirs) {
    const outDir = args.setDirs.length > 1 ? path.join(args.outDir, path.basename(dir)) : args.outDir;
    mkdirSync(outDir, { recursive: true });
    await runSet(dir, { ...args, outDir }, ctx, workDir);
  }
  rmSync(workDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
