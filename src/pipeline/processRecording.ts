/**
 * The job pipeline, run in the worker thread: decode → pauses → align → cut → zip → metadata.
 * I/O happens here at the edges (ffmpeg, files); every decision in between is a pure stage.
 * Failures the user can act on come back as `{ok:false, code, message}` with a plain message;
 * anything unexpected as INTERNAL (the API shows a generic text, the log keeps the detail).
 */
import fs from "node:fs";
import path from "node:path";
import { AudioDecodeError, decodeAudioToPcmFile, probeAudioFile, type DecodedPcmFile } from "../audio/audioDecode.ts";
import { cutSegments, type CutSegment } from "../audio/mp3Cut.ts";
import { detectPausesInPcm } from "../audio/pauseDetect.ts";
import { energyTrackFrom } from "../audio/energyDips.ts";
import { writeZip } from "../audio/zipWriter.ts";
import { computeWaveformPeaksFromPcm } from "../audio/waveformPeaks.ts";
import { findExportFormat, renderExport } from "../export/exportFormats.ts";
import { withFileNaming } from "../export/everyayahNaming.ts";
import { alignRecording, AlignmentError } from "./alignRecording.ts";
import { DISK_FULL_MESSAGE, isDiskFullFailure } from "./diskFull.ts";
import { buildRecordingMetadata } from "./metadataBuilder.ts";
import type { ProcessErrorCode, ProcessReply, ProcessTask, RecordingMetadata } from "./taskTypes.ts";
import type { AlignHints, AlignmentResult, AnalysisAudio, SourceAudioInfo } from "./types.ts";
import type { WorkerContext } from "./workerContext.ts";

type ProgressFn = (stage: string, progress: number) => void;

/** Shortest recording worth aligning: less than this is almost certainly not a recitation. */
const MIN_DURATION_SECONDS = 0.5;

class StageError extends Error {
  constructor(readonly code: ProcessErrorCode, message: string) {
    super(message);
  }
}

/** Decodes into `pcmPath`; the open PCM file it returns is the caller's to close. */
async function decodeStage(task: ProcessTask, ctx: WorkerContext, pcmPath: string, onProgress: ProgressFn): Promise<DecodedPcmFile> {
  try {
    const audio = await decodeAudioToPcmFile(await ctx.ffmpeg(), task.uploadPath, pcmPath, {
      onProgress: (f) => onProgress("decoding", 2 + 18 * f),
      maxDurationSeconds: task.maxAudioSeconds,
    });
    if (audio.durationSeconds < MIN_DURATION_SECONDS) {
      audio.pcm.close();
      throw new StageError("EMPTY_AUDIO", `The recording is too short (${audio.durationSeconds.toFixed(2)} s) to hold a recitation.`);
    }
    return audio;
  } catch (error) {
    if (error instanceof AudioDecodeError) {
      throw new StageError(error.code === "EMPTY" ? "EMPTY_AUDIO" : error.code === "TOO_LONG" ? "AUDIO_TOO_LONG" : "UNDECODABLE_AUDIO", error.message);
    }
    throw error;
  }
}

async function cutAndZip(task: ProcessTask, ctx: WorkerContext, source: SourceAudioInfo, metadata: RecordingMetadata, onProgress: ProgressFn): Promise<void> {
  const cutDir = fs.mkdtempSync(path.join(task.tempDir, "cut-"));
  try {
    const segments: CutSegment[] = metadata.ayahs.map((ayah) => ({
      startTimeSeconds: ayah.start_time,
      endTimeSeconds: Math.max(ayah.end_time, ayah.start_time + 0.05),
      outputPath: path.join(cutDir, ayah.filename),
      tags: { title: `Surah ${ayah.surah_number}, Ayah ${ayah.ayah_number}`, track: String(ayah.ayah_number) },
    }));
    await cutSegments(await ctx.ffmpeg(), task.uploadPath, source, segments);
    onProgress("zipping", 92);
    await writeZip(task.resultZipPath, [
      ...segments.map((segment) => ({ name: path.basename(segment.outputPath), filePath: segment.outputPath, compress: false })),
      { name: "metadata.json", data: JSON.stringify(metadata, null, 2), compress: true },
      ...exportEntries(task, metadata),
    ]);
  } finally {
    fs.rmSync(cutDir, { recursive: true, force: true });
  }
}

/** The export files the upload asked for, under exports/ (the spec's files stay at the top). */
function exportEntries(task: ProcessTask, metadata: RecordingMetadata): { name: string; data: string; compress: boolean }[] {
  return (task.output?.exports ?? []).flatMap((name) => {
    const format = findExportFormat(name);
    if (!format) return [];
    const rendered = renderExport(format, metadata, { originalFilename: task.originalFilename });
    return [{ name: `exports/${rendered.fileName}`, data: rendered.text, compress: true }];
  });
}

/**
 * Decoded audio → ayah spans: pauses and frame energy (one analysis serves the pause detector and
 * the cut refinement), then recognition + alignment. Also used by scripts/pseudoLabel.ts, so
 * training data is cut exactly as the service cuts.
 */
