/**
 * The evaluation sets again, re-running only recognition: the first run of an item decodes it and
 * keeps its posteriors (per model tempo tried), pauses, energy track and the scorer's energy in
 * `<cache>/<set>/<id>/`; later runs load them, so a change to src/recognize/ is measured on the
 * hour-long set in seconds instead of minutes. Scores like scripts/eval.ts (same SUMMARY line) and
 * prints, per item, what is missing and extra: the diagnostic for issue 8's recognizer work.
 *
 *   node --import tsx scripts/recognizeCached.ts <manifest-dir | folder of sets>... [--cache /tmp/recog-cache] [--only id,id] [--units]
 *   --units  also print every aligned unit (surah:ayah, time, confidence) of the items shown
 *   --bad    also print each boundary more than 300 ms off (reference start, predicted cut)
 *   --frames also print the aligner's units at tempo 1 (letter frames, confidence) and, between
 *            two of them, the speech seconds and the letters heard (where a skipped unit may be)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { detectPausesInPcm } from "../src/audio/pauseDetect.ts";
import { energyTrackFrom } from "../src/audio/energyDips.ts";
import { decodeAudioToPcmFile } from "../src/audio/audioDecode.ts";
import { openPcmFile } from "../src/audio/pcmSource.ts";
import { compactLetterPosteriors, computeLetterPosteriorsFromPcm, type LetterPosteriors } from "../src/model/ctcPosteriors.ts";
import { createWorkerContext, type RecognitionModel } from "../src/pipeline/workerContext.ts";
import { buildRecordingMetadata } from "../src/pipeline/metadataBuilder.ts";
import { FALLBACK_TEMPOS, MAX_TEMPO_RETRY_SECONDS } from "../src/pipeline/alignRecording.ts";
import type { Pause } from "../src/pipeline/types.ts";
import type { RecordingMetadata } from "../src/pipeline/taskTypes.ts";
import { recognizeWithHintCheck } from "../src/recognize/hintEvidence.ts";
import { alignRecitedUnits } from "../src/recognize/recognizer.ts";
import { speechSeconds } from "../src/recognize/neighbourKeep.ts";
import { energyDb, scoreItem, summarize, type ItemScore } from "../src/eval/scoreMetrics.ts";
import type { EvalItem } from "../src/eval/evalSetTransforms.ts";
import { inventedAyahs, orderExact, scoreParts } from "../src/eval/partScores.ts";
import { ayahCount, SURAH_COUNT } from "../src/quran/quranText.ts";

const argv = process.argv.slice(2);
const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const cacheRoot = path.resolve(option("--cache") ?? path.join(os.tmpdir(), "recog-cache"));
const only = option("--only")?.split(",");
const showUnits = argv.includes("--units");
const showFrames = argv.includes("--frames");
const showBad = argv.includes("--bad");
const setDirs = argv
  .filter((a, i) => !a.startsWith("--") && !["--cache", "--only"].includes(argv[i - 1]))
  .flatMap((dir) => (fs.existsSync(path.join(dir, "manifest.json")) ? [dir] : fs.readdirSync(dir).sort().map((n) => path.join(dir, n)).filter((d) => fs.existsSync(path.join(d, "manifest.json")))));
const ayahCounts = Array.from({ length: SURAH_COUNT }, (_, k) => ayahCount(k + 1));
const ctx = createWorkerContext();

interface ItemCache { dir: string; pauses: Pause[]; speechCount: number; durationSeconds: number; energy: Float32Array; scoreDb: Float64Array }

const floats = (file: string) => {
  const bytes = fs.readFileSync(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

/** Decodes once: pauses, energy and the scorer's energy; posteriors are computed per tempo on demand. */
async function itemCache(item: EvalItem, setDir: string, cacheDir: string): Promise<ItemCache> {
  const infoPath = path.join(cacheDir, "info.json");
  if (!fs.existsSync(infoPath)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    const pcmPath = path.join(cacheDir, "decoded.f32le");
    const audio = await decodeAudioToPcmFile(await ctx.ffmpeg(), path.join(setDir, item.audio), pcmPath);
    try {
      const { detection, frames } = detectPausesInPcm(audio.pcm, audio.sampleRateHz);
      fs.writeFileSync(path.join(cacheDir, "energyDb.f32"), frames.energyDb);
      fs.writeFileSync(path.join(cacheDir, "scoreDb.f64"), energyDb(floats(pcmPath)));
      fs.writeFileSync(infoPath, JSON.stringify({ pauses: detection.pauses, speechCount: detection.speech.length, durationSeconds: audio.durationSeconds, sampleRateHz: audio.sampleRateHz }));
    } finally {
      audio.pcm.close();
    }
  }
  const info = JSON.parse(fs.readFileSync(infoPath, "utf8"));
  const db = fs.readFileSync(path.join(cacheDir, "scoreDb.f64"));
  return { dir: cacheDir, ...info, energy: floats(path.join(cacheDir, "energyDb.f32")), scoreDb: new Float64Array(db.buffer.slice(db.byteOffset, db.byteOffset + db.byteLength)) };
}

