/**
 * Triangular mel filterbank on the HTK mel scale, without area normalization — the same matrix as
 * torchaudio.functional.melscale_fbanks(n_freqs, f_min, f_max, n_mels, sample_rate, norm=None,
 * mel_scale="htk"), which the trainer uses (see models/ contract "logmel80-v1").
 *
 * Each filter is stored sparsely (first non-zero FFT bin + its weights) because a triangle covers
 * only a few of the 257 bins; applying the bank is then ~2 multiply-adds per bin instead of 80.
 */

export interface MelFilterbankSpec {
  sampleRateHz: number;
  /** Number of non-negative FFT bins, nFft/2 + 1 (257 for a 512-point FFT). */
  frequencyBinCount: number;
  melBinCount: number;
  minFrequencyHz: number;
  maxFrequencyHz: number;
}

export interface MelFilterbank {
  readonly melBinCount: number;
  readonly frequencyBinCount: number;
  /** First FFT bin with a non-zero weight, per mel filter. */
  readonly firstBin: Int32Array;
  /** Weights from firstBin on, per mel filter (may be empty for a filter narrower than a bin). */
  readonly weights: readonly Float64Array[];
}

export function hzToHtkMel(frequencyHz: number): number {
  return 2595 * Math.log10(1 + frequencyHz / 700);
}

export function htkMelToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/** Evenly spaced values from start to end inclusive, like torch.linspace. */
function linspace(start: number, end: number, count: number): Float64Array {
  const values = new Float64Array(count);
  const step = count > 1 ? (end - start) / (count - 1) : 0;
  for (let index = 0; index < count; index++) values[index] = start + step * index;
  return values;
}

export function createMelFilterbank(spec: MelFilterbankSpec): MelFilterbank {
  const { sampleRateHz, frequencyBinCount, melBinCount, minFrequencyHz, maxFrequencyHz } = spec;
  if (!(maxFrequencyHz > minFrequencyHz) || minFrequencyHz < 0) {
    throw new RangeError(`mel filterbank needs 0 <= minFrequencyHz < maxFrequencyHz, got ${minFrequencyHz}..${maxFrequencyHz}`);
  }
  // torchaudio: bin frequencies run linearly from 0 to floor(sr/2) (the Nyquist bin included).
  const binFrequenciesHz = linspace(0, Math.floor(sampleRateHz / 2), frequencyBinCount);
  const melPoints = linspace(hzToHtkMel(minFrequencyHz), hzToHtkMel(maxFrequencyHz), melBinCount + 2);
  const edgeFrequenciesHz = melPoints.map(htkMelToHz);
  const firstBin = new Int32Array(melBinCount);
  const weights: Float64Array[] = [];
  for (let mel = 0; mel < melBinCount; mel++) {
    const lowHz = edgeFrequenciesHz[mel];
    const centreHz = edgeFrequenciesHz[mel + 1];
    const highHz = edgeFrequenciesHz[mel + 2];
    const dense: number[] = [];
    let first = -1;
    for (let bin = 0; bin < frequencyBinCount; bin++) {
      const frequencyHz = binFrequenciesHz[bin];
      const rising = (frequencyHz - lowHz) / (centreHz - lowHz);
      const falling = (highHz - frequencyHz) / (highHz - centreHz);
      const weight = Math.max(0, Math.min(rising, falling));
      if (weight > 0) {
        if (first < 0) first = bin;
        // Fill any interior zero (cannot happen for a triangle, but keeps the layout contiguous).
        while (first + dense.length < bin) dense.push(0);
        dense.push(weight);
      }
    }
    firstBin[mel] = Math.max(first, 0);
    weights.push(Float64Array.from(dense));
  }
  return { melBinCount, frequencyBinCount, firstBin, weights };
}

/** The bank as a dense [frequencyBinCount x melBinCount] matrix (torchaudio's layout), for tests. */
export function melFilterbankToDense(bank: MelFilterbank): Float64Array {
  const dense = new Float64Array(bank.frequencyBinCount * bank.melBinCount);
  for (let mel = 0; mel < bank.melBinCount; mel++) {
    const filter = bank.weights[mel];
    for (let offset = 0; offset < filter.length; offset++) {
      dense[(bank.firstBin[mel] + offset) * bank.melBinCount + mel] = filter[offset];
    }
  }
  return dense;
}

/** Mel energies of one power spectrum: melOut[m] = sum_k power[k] * fb[k][m]. */
export function applyMelFilterbank(bank: MelFilterbank, power: Float64Array, melOut: Float64Array): Float64Array {
  for (let mel = 0; mel < bank.melBinCount; mel++) {
    const filter = bank.weights[mel];
    const first = bank.firstBin[mel];
    let energy = 0;
    for (let offset = 0; offset < filter.length; offset++) energy += power[first + offset] * filter[offset];
    melOut[mel] = energy;
  }
  return melOut;
}
