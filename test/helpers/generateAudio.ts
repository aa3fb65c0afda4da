/**
 * Test fixtures generated at test time: "speech" bursts (harmonic tones with a syllable-like
 * amplitude wobble) separated by silences, optionally over background noise, encoded with the
 * ffmpeg.wasm core into each upload format the service accepts. Nothing is committed; files go to
 * a temp dir that the caller removes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { corePath, type FfmpegCore } from "../../src/audio/ffmpegCore.ts";
import { encodeWav16 } from "./wavFile.ts";

export interface BurstSpec {
  /** Length of the sounding part. */
  toneSeconds: number;
  /** Silence (or noise only) after it. */
  silenceSeconds: number;
  /** Peak amplitude of the burst, 0..1 (default 0.3). */
  amplitude?: number;
}

export interface PatternOptions {
  sampleRateHz?: number;
  leadingSilenceSeconds?: number;
  /** RMS-ish amplitude of white background noise over the whole signal (default 0). */
  noiseAmplitude?: number;
  seed?: number;
}

export interface TimeSpan {
  startTimeSeconds: number;
  endTimeSeconds: number;
}

export interface GeneratedPattern {
  samples: Float32Array;
  sampleRateHz: number;
  durationSeconds: number;
  /** Where the bursts really are. */
  bursts: TimeSpan[];
  /** The silences between bursts (not the leading or trailing one). */
  gaps: TimeSpan[];
}

/** Synthesizes bursts and silences; deterministic for a given seed. */
export function synthesizePattern(specs: BurstSpec[], options: PatternOptions = {}): GeneratedPattern {
  const sampleRateHz = options.sampleRateHz ?? 44100;
  const lead = options.leadingSilenceSeconds ?? 0;
  const durationSeconds = specs.reduce((sum, s) => sum + s.toneSeconds + s.silenceSeconds, lead);
  const samples = new Float32Array(Math.round(durationSeconds * sampleRateHz));
  const bursts: TimeSpan[] = [];
  let startTimeSeconds = lead;
  for (const spec of specs) {
    const endTimeSeconds = startTimeSeconds + spec.toneSeconds;
    writeBurst(samples, sampleRateHz, startTimeSeconds, endTimeSeconds, spec.amplitude ?? 0.3);
    bursts.push({ startTimeSeconds, endTimeSeconds });
    startTimeSeconds = endTimeSeconds + spec.silenceSeconds;
  }
  addNoise(samples, options.noiseAmplitude ?? 0, options.seed ?? 1);
  const gaps = bursts.slice(1).map((burst, index) => ({
    startTimeSeconds: bursts[index].endTimeSeconds,
    endTimeSeconds: burst.startTimeSeconds,
  }));
  return { samples, sampleRateHz, durationSeconds, bursts, gaps };
}

function writeBurst(samples: Float32Array, rateHz: number, startSeconds: number, endSeconds: number, amplitude: number): void {
  const first = Math.round(startSeconds * rateHz);
  const last = Math.min(samples.length, Math.round(endSeconds * rateHz));
  const rampSamples = Math.round(0.005 * rateHz); // 5 ms ramps: no clicks, edges stay sharp
  for (let i = first; i < last; i++) {
    const t = i / rateHz;
    const ramp = Math.min(1, (i - first) / rampSamples, (last - 1 - i) / rampSamples);
    const syllable = 0.75 + 0.25 * Math.sin(2 * Math.PI * 4 * t); // 4 Hz wobble like syllables
    const voice = 0.6 * Math.sin(2 * Math.PI * 180 * t) + 0.3 * Math.sin(2 * Math.PI * 360 * t) + 0.1 * Math.sin(2 * Math.PI * 900 * t);
    samples[i] = amplitude * ramp * syllable * voice;
  }
}

function addNoise(samples: Float32Array, amplitude: number, seed: number): void {
  if (amplitude <= 0) return;
  let state = seed >>> 0 || 1;
  for (let i = 0; i < samples.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    samples[i] += amplitude * 1.7 * (state / 4294967296 - 0.5) * 2; // uniform, RMS ≈ amplitude
  }
}

/** Upload formats the service accepts, with the encoder each fixture is made with. */
export const FIXTURE_ENCODINGS: Record<string, readonly string[]> = {
  mp3: ["-c:a", "libmp3lame", "-b:a", "128k"],
  wav: ["-c:a", "pcm_s16le"],
  m4a: ["-c:a", "aac", "-b:a", "96k"],
  aac: ["-c:a", "aac", "-b:a", "96k", "-f", "adts"],
  ogg: ["-c:a", "libvorbis"],
  opus: ["-c:a", "libopus", "-b:a", "64k"],
  flac: ["-c:a", "flac"],
  webm: ["-c:a", "libopus", "-b:a", "64k"],
  wma: ["-c:a", "wmav2", "-b:a", "128k"],
};

/** Writes the pattern as <dir>/<name>.<ext>, encoded for that extension; returns the path. */
export async function encodePattern(
  core: FfmpegCore, pattern: GeneratedPattern, dir: string, name: string, ext: string, extraArgs: readonly string[] = [],
): Promise<string> {
  const wavPath = path.join(dir, `${name}.source.wav`);
  fs.writeFileSync(wavPath, encodeWav16(pattern.samples, pattern.sampleRateHz));
  const outPath = path.join(dir, `${name}.${ext}`);
  if (ext === "wav" && extraArgs.length === 0) {
    fs.renameSync(wavPath, outPath);
    return outPath;
  }
  const encoding = FIXTURE_ENCODINGS[ext];
  if (!encoding) throw new Error(`no fixture encoding for .${ext}`);
  const result = await core.run(["-i", corePath(wavPath), ...extraArgs, ...encoding, corePath(outPath)]);
  fs.rmSync(wavPath);
  if (result.exitCode !== 0) throw new Error(`encoding .${ext} failed: ${result.logLines.slice(-3).join(" | ")}`);
  return outPath;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** Basmala + the 4 ayahs of surah 112, as five "speech" bursts with clear pauses between them (44.1 kHz). */
export function surah112Pattern(): GeneratedPattern {
  return synthesizePattern([
    { toneSeconds: 2.4, silenceSeconds: 1.0 },
    { toneSeconds: 1.4, silenceSeconds: 1.0 },
    { toneSeconds: 1.2, silenceSeconds: 1.0 },
    { toneSeconds: 1.6, silenceSeconds: 1.0 },
    { toneSeconds: 1.8, silenceSeconds: 0.6 },
  ], { leadingSilenceSeconds: 0.5, sampleRateHz: 44100 });
}