async function posteriorsAt(cache: ItemCache, tempo: number, recognition: RecognitionModel): Promise<LetterPosteriors> {
  const file = path.join(cache.dir, `logProbs-${tempo}.f32`);
  const infoFile = path.join(cache.dir, `posteriors-${tempo}.json`);
  if (!fs.existsSync(infoFile)) {
    const pcm = openPcmFile(path.join(cache.dir, "decoded.f32le"));
    try {
      const posteriors = await computeLetterPosteriorsFromPcm(pcm, 16000, recognition.model, { tempo });
      fs.writeFileSync(file, posteriors.logProbs);
      const { logProbs: _, ...rest } = posteriors;
      fs.writeFileSync(infoFile, JSON.stringify(rest));
    } finally {
      pcm.close();
    }
  }
  // The cache keeps float32; recognition gets them as float16, as src/pipeline/alignRecording.ts keeps them (encoding is per value, so the same).
  return compactLetterPosteriors({ ...JSON.parse(fs.readFileSync(infoFile, "utf8")), logProbs: floats(file) });
}

/** The same tempo retry as src/pipeline/alignRecording.ts, over cached posteriors. */
async function recognize(item: EvalItem, cache: ItemCache, recognition: RecognitionModel): Promise<RecordingMetadata | null> {
  if (cache.speechCount === 0) return null;
  const hints = item.hints ? { surah: item.hints.surah, fromAyah: item.hints.from_ayah, toAyah: item.hints.to_ayah } : {};
  const tempos = cache.durationSeconds <= MAX_TEMPO_RETRY_SECONDS ? [1, ...FALLBACK_TEMPOS] : [1];
  for (const tempo of tempos) {
    const posteriors = await posteriorsAt(cache, tempo, recognition);
    const outcome = recognizeWithHintCheck({ posteriors, pauses: cache.pauses, hints, durationSeconds: cache.durationSeconds, energy: energyTrackFrom(cache.energy) }, recognition.index, recognition.model.textRules);
    if (outcome.kind === "recognized") return buildRecordingMetadata(outcome.result, cache.durationSeconds);
    if (outcome.kind === "hint-contradicted") return null;
  }
  return null;
}

const key = (s: number, a: number) => `${s}:${a}`;

function differences(expected: { surah: number; ayah: number }[], ayahs: RecordingMetadata["ayahs"]): string {
  const want = expected.map((e) => key(e.surah, e.ayah));
  const got = ayahs.map((a) => key(a.surah_number, a.ayah_number));
  const missing = want.filter((k) => !got.includes(k));
  const extra = got.filter((k) => !want.includes(k));
  return `missing=[${missing.join(" ")}] extra=[${extra.join(" ")}]`;
}

/** What is missing and extra, per part for a concatenation (each part in its time window). */
function describeDifferences(item: EvalItem, pred: RecordingMetadata): string {
  if (!item.parts) return differences(item.expected ?? [], pred.ayahs);
  const middle = (a: number, b: number) => (a + b) / 2;
  return item.parts.map((part) => {
    const inWindow = (t: number) => t >= part.offsetSeconds && t < part.offsetSeconds + part.durationSeconds;
    const diff = differences((item.expected ?? []).filter((e) => inWindow(middle(e.start, e.end))), pred.ayahs.filter((a) => inWindow(middle(a.start_time, a.end_time))));
    return diff === "missing=[] extra=[]" ? "" : `\n   ${part.id} @${part.offsetSeconds.toFixed(0)}s ${diff}`;
  }).join("");
}

/** Boundaries over 300 ms off (every expected ayah found: error k is the start of expected ayah k). */
function printBadBoundaries(item: EvalItem, pred: RecordingMetadata, score: ItemScore): void {
  const expected = item.expected ?? [];
  const got = new Map(pred.ayahs.map((a) => [key(a.surah_number, a.ayah_number), a]));
  score.errorsSeconds.forEach((error, k) => {
    if (error <= 0.3) return;
    const e = expected[k];
    const previous = k > 0 ? got.get(key(expected[k - 1].surah, expected[k - 1].ayah)) : undefined;
    console.log(`   BAD ${key(e.surah, e.ayah).padEnd(7)} off ${error.toFixed(2)} s: reference start ${e.start.toFixed(2)}, predicted ${previous ? `end ${previous.end_time.toFixed(2)} / ` : ""}start ${got.get(key(e.surah, e.ayah))!.start_time.toFixed(2)}`);
  });
}

