/**
 * What the recognizer adds to the peak for a long recording, stage by stage, without re-running
 * the model each time: the first run decodes the file and computes its posteriors, pauses and
 * energy track, and keeps them in `<file>.recognizer-cache/` beside it; later runs load that cache
 * (so a change to the recognizer can be measured in seconds). Before each stage the heap is
 * collected and the kernel's peak RSS (VmHWM) is reset (/proc/self/clear_refs), so the "peak +"
 * figure is what that stage alone added. A diagnostic for issue 9's memory bound.
 *
 *   node --expose-gc --import tsx scripts/recognizerMemory.ts <audio file> [surah]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { detectPausesInPcm } from "../src/audio/pauseDetect.ts";
import { energyTrackFrom, type EnergyTrack } from "../src/audio/energyDips.ts";
import { decodeAudioToPcmFile } from "../src/audio/audioDecode.ts";
import { compactLetterPosteriors, computeLetterPosteriorsFromPcm, type LetterPosteriors } from "../src/model/ctcPosteriors.ts";
import { greedyDecodeDetailed } from "../src/model/greedyDecode.ts";
import { createWorkerContext } from "../src/pipeline/workerContext.ts";
import { buildRecordingMetadata } from "../src/pipeline/metadataBuilder.ts";
import type { Pause } from "../src/pipeline/types.ts";
import { recognizeWithHintCheck } from "../src/recognize/hintEvidence.ts";
import { locateSegments } from "../src/recognize/locate.ts";
import { buildQuranIndex } from "../src/recognize/quranIndex.ts";
import { hypothesisLetters } from "../src/recognize/recognizer.ts";
import { parseTextRules } from "../src/quran/spokenText.ts";

const [audioPath, surah] = process.argv.slice(2);
if (!audioPath) {
  console.error("usage: node --expose-gc --import tsx scripts/recognizerMemory.ts <audio file> [surah]");
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const statusKb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);

/** Runs `stage` after a collection and a peak reset; prints what it added to RSS and to the peak. */
function measured<T>(label: string, stage: () => T): T {
  gc();
  fs.writeFileSync("/proc/self/clear_refs", "5");
  const rssBeforeKb = statusKb("VmRSS");
  const heapBefore = process.memoryUsage().heapUsed;
  const startedAtMs = performance.now();
  const value = stage();
  const seconds = ((performance.now() - startedAtMs) / 1000).toFixed(1);
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(`${label.padEnd(28)} peak +${mb((statusKb("VmHWM") - rssBeforeKb) * 1024)} MB over rss ${mb(rssBeforeKb * 1024)} MB; heap ${mb(heapBefore)} → ${mb(heapAfter)} MB (uncollected); ${seconds} s`);
  return value;
}

interface Cached { posteriors: LetterPosteriors; pauses: Pause[]; energy: EnergyTrack; durationSeconds: number }

async function computeCache(cacheDir: string): Promise<void> {
  const ctx = createWorkerContext();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-recmem-"));
  try {
    const audio = await decodeAudioToPcmFile(await ctx.ffmpeg(), path.resolve(audioPath), path.join(tempDir, "decoded.f32le"));
    const { detection, frames } = detectPausesInPcm(audio.pcm, audio.sampleRateHz);
    const recognition = await ctx.recognition();
    if (!recognition) throw new Error("no model installed");
    const posteriors = await computeLetterPosteriorsFromPcm(audio.pcm, audio.sampleRateHz, recognition.model);
    audio.pcm.close();
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(path.join(cacheDir, "logProbs.f32"), posteriors.logProbs);
    fs.writeFileSync(path.join(cacheDir, "energyDb.f32"), frames.energyDb);
    const { logProbs: _, ...posteriorInfo } = posteriors;
    fs.writeFileSync(path.join(cacheDir, "info.json"), JSON.stringify({ posteriorInfo, pauses: detection.pauses, durationSeconds: audio.durationSeconds }));
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

function loadCache(cacheDir: string): Cached {
  const info = JSON.parse(fs.readFileSync(path.join(cacheDir, "info.json"), "utf8"));
  const floats = (name: string) => {
    const bytes = fs.readFileSync(path.join(cacheDir, name));
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  };
  return {
    // Cached as float32, held as float16 like the service (src/pipeline/alignRecording.ts).
    posteriors: compactLetterPosteriors({ ...info.posteriorInfo, logProbs: floats("logProbs.f32") }),
    pauses: info.pauses,
    energy: energyTrackFrom(floats("energyDb.f32")),
    durationSeconds: info.durationSeconds,
  };
}

const cacheDir = `${path.resolve(audioPath)}.recognizer-cache`;
if (!fs.existsSync(path.join(cacheDir, "info.json"))) await computeCache(cacheDir);
const { posteriors, pauses, energy, durationSeconds } = loadCache(cacheDir);
const textRules = parseTextRules(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../models/quran-text-rules.json"), "utf8")));
const index = buildQuranIndex(textRules);
console.log(`${(durationSeconds / 60).toFixed(1)} min, ${posteriors.frameCount} frames (${mb(posteriors.logProbs.byteLength)} MB of posteriors)`);
const hyp = measured("greedy + hypothesis letters", () => hypothesisLetters(posteriors, greedyDecodeDetailed(posteriors), index));
console.log(`  ${hyp.length} letters heard`);
measured("locate (strict, whole)", () => locateSegments(index, hyp, {}));
const hints = surah ? { surah: Number(surah) } : {};
const outcome = measured("recognize + align (all)", () => recognizeWithHintCheck({ posteriors, pauses, hints, durationSeconds, energy }, index, textRules));
if (outcome.kind === "recognized") {
  const metadata = measured("metadata", () => buildRecordingMetadata(outcome.result, durationSeconds));
  console.log(`  ${metadata.ayahs.length} ayahs, metadata JSON ${mb(JSON.stringify(metadata).length)} MB`);
} else console.log(`  ${outcome.kind}`);
