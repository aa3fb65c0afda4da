/**
 * "logmel80-v1" features of the acoustic model contract (/work/team/MODEL-CONTRACT.md, mirrored in
 * models/quran-ctc-v1.json): 16 kHz mono PCM → 80 log-mel energies every 10 ms.
 *
 * - frames are NOT centred or padded: frame t covers samples [t*160, t*160 + 400);
 *   frameCount = floor((N - 400) / 160) + 1, or 0 when N < 400;
 * - periodic Hann window of 400 points, zero-padded to a 512-point FFT, power |X[k]|^2, k = 0..256;
 * - 80 HTK-mel triangles 0..8000 Hz (no area normalization); natural log of max(energy, 1e-10);
 * - per-recording mean normalization: each mel channel minus its mean over all frames (gain invariance).
 *
 * The output is frame-major (data[frame * 80 + mel]); a 20-minute recording is 120k frames × 80
 * float32 = 38 MB, 4 hours 460 MB: the service streams them (streamLogMel) from the PCM file.
 */
import { createRealFftPlan, realPowerSpectrum } from "./fft.ts";
import { applyMelFilterbank, createMelFilterbank, type MelFilterbank } from "./melFilters.ts";
import { DEFAULT_FRAMES_PER_BLOCK, forEachFrameBlock, type PcmSource } from "./pcmSource.ts";

export interface LogMelConfig {
  sampleRateHz: number;
  windowSamples: number;
  hopSamples: number;
  fftSize: number;
  melBinCount: number;
  minFrequencyHz: number;
  maxFrequencyHz: number;
  /** Energies are clamped to this before the log. */
  logFloor: number;
  /** Subtract each mel channel's mean over the recording. */
  subtractRecordingMean: boolean;
}

export const LOGMEL80_V1: Readonly<LogMelConfig> = Object.freeze({
  sampleRateHz: 16000,
  windowSamples: 400,
  hopSamples: 160,
  fftSize: 512,
  melBinCount: 80,
  minFrequencyHz: 0,
  maxFrequencyHz: 8000,
  logFloor: 1e-10,
  subtractRecordingMean: true,
});

export interface LogMelFeatures {
  frameCount: number;
  melBinCount: number;
  /** Time between frame starts (hop), 0.01 s for logmel80-v1. Frame t starts at t * frameStepSeconds. */
  frameStepSeconds: number;
  /** Frame-major natural-log mel energies: data[frameIndex * melBinCount + melIndex]. */
  data: Float32Array;
}

export function frameCountForSamples(sampleCount: number, config: Readonly<LogMelConfig> = LOGMEL80_V1): number {
  if (sampleCount < config.windowSamples) return 0;
  return Math.floor((sampleCount - config.windowSamples) / config.hopSamples) + 1;
}

/** Periodic Hann window: w[n] = 0.5 - 0.5 cos(2 pi n / length) (torch.hann_window(periodic=True)). */
export function periodicHannWindow(length: number): Float64Array {
  const window = new Float64Array(length);
  for (let n = 0; n < length; n++) window[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / length);
  return window;
}

export function createLogMelFilterbank(config: Readonly<LogMelConfig> = LOGMEL80_V1): MelFilterbank {
  return createMelFilterbank({
    sampleRateHz: config.sampleRateHz,
    frequencyBinCount: config.fftSize / 2 + 1,
    melBinCount: config.melBinCount,
    minFrequencyHz: config.minFrequencyHz,
    maxFrequencyHz: config.maxFrequencyHz,
  });
}

/** Reusable state for computing frames: FFT plan, filterbank, window and scratch buffers. */
interface LogMelKernel {
  config: Readonly<LogMelConfig>;
  plan: ReturnType<typeof createRealFftPlan>;
  bank: MelFilterbank;
  window: Float64Array;
  frame: Float64Array;
  power: Float64Array;
  mel: Float64Array;
}

function createLogMelKernel(sampleRateHz: number, config: Readonly<LogMelConfig>): LogMelKernel {
  if (sampleRateHz !== config.sampleRateHz) {
    throw new RangeError(`log-mel features need ${config.sampleRateHz} Hz PCM, got ${sampleRateHz} Hz`);
  }
  const plan = createRealFftPlan(config.fftSize);
  return {
    config, plan, bank: createLogMelFilterbank(config), window: periodicHannWindow(config.windowSamples),
    frame: new Float64Array(config.windowSamples), power: new Float64Array(plan.binCount), mel: new Float64Array(config.melBinCount),
  };
}

/**
 * Un-normalized log-mel of `frameCount` frames whose first starts at samples[0], into
 * out[frame * melBinCount + mel]; each log energy (float64, before rounding to float32) is also
 * added to channelSums when given, so a blockwise pass sums exactly what a whole one does.
 */
function computeRawFrames(kernel: LogMelKernel, samples: Float32Array, frameCount: number, out: Float32Array, channelSums?: Float64Array): void {
  const { config, plan, bank, window, frame, power, mel } = kernel;
  const { melBinCount } = config;
  for (let frameIndex = 0; frameIndex < frameCount; frameIndex++) {
    const start = frameIndex * config.hopSamples;
    for (let n = 0; n < config.windowSamples; n++) frame[n] = samples[start + n] * window[n];
    realPowerSpectrum(plan, frame, power);
    applyMelFilterbank(bank, power, mel);
    const rowOffset = frameIndex * melBinCount;
    for (let m = 0; m < melBinCount; m++) {
      const logEnergy = Math.log(Math.max(mel[m], config.logFloor));
      out[rowOffset + m] = logEnergy;
      if (channelSums) channelSums[m] += logEnergy;
    }
  }
}

