/**
 * Evaluation harness: runs every item of a manifest (see ../shared/eval/README.md) through the
 * same pipeline as the service (decode → pauses → model → locate → align → cut → zip), writes
 * one metadata JSON per item, and prints the scorer's metrics, per kind and overall, with
 * x-realtime and peak RSS.
 *
 * usage: npm run eval -- <manifest-dir> [--out preds/] [--hints] [--baseline]
 *   --hints     pass the surah (and ayah range for partial items) as the user would
 *   --baseline  run without the acoustic model (the pause-DP baseline; implies --hints)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import { energyDb, scoreItem, summarize, type ItemScore, type ManifestItem } from "../src/eval/scoreMetrics.ts";
import { processRecording } from "../src/pipeline/processRecording.ts";
import { createWorkerContext } from "../src/pipeline/workerContext.ts";
import type { AlignHints } from "../src/pipeline/types.ts";

interface EvalArgs { manifestDir: string; outDir: string; hints: boolean; baseline: boolean }

function parseArgs(argv: string[]): EvalArgs {
  const positional = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--out");
  if (positional.length !== 1) throw new Error("usage: npm run eval -- <manifest-dir> [--out preds/] [--hints] [--baseline]");
  const outIndex = argv.indexOf("--out");
  return {
    manifestDir: path.resolve(positional[0]),
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

const formatMs = (value: number | null) => (value === null ? "-" : value.toFixed(0));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const manifest = JSON.parse(readFileSync(path.join(args.manifestDir, "manifest.json"), "utf8")) as { items: ManifestItem[] };
  const countsPath = path.resolve(args.manifestDir, "../ayah_counts.json");
  const ayahCounts: number[] = JSON.parse(readFileSync(countsPath, "utf8"));
  mkdirSync(args.outDir, { recursive: true });
  const workDir = mkdtempSync(path.join(os.tmpdir(), "eval-"));
  const ctx = createWorkerContext(args.baseline ? { modelCardPath: path.join(workDir, "no-model.json") } : {});
  const scores: (ItemScore | null)[] = [];
  let audioSeconds = 0;
  let wallSeconds = 0;
  for (const item of manifest.items) {
    const startedMs = performance.now();
    const reply = await processRecording(
      { jobId: item.id, uploadPath: path.join(args.manifestDir, item.audio), originalFilename: item.audio, resultZipPath: path.join(workDir, `${item.id}.zip`), hints: args.hints ? hintsFor(item) : {} },
      ctx,
      () => {},
    );
    const elapsed = (performance.now() - startedMs) / 1000;
    wallSeconds += elapsed;
    audioSeconds += item.duration;
    if (!reply.ok) {
      console.log(`${item.id.padEnd(14)} FAILED ${reply.code}: ${reply.message}`);
      scores.push(null);
      continue;
    }
    writeFileSync(path.join(args.outDir, `${item.id}.json`), JSON.stringify(reply.metadata, null, 1));
    const audio = await decodeAudioFile(await ctx.ffmpeg(), path.join(args.manifestDir, item.audio));
    const score = scoreItem(item, reply.metadata, energyDb(audio.samples), ayahCounts);
    scores.push(score);
    const s = summarize([score]);
    console.log(`${item.id.padEnd(14)} ${item.kind.padEnd(12)} surah_ok=${Number(score.surahOk)} missing=${score.missing} extra=${score.extra} med_ms=${formatMs(s.median_ms)} p90_ms=${formatMs(s.p90_ms)}${score.cutoffFlagged !== undefined ? ` cutoff_flagged=${score.cutoffFlagged}` : ""} engine=${reply.metadata.diagnostics.engine} x_realtime=${(item.duration / elapsed).toFixed(1)}`);
  }
  for (const kind of [...new Set(manifest.items.map((i) => i.kind))]) {
    const ofKind = manifest.items.map((item, k) => [item, scores[k]] as const).filter(([item]) => item.kind === kind).map(([, s]) => s);
    console.log(`KIND ${kind.padEnd(12)} ${JSON.stringify(summarize(ofKind))}`);
  }
  console.log(`SUMMARY ${JSON.stringify(summarize(scores))}`);
  console.log(`SPEED audio_s=${audioSeconds.toFixed(1)} wall_s=${wallSeconds.toFixed(1)} x_realtime=${(audioSeconds / wallSeconds).toFixed(1)} peak_rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`);
  rmSync(workDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
