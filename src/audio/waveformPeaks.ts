/**
 * Waveform peaks for the page (GET /jobs/{id}/waveform): the loudest absolute sample of each
 * short bucket, so the browser draws a two-hour recording from a few hundred kB of JSON instead
 * of downloading and decoding the audio. Pure: samples in, peaks out.
 */

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
  const durationSeconds = samples.length / sampleRateHz;
  const peaksPerSecond = Math.max(1, Math.min(wantedPeaksPerSecond, Math.floor(MAX_PEAKS / Math.max(durationSeconds, 1e-9))));
  const samplesPerPeak = sampleRateHz / peaksPerSecond;
  const count = Math.ceil(samples.length / samplesPerPeak);
  const peaks = new Array<number>(count);
  for (let index = 0; index < count; index += 1) {
    const start = Math.floor(index * samplesPerPeak);
    const end = Math.min(samples.length, Math.floor((index + 1) * samplesPerPeak));
    let loudest = 0;
    for (let i = start; i < end; i += 1) {
      const magnitude = Math.abs(samples[i]);
      if (magnitude > loudest) loudest = magnitude;
    }
    peaks[index] = Math.round(Math.min(1, loudest) * 1000) / 1000;
  }
  return { duration_seconds: Math.round(durationSeconds * 1000) / 1000, peaks_per_second: peaksPerSecond, peaks };
}