/** The aligned units with their letter frames, and what lies between neighbours. */
async function printFrames(item: EvalItem, cache: ItemCache, recognition: RecognitionModel): Promise<void> {
  const posteriors = await posteriorsAt(cache, 1, recognition);
  const energy = energyTrackFrom(cache.energy);
  const hints = item.hints ? { surah: item.hints.surah, fromAyah: item.hints.from_ayah, toAyah: item.hints.to_ayah } : {};
  const recitation = alignRecitedUnits({ posteriors, pauses: cache.pauses, hints, durationSeconds: cache.durationSeconds, energy }, recognition.index, recognition.model.textRules);
  if (!recitation) return;
  const step = posteriors.frameStepSeconds;
  const letters = [...recitation.transcription.replaceAll(" ", "")];
  recitation.units.forEach((u, k) => {
    const label = `${u.unit.surah}:${u.unit.kind === "ayah" ? u.unit.ayah : u.unit.kind}`;
    console.log(`   F ${label.padEnd(12)} ${(u.firstFrame * step).toFixed(2)}–${((u.lastFrame + 1) * step).toFixed(2)} conf=${u.confidence.toFixed(2)} labels=${u.labelFrames.startFrames.length}`);
    const next = recitation.units[k + 1];
    if (!next) return;
    const [from, to] = [(u.lastFrame + 1) * step, next.firstFrame * step];
    const heard = recitation.letterFrames.map((f, j) => [f, j]).filter(([f]) => f > u.lastFrame && f < next.firstFrame).map(([, j]) => letters[j] ?? "").join("");
    if (to - from > 0.5) console.log(`     gap ${(to - from).toFixed(2)} s speech=${speechSeconds(energy, from, to).toFixed(2)} s heard=${heard}`);
  });
}

async function runSet(setDir: string, recognition: RecognitionModel): Promise<void> {
  const manifest = JSON.parse(fs.readFileSync(path.join(setDir, "manifest.json"), "utf8")) as { name?: string; items: EvalItem[] };
  const setName = manifest.name ?? path.basename(setDir);
  const all: (ItemScore | null)[] = [];
  let honest = 0;
  let judged = 0;
  for (const item of manifest.items.filter((i) => !only || only.includes(i.id))) {
    const cache = await itemCache(item, setDir, path.join(cacheRoot, setName, item.id));
    const pred = await recognize(item, cache, recognition);
    const invented = inventedAyahs(item, pred);
    if (item.expect === "no-ayahs" || item.kind === "wrong-hint" || item.kind === "short") { judged++; if (invented === 0) honest++; }
    if (item.expect === "no-ayahs") { console.log(`${item.id.padEnd(16)} invented=${invented}`); continue; }
    if (!pred) { console.log(`${item.id.padEnd(16)} FAILED`); all.push(null); continue; }
    const scores = item.parts ? scoreParts(item, pred, cache.scoreDb, ayahCounts) : [scoreItem(item, pred, cache.scoreDb, ayahCounts)];
    all.push(...scores);
    const s = summarize(scores);
    const order = item.parts ? ` order_exact=${Number(orderExact(item, pred))}` : "";
    console.log(`${item.id.padEnd(16)} surah_ok=${s.surah_id} missing=${s.missing} extra=${s.extra} invented=${invented} med_ms=${s.median_ms?.toFixed(0)} within300=${s.within_300ms}${order} ${describeDifferences(item, pred)}`);
    if (showBad && !item.parts && scores[0].missing === 0) printBadBoundaries(item, pred, scores[0]);
    if (showFrames) await printFrames(item, cache, recognition);
    if (showUnits) for (const a of pred.ayahs) console.log(`   ${key(a.surah_number, a.ayah_number).padEnd(8)} ${a.start_time.toFixed(2)}–${a.end_time.toFixed(2)} conf=${a.confidence}`);
  }
  if (all.length > 0) console.log(`SUMMARY ${setName} ${JSON.stringify(summarize(all))}`);
  if (judged > 0) console.log(`HONEST ${setName} items_with_no_invented_ayah=${honest}/${judged}`);
}

const recognition = await ctx.recognition();
if (!recognition) throw new Error("no model installed");
for (const dir of setDirs) await runSet(path.resolve(dir), recognition);