/**
 * Log-mel features of a whole recording. `sampleRateHz` must equal the config's rate: resampling
 * is the decoder's job, and silently analysing another rate would shift every mel band.
 */
export function computeLogMel(
  samples: Float32Array,
  sampleRateHz: number,
  config: Readonly<LogMelConfig> = LOGMEL80_V1,
): LogMelFeatures {
  const kernel = createLogMelKernel(sampleRateHz, config);
  const frameCount = frameCountForSamples(samples.length, config);
  const { melBinCount } = config;
  const data = new Float32Array(frameCount * melBinCount);
  const channelSums = new Float64Array(melBinCount);
  computeRawFrames(kernel, samples, frameCount, data, channelSums);
  if (config.subtractRecordingMean && frameCount > 0) subtractChannelMeans(data, frameCount, melBinCount, meansOf(channelSums, frameCount));
  return { frameCount, melBinCount, frameStepSeconds: config.hopSamples / config.sampleRateHz, data };
}

/**
 * The same features read from a PcmSource stretch by stretch, for recordings too long to hold
 * their features (4 hours of logmel80 is 460 MB). A first pass over the signal sums each
 * channel (the recording mean needs all frames); `frames(start, end)` then computes any stretch
 * of normalized frames (or, for a recording short enough, copies the first pass's), equal bit for
 * bit to the same rows of computeLogMel on the whole signal.
 */
export interface StreamedLogMel {
  frameCount: number;
  melBinCount: number;
  frameStepSeconds: number;
  /** Frame-major normalized features of frames [startFrame, endFrame). */
  frames(startFrame: number, endFrame: number): Float32Array;
}

/**
 * Up to this many frames (15 minutes of 10 ms frames, 29 MB of logmel80) the first pass keeps the
 * raw frames it computes instead of computing them again per chunk: a CPU profile of the 12-minute
 * e036 job (node --cpu-prof scripts/memoryStages.ts) spent 1.9 s of its 10.9 s in computeRawFrames
 * over the two passes, and 29 MB stays well inside the 500 MB peak. Longer recordings stream, so
 * memory stays flat whatever the length.
 */
export const MAX_KEPT_FEATURE_FRAMES = 90_000;

export function streamLogMel(source: PcmSource, sampleRateHz: number, config: Readonly<LogMelConfig> = LOGMEL80_V1, maxKeptFrames = MAX_KEPT_FEATURE_FRAMES): StreamedLogMel {
  const kernel = createLogMelKernel(sampleRateHz, config);
  const frameCount = frameCountForSamples(source.sampleCount, config);
  const { melBinCount } = config;
  const geometry = { frameLength: config.windowSamples, hopLength: config.hopSamples };
  let means: Float64Array | null = null;
  let kept: Float32Array | null = null;
  if (config.subtractRecordingMean && frameCount > 0) {
    const channelSums = new Float64Array(melBinCount);
    kept = frameCount <= maxKeptFrames ? new Float32Array(frameCount * melBinCount) : null;
    const scratch = kept ? null : new Float32Array(DEFAULT_FRAMES_PER_BLOCK * melBinCount);
    forEachFrameBlock(source, geometry, frameCount, DEFAULT_FRAMES_PER_BLOCK, (samples, first, count) =>
      computeRawFrames(kernel, samples, count, kept ? kept.subarray(first * melBinCount) : scratch!, channelSums));
    means = meansOf(channelSums, frameCount);
  }
  // One sample buffer for every stretch (a model chunk's 120 s is 7.7 MB): read into, used, overwritten.
  let sampleBuffer = new Float32Array(0);
  return {
    frameCount,
    melBinCount,
    frameStepSeconds: config.hopSamples / config.sampleRateHz,
    frames(startFrame, endFrame) {
      const count = Math.max(0, Math.min(endFrame, frameCount) - startFrame);
      if (kept && means) {
        const data = kept.slice(startFrame * melBinCount, (startFrame + count) * melBinCount);
        subtractChannelMeans(data, count, melBinCount, means);
        return data;
      }
      const data = new Float32Array(count * melBinCount);
      if (count === 0) return data;
      const sampleCount = (count - 1) * config.hopSamples + config.windowSamples;
      if (sampleBuffer.length < sampleCount) sampleBuffer = new Float32Array(sampleCount);
      const samples = source.read(startFrame * config.hopSamples, startFrame * config.hopSamples + sampleCount, sampleBuffer);
      computeRawFrames(kernel, samples, count, data);
      if (means) subtractChannelMeans(data, count, melBinCount, means);
      return data;
    },
  };
}

function meansOf(channelSums: Float64Array, frameCount: number): Float64Array {
  return channelSums.map((sum) => sum / frameCount);
}

function subtractChannelMeans(data: Float32Array, frameCount: number, melBinCount: number, means: Float64Array): void {
  for (let frameIndex = 0; frameIndex < frameCount; frameIndex++) {
    const rowOffset = frameIndex * melBinCount;
    for (let m = 0; m < melBinCount; m++) data[rowOffset + m] -= means[m];
  }
}
