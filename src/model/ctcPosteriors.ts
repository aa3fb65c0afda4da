/**
 * Letter posteriors of a whole recording: log-mel features fed to the model in chunks with
 * overlap, so a 30-minute surah never becomes one 180k-frame tensor and ort's wasm memory stays at
 * the size of one chunk. The features are streamed too (logMel.ts streamLogMel: a first pass sums
 * the channels for the mean normalization, then each chunk's frames are computed from its stretch
 * of PCM; a recording of up to 15 minutes keeps the first pass's frames instead), so memory stays
 * flat whatever the length: only the posteriors (25 frames/s) are kept.
 *
 * Why chunking is exact: the model's output frame g (every `subsamplingFactor` = S input frames)
 * depends only on input frames within its receptive field around S*g. Each chunk runs on its core
 * frames plus `overlapFrames` of context each side; chunk starts are multiples of S so its output
 * frames line up with the whole-sequence ones; only the core's outputs are kept. With an overlap
 * of at least half the receptive field (+ S for the stride asymmetry) the kept frames equal the
 * whole-sequence output (checked by test/ctcPosteriors.test.ts on a generated model).
 * A trained model's effective field is much smaller than that bound: its card may state a measured
 * `chunk_context_frames` (quran-ctc-v1: 256 of 388), with which chunked outputs equal the whole-
 * sequence ones within float noise (test/modelChunkContext.test.ts), recomputing a third less.
 */
import { computeLogMel, streamLogMel, type LogMelFeatures } from "../audio/logMel.ts";
import { memoryPcmSource, readAllSamples, type PcmSource } from "../audio/pcmSource.ts";
import type { CtcModel } from "./ctcModel.ts";
import type { CtcModelSession } from "./onnxSession.ts";
import { stretchFeaturesInTime } from "./tempoStretch.ts";
import { chooseTempo } from "./tempoChoice.ts";
import { decodeFloat16, encodeFloat16 } from "./float16.ts";

/** How log-probabilities are held: float32, or half-precision bit patterns (float16.ts) at half the memory. */
export type LogProbStorage = Float32Array | Uint16Array;

export interface LetterPosteriors<Rows extends LogProbStorage = LogProbStorage> {
  /**
   * Row-major [frameCount × vocabSize] natural-log probabilities (log-softmax over the vocab):
   * float32, or (Uint16Array) float16 bits, what the service keeps a whole recording's as. Read
   * them with logProbRows, which decodes the rows asked for.
   */
  logProbs: Rows;
  frameCount: number;
  vocabSize: number;
  /** Output frame f covers the audio around f * frameStepSeconds (0.04 s for quran-ctc-v1). */
  frameStepSeconds: number;
  /** Symbol of each vocab index: [0] = "<blank>", [1] = " ", then letters. */
  alphabet: readonly string[];
  /** Tempo the features were changed by before the model (1 = unchanged), when known. */
  tempo?: number;
}

export interface ChunkingOptions {
  /** Core (kept) input frames per chunk, rounded up to a multiple of the subsampling factor. */
  chunkFrames?: number;
  /** Context frames each side of the core; default: the card's chunk_context_frames, else half the receptive field + S, rounded up to S. */
  overlapFrames?: number;
  /**
   * Change the features' tempo before the model (tempoStretch.ts: > 1 = faster, fewer frames);
   * "adaptive" chooses it per recording by the model's confidence (tempoChoice.ts). Default 1 (off).
   */
  tempo?: number | "adaptive";
  /** Called after each chunk with the fraction 0..1 of the recording done (job progress). */
  onProgress?: (fraction: number) => void;
  /**
   * computeLetterPosteriors(FromPcm) only: "float16" keeps the log-probabilities as half-precision
   * bits, chunk by chunk (a whole recording's never exist as float32). Default "float32"; the
   * posteriorsFrom* functions have their own float32 / compact variants.
   */
  storage?: "float32" | "float16";
}

export interface FeatureChunk {
  /** Input frames [inputStartFrame, inputEndFrame) fed to the model. */
  inputStartFrame: number;
  inputEndFrame: number;
  /** Output frames of this chunk kept, as global output frame indices [keepStart, keepEnd). */
  keepStartOutFrame: number;
  keepEndOutFrame: number;
}

/**
 * 120 s of 10 ms frames: ~4 MB of input per chunk, activations some tens of MB. Measured with
 * quran-ctc-v1 on a 20-minute input (scripts/benchModelRuntime.ts): peak RSS 376 MB with 120 s
 * chunks vs 374 MB with 60 s chunks, while the recomputed overlap halves.
 */
export const DEFAULT_CHUNK_FRAMES = 12000;

