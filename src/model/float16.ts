/**
 * IEEE 754 half precision (binary16) for the letter posteriors of a whole recording: 2 bytes a
 * value instead of 4, so a 4-hour recording's 12 million log-probabilities take 23 MB, not 47,
 * through recognition (issue 9's 450 MB bound). Node 20 has no Float16Array: values are encoded
 * from their float32 bits (round to nearest, ties to even) and decoded through a table of all
 * 65,536 patterns. A log-probability keeps 11 significant bits: within 2^-11 relative (-10.3 is
 * stored within 0.004, -0.69 within 0.0003), far below what separates two alignments. Pure functions.
 */

/** The value of every half-precision bit pattern (built once; 256 KB, never written after). */
export const FLOAT16_VALUES: Float32Array = buildFloat16Table();

function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function buildFloat16Table(): Float32Array {
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = float16Value(bits);
  return table;
}

/** Half-precision bits of a float32 given by its bits: nearest value, ties to even; overflow → ±Infinity. */
export function float16BitsOfFloat32Bits(float32Bits: number): number {
  const sign = (float32Bits >>> 16) & 0x8000;
  const exponent = (float32Bits >>> 23) & 0xff;
  let mantissa = float32Bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 31) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal half (or zero): the implicit leading 1 joins the shifted-out mantissa.
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    return sign | roundedShift(mantissa, shift);
  }
  // A carry out of the mantissa moves into the exponent, which is the right result (up to Infinity).
  return sign | ((halfExponent << 10) + roundedShift(mantissa, 13));
}

/** value >> shift, rounded to nearest with ties to even. */
function roundedShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return remainder > halfway || (remainder === halfway && (kept & 1) === 1) ? kept + 1 : kept;
}

/** Encodes `values` into `into` from index `offset` on. */
export function encodeFloat16(values: Float32Array, into: Uint16Array, offset = 0): void {
  if (offset < 0 || offset + values.length > into.length) throw new RangeError(`${values.length} values do not fit at ${offset} in ${into.length}`);
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let k = 0; k < bits.length; k++) into[offset + k] = float16BitsOfFloat32Bits(bits[k]);
}

/** Decodes `codes` into `into` (same length, or a fresh array). */
export function decodeFloat16(codes: Uint16Array, into: Float32Array = new Float32Array(codes.length)): Float32Array {
  if (into.length !== codes.length) throw new RangeError(`decoding ${codes.length} values into ${into.length}`);
  for (let k = 0; k < codes.length; k++) into[k] = FLOAT16_VALUES[codes[k]];
  return into;
}
