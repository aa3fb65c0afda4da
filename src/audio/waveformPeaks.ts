/**
 * Waveform peaks for the page (GET /jobs/{id}/waveform): the loudest absolute sample of each
 * short bucket, so the browser draws a two-hour recording from a few hundred kB of JSON instead
 * of downloading and decoding the audio. Pure: samples in, peaks out.
 */
import { memoryPcmSource, type PcmSource } from "./pcmSource.ts";

/** The JSON stored beside the result and served as is (wavesurfer.js takes `peaks` and `duration`). */
export interface WaveformPeaks {
  duration_seconds: number;
  peaks_per_second: number;
  /** 0..1, one per bucket of 1/peaks_per_second s, rounded to 3 decimals. */
  peaks: number[];
}

/** Fine enough to see every pause at the page's widest zoom. */
export const DEFAULT_PEAKS_PER_SECOND = 50;
/** Cap on the whole array: a 4-hour recording still answers in well under a MB. */
export const MAX_PEAKS = 400_000;

export function computeWaveformPeaks(samples: Float32Array, sampleRateHz: number, wantedPeaksPerSecond = DEFAULT_PEAKS_PER_SECOND): WaveformPeaks {
  return computeWaveformPeaksFromPcm(memoryPcmSource(samples), sampleRateHz, wantedPeaksPerSecond);
}

/** Buckets read per block of PCM: ~1 s of samples at 50 peaks/s, a few MB at the 4-hour cap. */
const BUCKETS_PER_READ = 2048;

/** The same peaks, reading the signal block by block (the service keeps it in its PCM file). */
export function computeWaveformPeaksFromPcm(source: PcmSource, sampleRateHz: number, wantedPeaksPerSecond = DEFAULT_PEAKS_PER_SECOND): WaveformPeaks {
  const sampleCount = source.sampleCount;
  const durationSeconds = sampleCount / sampleRateHz;
  const peaksPerSecond = Math.max(1, Math.min(wantedPeaksPerSecond, Math.floor(MAX_PEAKS / Math.max(durationSeconds, 1e-9))));
  const samplesPerPeak = sampleRateHz / peaksPerSecond;
  const count = Math.ceil(sampleCount / samplesPerPeak);
  const peaks = new Array<number>(count);
  const bucketStart = (index: number) => Math.min(sampleCount, Math.floor(index * samplesPerPeak));
  const buffer = new Float32Array(Math.ceil(BUCKETS_PER_READ * samplesPerPeak) + 1); // one block buffer, reused (pcmSource.ts)
  for (let first = 0; first < count; first += BUCKETS_PER_READ) {
    const last = Math.min(count, first + BUCKETS_PER_READ);
    const offset = bucketStart(first);
    const samples = source.read(offset, bucketStart(last), buffer);
    for (let index = first; index < last; index += 1) {
      let loudest = 0;
      for (let i = bucketStart(index) - offset, end = bucketStart(index + 1) - offset; i < end; i += 1) {
        const magnitude = Math.abs(samples[i]);
        if (magnitude > loudest) loudest = magnitude;
      }
      peaks[index] = Math.round(Math.min(1, loudest) * 1000) / 1000;
    }
  }
  return { duration_seconds: Math.round(durationSeconds * 1000) / 1000, peaks_per_second: peaksPerSecond, peaks };
}