function roundUpToMultiple(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

export function defaultOverlapFrames(receptiveFieldFrames: number, subsamplingFactor: number): number {
  return roundUpToMultiple(Math.ceil(receptiveFieldFrames / 2) + subsamplingFactor, subsamplingFactor);
}

/** Output frames a model with S-fold subsampling (stride-2 convs, padding k//2) gives for `frames` input frames. */
export function outFrameCountFor(frameCount: number, subsamplingFactor: number): number {
  return Math.ceil(frameCount / subsamplingFactor);
}

/** Splits `frameCount` input frames into chunks whose kept outputs tile [0, outFrameCountFor(frameCount)). */
export function planFeatureChunks(frameCount: number, subsamplingFactor: number, chunkFrames: number, overlapFrames: number): FeatureChunk[] {
  if (!(chunkFrames > 0) || !(overlapFrames >= 0)) throw new RangeError(`chunkFrames must be > 0 and overlapFrames >= 0`);
  const core = roundUpToMultiple(chunkFrames, subsamplingFactor);
  const overlap = roundUpToMultiple(overlapFrames, subsamplingFactor);
  const chunks: FeatureChunk[] = [];
  for (let coreStart = 0; coreStart < frameCount; coreStart += core) {
    const coreEnd = Math.min(coreStart + core, frameCount);
    chunks.push({
      inputStartFrame: Math.max(0, coreStart - overlap),
      inputEndFrame: Math.min(frameCount, coreEnd + overlap),
      keepStartOutFrame: coreStart / subsamplingFactor,
      keepEndOutFrame: outFrameCountFor(coreEnd, subsamplingFactor),
    });
  }
  return chunks;
}

/** What chunked inference reads: normalized features of any stretch of frames, frame-major. */
export interface FeatureFrames {
  frameCount: number;
  melBinCount: number;
  frameStepSeconds: number;
  frames(startFrame: number, endFrame: number): Float32Array;
}

function wholeFeatureFrames(features: LogMelFeatures): FeatureFrames {
  const { frameCount, melBinCount, frameStepSeconds, data } = features;
  return { frameCount, melBinCount, frameStepSeconds, frames: (start, end) => data.subarray(start * melBinCount, end * melBinCount) };
}

/**
 * Transposes frame-major rows [frames × mel] into the model's channel-major [mel × frames] block,
 * written into `reuse` when it has that size (every middle chunk has): a fresh 4 MB block per
 * chunk is garbage the allocator keeps pages for, so the peak crept up with the chunk count.
 */
function channelMajor(rows: Float32Array, melBinCount: number, reuse?: Float32Array): Float32Array {
  const frames = rows.length / melBinCount;
  const block = reuse?.length === rows.length ? reuse : new Float32Array(rows.length);
  for (let frame = 0; frame < frames; frame++) {
    const rowOffset = frame * melBinCount;
    for (let mel = 0; mel < melBinCount; mel++) block[mel * frames + frame] = rows[rowOffset + mel];
  }
  return block;
}

export interface PosteriorModel {
  session: CtcModelSession;
  alphabet: readonly string[];
  subsamplingFactor: number;
  receptiveFieldFrames: number;
  /** The card's measured context per chunk side (chunk_context_frames); absent → exact default. */
  chunkContextFrames?: number | null;
  outputFrameSeconds: number;
}

/** Runs the model over precomputed features chunk by chunk and stitches the kept output frames. */
export function posteriorsFromFeatures(features: LogMelFeatures, model: PosteriorModel, options: ChunkingOptions = {}): Promise<LetterPosteriors<Float32Array>> {
  return posteriorsFromFrames(wholeFeatureFrames(features), model, options);
}

/** Runs the model chunk by chunk over features read stretch by stretch; stitches the kept output frames. */
export async function posteriorsFromFrames(features: FeatureFrames, model: PosteriorModel, options: ChunkingOptions = {}): Promise<LetterPosteriors<Float32Array>> {
  const logProbs = new Float32Array(outFrameCountFor(features.frameCount, model.subsamplingFactor) * model.alphabet.length);
  return { logProbs, ...await stitchChunks(features, model, options, (kept, at) => logProbs.set(kept, at)) };
}

/** posteriorsFromFrames kept as float16: each chunk's kept rows are encoded as they come. */
export async function compactPosteriorsFromFrames(features: FeatureFrames, model: PosteriorModel, options: ChunkingOptions = {}): Promise<LetterPosteriors<Uint16Array>> {
  const logProbs = new Uint16Array(outFrameCountFor(features.frameCount, model.subsamplingFactor) * model.alphabet.length);
  return { logProbs, ...await stitchChunks(features, model, options, (kept, at) => encodeFloat16(kept, logProbs, at)) };
}

/** Runs the chunks, handing each one's kept rows to `store` with their offset in the whole recording's rows. */
async function stitchChunks(
  features: FeatureFrames, model: PosteriorModel, options: ChunkingOptions, store: (kept: Float32Array, atValue: number) => void,
): Promise<Omit<LetterPosteriors, "logProbs">> {
  const S = model.subsamplingFactor;
  const vocabSize = model.alphabet.length;
  const overlap = options.overlapFrames ?? model.chunkContextFrames ?? defaultOverlapFrames(model.receptiveFieldFrames, S);
  const chunks = planFeatureChunks(features.frameCount, S, options.chunkFrames ?? DEFAULT_CHUNK_FRAMES, overlap);
  const frameCount = outFrameCountFor(features.frameCount, S);
  let block: Float32Array | undefined;
  for (const chunk of chunks) {
    const inputFrames = chunk.inputEndFrame - chunk.inputStartFrame;
    block = channelMajor(features.frames(chunk.inputStartFrame, chunk.inputEndFrame), features.melBinCount, block);
    const output = await model.session.run(block, features.melBinCount, inputFrames);
    if (output.vocabSize !== vocabSize) throw new Error(`model outputs ${output.vocabSize} symbols, its alphabet has ${vocabSize}`);
    if (output.outFrameCount !== outFrameCountFor(inputFrames, S)) {
      // Stitching relies on the ceil(frames / S) geometry; another padding scheme would misalign chunks.
      throw new Error(`model gave ${output.outFrameCount} output frames for ${inputFrames} input frames, expected ceil(frames/${S})`);
    }
    const localKeepStart = chunk.keepStartOutFrame - chunk.inputStartFrame / S;
    store(output.logProbs.subarray(localKeepStart * vocabSize, (localKeepStart + chunk.keepEndOutFrame - chunk.keepStartOutFrame) * vocabSize), chunk.keepStartOutFrame * vocabSize);
    options.onProgress?.(chunk.keepEndOutFrame / frameCount);
  }
  // Tempo-changed features step by another time than the nominal hop: output frames do too.
  const nominalHopSeconds = model.outputFrameSeconds / S;
  const frameStepSeconds = features.frameStepSeconds === nominalHopSeconds ? model.outputFrameSeconds : features.frameStepSeconds * S;
  return { frameCount, vocabSize, frameStepSeconds, alphabet: model.alphabet };
}

/**
 * Rows [fromFrame, toFrame) as float32: a view of float32 posteriors, or float16 ones decoded into
 * `reuse` when it is large enough (a view of it), else into a fresh array.
 */
export function logProbRows(posteriors: LetterPosteriors, fromFrame: number, toFrame: number, reuse?: Float32Array): Float32Array {
  const { logProbs, vocabSize } = posteriors;
  const rows = logProbs.subarray(fromFrame * vocabSize, toFrame * vocabSize);
  if (rows instanceof Float32Array) return rows;
  return decodeFloat16(rows, reuse && reuse.length >= rows.length ? reuse.subarray(0, rows.length) : undefined);
}

/** The same posteriors with float16 log-probabilities. */
export function compactLetterPosteriors(posteriors: LetterPosteriors): LetterPosteriors<Uint16Array> {
  if (posteriors.logProbs instanceof Uint16Array) return posteriors as LetterPosteriors<Uint16Array>;
  const logProbs = new Uint16Array(posteriors.logProbs.length);
  encodeFloat16(posteriors.logProbs, logProbs);
  return { ...posteriors, logProbs };
}

/** What chunked inference needs of a loaded model: its session and its card's geometry. */
export function posteriorModelOf(model: CtcModel): PosteriorModel {
  const { card } = model;
  return {
    session: model.session,
    alphabet: card.alphabet,
    subsamplingFactor: card.subsamplingFactor,
    receptiveFieldFrames: card.receptiveFieldFrames,
    chunkContextFrames: card.chunkContextFrames,
    outputFrameSeconds: card.outputFrameSeconds,
  };
}

/** Features + chunked inference for a whole recording of 16 kHz mono PCM in memory. */
export function computeLetterPosteriors(samples: Float32Array, sampleRateHz: number, model: CtcModel, options: ChunkingOptions = {}): Promise<LetterPosteriors> {
  return computeLetterPosteriorsFromPcm(memoryPcmSource(samples), sampleRateHz, model, options);
}

/**
 * Features + chunked inference reading the PCM stretch by stretch. A tempo change interpolates
 * across the whole feature sequence, so that option (the service's retry of a short recording nothing
 * was recognised in, src/pipeline/alignRecording.ts) computes the features whole.
 */
export async function computeLetterPosteriorsFromPcm(source: PcmSource, sampleRateHz: number, model: CtcModel, options: ChunkingOptions = {}): Promise<LetterPosteriors> {
  const posteriorModel = posteriorModelOf(model);
  const compact = options.storage === "float16";
  if ((options.tempo ?? 1) === 1) {
    const frames = streamLogMel(source, sampleRateHz, model.card.features);
    const posteriors = compact ? await compactPosteriorsFromFrames(frames, posteriorModel, options) : await posteriorsFromFrames(frames, posteriorModel, options);
    return { ...posteriors, tempo: 1 };
  }
  const features = computeLogMel(readAllSamples(source), sampleRateHz, model.card.features);
  const tempo = options.tempo === "adaptive"
    ? (await chooseTempo(features, (excerpt) => posteriorsFromFeatures(excerpt, posteriorModel))).tempo
    : options.tempo ?? 1;
  const posteriors = await posteriorsFromFeatures(stretchFeaturesInTime(features, tempo), posteriorModel, options);
  // Only recordings up to MAX_TEMPO_RETRY_SECONDS come here: their float32 rows are small.
  return { ...(compact ? compactLetterPosteriors(posteriors) : posteriors), tempo };
}
