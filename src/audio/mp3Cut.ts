/**
 * Cuts [startTimeSeconds, endTimeSeconds) segments out of the ORIGINAL upload into mp3 files.
 *
 * - mp3 input: stream copy (`-c copy`): the output frames are the input's frames byte for byte, so no
 *   quality loss; cuts fall on the mp3 frame boundary nearest to each requested time (frames are 1152
 *   or 576 samples, ~26 ms). No Xing/LAME header is written for copies: ffmpeg would copy the source's
 *   encoder delay and end padding into it, and decoders would then drop ~25 ms of real audio at the
 *   start of every segment and the source's padding (200 ms on e036) at the end of the last one.
 *   A copied segment's first frame may lean on the previous frame's bit reservoir: a brief glitch at
 *   worst, as with every lossless mp3 cutter.
 * - other inputs: encoded with libmp3lame at 128 kbps, or the source's bit rate if lower.
 *
 * All segments come out of one ffmpeg run with one output per segment (ffmpeg reads and, when
 * encoding, decodes the input once), in batches to bound argument length and open files.
 * The seek is on the output side (`-ss` after `-i`): packets are discarded by timestamp while the input
 * is read sequentially, which is exact even for VBR mp3 whose seek index (Xing TOC) is coarse.
 */
import fs from "node:fs";
import type { SourceAudioInfo } from "../pipeline/types.ts";
import { corePath, type FfmpegCore } from "./ffmpegCore.ts";

export interface CutSegment {
  startTimeSeconds: number;
  endTimeSeconds: number;
  outputPath: string;
  /** ID3 tags to write, e.g. { title: "Surah 36, Ayah 1" }. */
  tags?: Record<string, string>;
}

export interface CutOptions {
  /** Segments per ffmpeg run (default 40). */
  segmentsPerRun?: number;
  /** Ceiling for re-encoding, kbit/s (default 128). */
  maxBitrateKbps?: number;
}

export type CutMode = { kind: "stream-copy" } | { kind: "encode"; bitrateKbps: number };

/** Raised when ffmpeg fails to write the segments (a bug or a disk problem, not a user error). */
export class Mp3CutError extends Error {
  constructor(message: string, readonly logLines: string[]) {
    super(message);
    this.name = "Mp3CutError";
  }
}

// Bit rates libmp3lame can produce at every sample rate it accepts (MPEG-1/2/2.5 layer III overlap).
const MP3_BITRATES_KBPS = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160];
const DEFAULT_MAX_BITRATE_KBPS = 128;

/** Stream copy for mp3 in an mp3 file; otherwise the mp3 bit rate to encode at. */
export function chooseCutMode(source: SourceAudioInfo, maxBitrateKbps = DEFAULT_MAX_BITRATE_KBPS): CutMode {
  if (source.formatName === "mp3" && source.codecName === "mp3") return { kind: "stream-copy" };
  const target = Math.min(maxBitrateKbps, source.bitrateKbps ?? maxBitrateKbps);
  const bitrateKbps = MP3_BITRATES_KBPS.filter((rate) => rate <= target).pop() ?? MP3_BITRATES_KBPS[0];
  return { kind: "encode", bitrateKbps };
}

export async function cutSegments(
  core: FfmpegCore, inputPath: string, source: SourceAudioInfo, segments: readonly CutSegment[], options: CutOptions = {},
): Promise<CutMode> {
  for (const segment of segments) validateSegment(segment);
  const mode = chooseCutMode(source, options.maxBitrateKbps);
  const batchSize = Math.max(1, options.segmentsPerRun ?? 40);
  for (let first = 0; first < segments.length; first += batchSize) {
    const batch = segments.slice(first, first + batchSize);
    const shiftSeconds = mode.kind === "stream-copy" ? mp3FrameSeconds(source.sampleRateHz) / 2 : 0;
    const args = ["-i", corePath(inputPath), ...batch.flatMap((segment) => segmentOutputArgs(segment, mode, shiftSeconds))];
    const result = await core.run(args);
    const missing = batch.find((segment) => !fs.existsSync(segment.outputPath) || fs.statSync(segment.outputPath).size === 0);
    if (result.exitCode !== 0 || missing) {
      const detail = result.logLines.filter((line) => !/^\s/.test(line)).slice(-2).join(" | ");
      throw new Mp3CutError(`cutting ${batch.length} segments failed (exit ${result.exitCode}): ${detail}`, result.logLines);
    }
  }
  return mode;
}

/**
 * A copy keeps the frames whose timestamps lie in [start, end); moving both times half a frame earlier
 * makes each cut land on the nearest frame boundary instead of always the next one.
 */
function segmentOutputArgs(segment: CutSegment, mode: CutMode, shiftSeconds: number): string[] {
  const codecArgs = mode.kind === "stream-copy" ? ["-c:a", "copy", "-write_xing", "0"] : ["-c:a", "libmp3lame", "-b:a", `${mode.bitrateKbps}k`];
  const tagArgs = Object.entries(segment.tags ?? {}).flatMap(([key, value]) => ["-metadata", `${key}=${value}`]);
  return [
    "-map", "0:a:0", // the audio only: no cover-art "video" stream in an mp3
    "-map_metadata", "-1", // the upload's tags do not describe one ayah
    "-ss", formatSeconds(Math.max(0, segment.startTimeSeconds - shiftSeconds)),
    "-t", formatSeconds(segment.endTimeSeconds - segment.startTimeSeconds),
    ...codecArgs,
    ...tagArgs,
    "-f", "mp3",
    corePath(segment.outputPath),
  ];
}

/** MPEG-1 layer III frames hold 1152 samples (32–48 kHz); MPEG-2/2.5 frames 576 (8–24 kHz). */
export function mp3FrameSeconds(sampleRateHz: number): number {
  if (sampleRateHz <= 0) return 0;
  return (sampleRateHz >= 32000 ? 1152 : 576) / sampleRateHz;
}

function validateSegment(segment: CutSegment): void {
  const { startTimeSeconds: start, endTimeSeconds: end } = segment;
  if (!(Number.isFinite(start) && Number.isFinite(end) && start >= 0 && end > start)) {
    throw new RangeError(`invalid segment [${start}, ${end}) for ${segment.outputPath}`);
  }
}

function formatSeconds(seconds: number): string {
  return seconds.toFixed(6);
}