export async function alignDecodedAudio(ctx: WorkerContext, audio: AnalysisAudio, hints: AlignHints, onProgress: ProgressFn): Promise<AlignmentResult> {
  onProgress("detecting pauses", 20);
  const { detection: { pauses, speech }, frames } = detectPausesInPcm(audio.pcm, audio.sampleRateHz);
  const energy = energyTrackFrom(frames.energyDb);
  onProgress("recognizing", 25);
  const recognition = await ctx.recognition();
  return alignRecording(recognition, { audio, pauses, speech, hints, energy }, (f) => onProgress("recognizing", 25 + 55 * f));
}

/** Written in the job's temp folder and renamed, so the API never serves half a file and a crash leaves none in results/. */
function writeWaveform(waveformPath: string, tempDir: string, audio: AnalysisAudio): void {
  const partialPath = path.join(tempDir, "waveform.json.partial");
  fs.writeFileSync(partialPath, JSON.stringify(computeWaveformPeaksFromPcm(audio.pcm, audio.sampleRateHz)));
  fs.renameSync(partialPath, waveformPath);
}

/**
 * Decode → pauses → recognition and alignment. The decoded signal stays in a PCM file that the
 * analysis stages read in blocks (memory flat whatever the length), removed once aligned.
 */
async function decodeAndAlign(task: ProcessTask, ctx: WorkerContext, onProgress: ProgressFn): Promise<{ source: SourceAudioInfo; durationSeconds: number; alignment: AlignmentResult }> {
  const pcmPath = path.join(task.tempDir, "decoded.f32le");
  try {
    const audio = await decodeStage(task, ctx, pcmPath, onProgress);
    try {
      if (task.waveformPath) writeWaveform(task.waveformPath, task.tempDir, audio);
      const alignment = await alignDecodedAudio(ctx, audio, task.hints, onProgress);
      return { source: audio.source, durationSeconds: audio.durationSeconds, alignment };
    } finally {
      audio.pcm.close();
    }
  } finally {
    fs.rmSync(pcmPath, { force: true });
  }
}

async function runPipeline(task: ProcessTask, ctx: WorkerContext, onProgress: ProgressFn): Promise<RecordingMetadata> {
  if (task.recut) return recutPipeline(task, task.recut.metadata, ctx, onProgress);
  onProgress("decoding", 1);
  const { source, durationSeconds, alignment } = await decodeAndAlign(task, ctx, onProgress);
  onProgress("cutting", 82);
  const metadata = withFileNaming(buildRecordingMetadata(alignment, durationSeconds), task.output?.naming ?? "spec");
  await cutAndZip(task, ctx, source, metadata, onProgress);
  onProgress("done", 100);
  return metadata;
}

/** A boundary correction: the edited metadata's ayahs cut again from the upload, no recognition. */
async function recutPipeline(task: ProcessTask, metadata: RecordingMetadata, ctx: WorkerContext, onProgress: ProgressFn): Promise<RecordingMetadata> {
  onProgress("re-cutting", 5);
  let source: SourceAudioInfo;
  try {
    source = await probeAudioFile(await ctx.ffmpeg(), task.uploadPath);
  } catch (error) {
    if (error instanceof AudioDecodeError) throw new StageError("UNDECODABLE_AUDIO", error.message);
    throw error;
  }
  onProgress("re-cutting", 10);
  await cutAndZip(task, ctx, source, metadata, onProgress);
  onProgress("done", 100);
  return metadata;
}

/** The user knows the upload by the name they sent, never by the stored `<uuid>.<ext>` (ffmpeg's messages quote it). */
function namingTheUpload(message: string, task: ProcessTask): string {
  const storedName = path.basename(task.uploadPath);
  return message.split(storedName).join(`'${task.originalFilename}'`);
}

export async function processRecording(task: ProcessTask, ctx: WorkerContext, onProgress: ProgressFn): Promise<ProcessReply> {
  try {
    const metadata = await runPipeline(task, ctx, onProgress);
    return { ok: true, metadata, resultZipPath: task.resultZipPath };
  } catch (error) {
    fs.rmSync(task.resultZipPath, { force: true });
    // A failed job has no page to draw; a failed re-cut keeps the waveform (it wrote none).
    if (task.waveformPath) fs.rmSync(task.waveformPath, { force: true });
    if (isDiskFullFailure(error)) return { ok: false, code: "DISK_FULL", message: DISK_FULL_MESSAGE };
    if (error instanceof StageError || error instanceof AlignmentError) {
      return { ok: false, code: error.code, message: namingTheUpload(error.message, task) };
    }
    // Internals (paths, stack) go to the server log only; the job's error stays a plain sentence.
    console.error(`job ${task.jobId} failed:`, error);
    return { ok: false, code: "INTERNAL", message: `Processing failed unexpectedly; the server log has the details (job ${task.jobId}).` };
  }
}
