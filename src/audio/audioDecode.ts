/**
 * Upload file → DecodedAudio: 16 kHz mono float32 PCM for analysis, plus what ffmpeg says about the
 * original (format, codec, rate, channels, bit rate, duration). One ffmpeg run does both: the probe
 * facts come from the log of the decode itself.
 *
 * Decisions:
 * - Anything ffmpeg cannot open, or that has no audio stream (an image renamed .mp3), is UNDECODABLE.
 * - A truncated file (e.g. an upload cut short) decodes to the audio that is there; only a file from
 *   which no audio at all comes out is an error. `durationSeconds` is always the decoded length, so
 *   later stages never point past the real end of the audio.
 * - The PCM goes to a file on disk. The service keeps it there and reads it in blocks
 *   (decodeAudioToPcmFile: memory stays flat whatever the length); decodeAudioFile reads it
 *   whole into one Float32Array for scripts and tests.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDiskFullFailure } from "../pipeline/diskFull.ts";
import type { AnalysisAudio, DecodedAudio, SourceAudioInfo } from "../pipeline/types.ts";
import { corePath, type FfmpegCore } from "./ffmpegCore.ts";
import { parseFfmpegInputInfo, type ProbedAudioStream, type ProbedInput } from "./ffmpegProbe.ts";
import { memoryPcmSource, openPcmFile, readAllSamples, type PcmFile } from "./pcmSource.ts";

export const ANALYSIS_SAMPLE_RATE_HZ = 16000;

export type AudioDecodeErrorCode = "EMPTY" | "NOT_FOUND" | "UNDECODABLE" | "TOO_LONG";

/** A user-facing problem with the upload (not a bug): the message is fit for the job's `error`. */
export class AudioDecodeError extends Error {
  constructor(readonly code: AudioDecodeErrorCode, message: string) {
    super(message);
    this.name = "AudioDecodeError";
  }
}

export interface DecodeOptions {
  /** Where the temporary PCM file goes (default: the OS temp dir). */
  tempDir?: string;
  /** 0..1 through the input. */
  onProgress?: (fraction: number) => void;
  /**
   * Longest recording accepted, checked on the decoded PCM file's size before any analysis
   * (processing time, disk for the PCM file and the posteriors grow with it).
   */
  maxDurationSeconds?: number;
}

/** Decoded audio whose samples stay in the PCM file; close `pcm` when done (the file is the caller's). */
export interface DecodedPcmFile extends AnalysisAudio {
  pcm: PcmFile;
}

/** Decodes the whole upload into memory (scripts, tests); the temporary PCM file is removed. */
export async function decodeAudioFile(core: FfmpegCore, inputPath: string, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const pcmPath = path.join(options.tempDir ?? os.tmpdir(), `decode-${crypto.randomUUID()}.f32le`);
  try {
    const decoded = await decodeAudioToPcmFile(core, inputPath, pcmPath, options);
    let samples: Float32Array;
    try {
      samples = readAllSamples(decoded.pcm);
    } finally {
      decoded.pcm.close();
    }
    return { ...decoded, samples, pcm: memoryPcmSource(samples) };
  } finally {
    fs.rmSync(pcmPath, { force: true });
  }
}

/**
 * The upload's format and codec without decoding it (a re-cut needs only those, to choose between
 * stream copy and encoding). ffmpeg prints the input block even when it is given no output.
 */
export async function probeAudioFile(core: FfmpegCore, inputPath: string): Promise<SourceAudioInfo> {
  checkInputFile(inputPath);
  const result = await core.run(["-i", corePath(inputPath)]);
  const probed = parseFfmpegInputInfo(result.logLines);
  if (probed?.audio == null) throw new AudioDecodeError("UNDECODABLE", `The file is not decodable audio (${lastErrorLine(result.logLines)})`);
  return toSourceInfo(probed.audio, probed, probed.durationSeconds ?? 0);
}

/**
 * Decodes the upload into `pcmPath` (16 kHz mono f32le) and opens it for block reads. On error
 * the descriptor is closed; the file, complete or partial, is always the caller's to remove.
 */
