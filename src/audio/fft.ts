/**
 * Power spectrum of a real frame by FFT.
 *
 * A real input of N points is packed into N/2 complex points (even samples as real part, odd
 * samples as imaginary part), transformed with an iterative radix-2 FFT and then split back into
 * the N/2 + 1 non-negative frequency bins. That halves the work of the feature extractor, which
 * runs one 512-point transform per 10 ms of audio. Arithmetic is float64 so the features match the
 * trainer's torch code far inside the contract's 1e-3 tolerance.
 *
 * A plan holds the precomputed tables and scratch buffers of one transform size. It is mutable
 * scratch space: create one per caller (e.g. per feature-extraction call), never share it between
 * concurrent users.
 */

export interface RealFftPlan {
  /** N, the transform length in points (a power of two, >= 4). */
  readonly sizePoints: number;
  /** N/2 + 1, the number of non-negative frequency bins. */
  readonly binCount: number;
  /** Bit-reversal permutation of the N/2-point complex transform. */
  readonly bitReversed: Uint32Array;
  /** cos/sin(2*pi*k/N) for k = 0..N/2: twiddles of both the complex stages and the real split. */
  readonly cosTable: Float64Array;
  readonly sinTable: Float64Array;
  /** Scratch: the packed complex sequence (length N/2). */
  readonly workReal: Float64Array;
  readonly workImag: Float64Array;
}

export function createRealFftPlan(sizePoints: number): RealFftPlan {
  if (!Number.isInteger(sizePoints) || sizePoints < 4 || (sizePoints & (sizePoints - 1)) !== 0) {
    throw new RangeError(`FFT size must be a power of two >= 4, got ${sizePoints}`);
  }
  const halfSize = sizePoints / 2;
  const bits = Math.log2(halfSize);
  const bitReversed = new Uint32Array(halfSize);
  for (let index = 0; index < halfSize; index++) {
    let reversed = 0;
    for (let bit = 0; bit < bits; bit++) reversed |= ((index >> bit) & 1) << (bits - 1 - bit);
    bitReversed[index] = reversed;
  }
  const cosTable = new Float64Array(halfSize + 1);
  const sinTable = new Float64Array(halfSize + 1);
  for (let k = 0; k <= halfSize; k++) {
    cosTable[k] = Math.cos((2 * Math.PI * k) / sizePoints);
    sinTable[k] = Math.sin((2 * Math.PI * k) / sizePoints);
  }
  return {
    sizePoints,
    binCount: halfSize + 1,
    bitReversed,
    cosTable,
    sinTable,
    workReal: new Float64Array(halfSize),
    workImag: new Float64Array(halfSize),
  };
}

/**
 * In-place forward complex FFT of length M = N/2 on the plan's work buffers (input already in
 * bit-reversed order). Twiddle e^{-2*pi*i*j/len} is read from the N-point table at stride 2N/len.
 */
function complexFftInPlace(plan: RealFftPlan): void {
  const { workReal: re, workImag: im, cosTable, sinTable } = plan;
  const length = re.length;
  for (let blockSize = 2; blockSize <= length; blockSize *= 2) {
    const halfBlock = blockSize / 2;
    const tableStride = (2 * length) / blockSize;
    for (let blockStart = 0; blockStart < length; blockStart += blockSize) {
      for (let j = 0; j < halfBlock; j++) {
        const wr = cosTable[j * tableStride];
        const wi = -sinTable[j * tableStride];
        const top = blockStart + j;
        const bottom = top + halfBlock;
        const tr = re[bottom] * wr - im[bottom] * wi;
        const ti = re[bottom] * wi + im[bottom] * wr;
        re[bottom] = re[top] - tr;
        im[bottom] = im[top] - ti;
        re[top] += tr;
        im[top] += ti;
      }
    }
  }
}

/**
 * |X[k]|^2 for k = 0..N/2 of the real sequence `frame` (length <= N; missing points are zeros,
 * i.e. zero padding to N). Writes into `powerOut` (length N/2 + 1) and returns it.
 */
export function realPowerSpectrum(plan: RealFftPlan, frame: ArrayLike<number>, powerOut: Float64Array): Float64Array {
  const { workReal: re, workImag: im, bitReversed, cosTable, sinTable } = plan;
  const halfSize = re.length;
  if (frame.length > plan.sizePoints) throw new RangeError(`frame of ${frame.length} points exceeds FFT size ${plan.sizePoints}`);
  if (powerOut.length !== plan.binCount) throw new RangeError(`power buffer must have ${plan.binCount} bins`);
  for (let m = 0; m < halfSize; m++) {
    const target = bitReversed[m];
    const evenIndex = 2 * m;
    re[target] = evenIndex < frame.length ? frame[evenIndex] : 0;
    im[target] = evenIndex + 1 < frame.length ? frame[evenIndex + 1] : 0;
  }
  complexFftInPlace(plan);
  // Split Z (transform of the packed sequence) into X: X[k] = E[k] + W^k O[k], where
  // E = (Z[k] + conj Z[M-k]) / 2 is the even samples' transform and O = (Z[k] - conj Z[M-k]) / 2i the odd's.
  for (let k = 0; k <= halfSize; k++) {
    const a = re[k % halfSize];
    const b = im[k % halfSize];
    const c = re[(halfSize - k) % halfSize];
    const d = im[(halfSize - k) % halfSize];
    const evenReal = (a + c) / 2;
    const evenImag = (b - d) / 2;
    const oddReal = (b + d) / 2;
    const oddImag = (c - a) / 2;
    const cos = cosTable[k];
    const sin = sinTable[k];
    const xr = evenReal + cos * oddReal + sin * oddImag;
    const xi = evenImag + cos * oddImag - sin * oddReal;
    powerOut[k] = xr * xr + xi * xi;
  }
  return powerOut;
}