export async function decodeAudioToPcmFile(core: FfmpegCore, inputPath: string, pcmPath: string, options: DecodeOptions = {}): Promise<DecodedPcmFile> {
  checkInputFile(inputPath);
  const result = await core.run(
    ["-i", corePath(inputPath), "-map", "0:a:0", "-ac", "1", "-ar", String(ANALYSIS_SAMPLE_RATE_HZ), "-f", "f32le", corePath(pcmPath)],
    { onProgress: options.onProgress },
  );
  // A full disk is the server's trouble, not a sign the upload is broken: say so (src/pipeline/diskFull.ts).
  if (result.exitCode !== 0 && isDiskFullFailure(result)) throw Object.assign(new Error("no space left for the decoded audio"), { code: "ENOSPC" });
  const probed = parseFfmpegInputInfo(result.logLines);
  if (probed === null) throw new AudioDecodeError("UNDECODABLE", `The file is not decodable audio (${lastErrorLine(result.logLines)})`);
  if (probed.audio === null) {
    throw new AudioDecodeError("UNDECODABLE", `The file is not decodable audio: it has no audio stream (detected format: ${probed.formatName})`);
  }
  if (result.exitCode !== 0) throw new AudioDecodeError("UNDECODABLE", `Could not decode the audio (${lastErrorLine(result.logLines)})`);
  const pcm = openPcmFile(pcmPath);
  try {
    checkDuration(pcm.sampleCount / ANALYSIS_SAMPLE_RATE_HZ, options.maxDurationSeconds);
    if (pcm.sampleCount === 0) throw new AudioDecodeError("UNDECODABLE", "No audio could be decoded from the file");
  } catch (error) {
    pcm.close();
    throw error;
  }
  const durationSeconds = pcm.sampleCount / ANALYSIS_SAMPLE_RATE_HZ;
  return { pcm, sampleRateHz: ANALYSIS_SAMPLE_RATE_HZ, durationSeconds, source: toSourceInfo(probed.audio, probed, durationSeconds) };
}

function checkInputFile(inputPath: string): void {
  let sizeBytes: number;
  try {
    sizeBytes = fs.statSync(inputPath).size;
  } catch {
    throw new AudioDecodeError("NOT_FOUND", `Audio file not found: ${path.basename(inputPath)}`);
  }
  if (sizeBytes === 0) throw new AudioDecodeError("EMPTY", "The uploaded audio file is empty");
}

function checkDuration(decodedSeconds: number, maxDurationSeconds: number | undefined): void {
  if (maxDurationSeconds === undefined || decodedSeconds <= maxDurationSeconds) return;
  const minutes = (seconds: number) => `${Math.round(seconds / 60)} minutes`;
  throw new AudioDecodeError(
    "TOO_LONG",
    `The recording is ${minutes(decodedSeconds)} long; this server splits recordings of up to ${minutes(maxDurationSeconds)} (MAX_AUDIO_MINUTES). Split it into parts and send each one.`,
  );
}

function toSourceInfo(audio: ProbedAudioStream, probed: ProbedInput, decodedSeconds: number): SourceAudioInfo {
  return {
    formatName: probed.formatName,
    codecName: audio.codecName,
    sampleRateHz: audio.sampleRateHz,
    channels: audio.channels,
    bitrateKbps: audio.bitrateKbps ?? probed.containerBitrateKbps,
    // The decoded length, not the container's claim: headers can be estimates (ADTS aac, mp3 without
    // an index: "Estimating duration from bitrate") or promise more than a truncated upload holds.
    durationSeconds: decodedSeconds,
  };
}

/** ffmpeg's most specific complaint: the last line that is not a banner or summary. */
function lastErrorLine(logLines: readonly string[]): string {
  const meaningful = logLines.filter((line) => line.trim() !== "" && !/^\s/.test(line));
  const line = meaningful[meaningful.length - 1] ?? "unknown error";
  // Never show server paths to the user: keep only the file name.
  return line.replace(/\/host(\/[^\s:']+)/g, (_match, hostPath: string) => path.basename(hostPath));
}
