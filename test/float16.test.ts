import { test } from "uvu";
import * as assert from "uvu/assert";
import { decodeFloat16, encodeFloat16, FLOAT16_VALUES } from "../src/model/float16.ts";
import { compactLetterPosteriors, logProbRows, type LetterPosteriors } from "../src/model/ctcPosteriors.ts";
import { bestPathIndices } from "../src/model/greedyDecode.ts";
import { createLatticeWorkspace } from "../src/align/ctcAlign.ts";
import { sliceFramePosteriors } from "../src/recognize/segmentAlign.ts";

const encodeOne = (value: number) => {
  const codes = new Uint16Array(1);
  encodeFloat16(Float32Array.of(value), codes);
  return codes[0];
};

test("every half-precision pattern decodes and encodes back to itself (NaN stays NaN)", () => {
  const decoded = decodeFloat16(Uint16Array.from({ length: 65536 }, (_, bits) => bits));
  const codes = new Uint16Array(65536);
  encodeFloat16(decoded, codes);
  for (let bits = 0; bits < 65536; bits++) {
    if (Number.isNaN(decoded[bits])) assert.ok(Number.isNaN(FLOAT16_VALUES[codes[bits]]), `NaN ${bits}`);
    else assert.is(codes[bits], bits, `pattern ${bits.toString(16)}`);
  }
});

test("known values and bounds: ±0, 1, -2, the largest, the smallest subnormal, overflow to -Infinity", () => {
  assert.is(encodeOne(0), 0x0000);
  assert.is(encodeOne(-0), 0x8000);
  assert.is(encodeOne(1), 0x3c00);
  assert.is(encodeOne(-2), 0xc000);
  assert.is(encodeOne(-65504), 0xfbff);
  assert.is(encodeOne(-65520), 0xfc00, "halfway past the largest rounds to -Infinity");
  assert.is(encodeOne(-1e9), 0xfc00);
  assert.is(encodeOne(-Infinity), 0xfc00);
  assert.is(FLOAT16_VALUES[0xfc00], -Infinity);
  assert.is(encodeOne(2 ** -24), 0x0001);
  assert.is(encodeOne(2 ** -26), 0x0000, "below half the smallest subnormal: zero");
  assert.is(FLOAT16_VALUES[0x0001], 2 ** -24);
});

test("rounds to nearest, ties to even", () => {
  // Between 1 (0x3c00) and 1 + 2^-10 (0x3c01): the midpoint goes to the even 0x3c00, above it up.
  assert.is(encodeOne(1 + 2 ** -11), 0x3c00);
  assert.is(encodeOne(1 + 2 ** -11 + 2 ** -20), 0x3c01);
  assert.is(encodeOne(1 + 3 * 2 ** -11), 0x3c02, "midpoint of 0x3c01 and 0x3c02 goes to the even one");
  assert.is(encodeOne(2047 / 1024), 0x3fff, "the largest mantissa is exact");
  assert.is(encodeOne(2 - 2 ** -12), 0x4000, "rounding up the largest mantissa carries into the exponent");
});

test("log-probabilities keep 11 significant bits (relative error ≤ 2^-11)", () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const values = Float32Array.from({ length: 20000 }, () => -110 * rand() ** 3);
  const codes = new Uint16Array(values.length);
  encodeFloat16(values, codes);
  const back = decodeFloat16(codes);
  values.forEach((value, k) => {
    const allowed = Math.max(Math.abs(value) * 2 ** -11, 2 ** -25);
    assert.ok(Math.abs(back[k] - value) <= allowed, `${value} → ${back[k]}`);
  });
});

test("encoding checks that the values fit", () => {
  assert.throws(() => encodeFloat16(new Float32Array(3), new Uint16Array(4), 2), RangeError);
  assert.throws(() => decodeFloat16(new Uint16Array(3), new Float32Array(2)), RangeError);
});

function posteriorsOf(rows: number[][]): LetterPosteriors<Float32Array> {
  return { logProbs: Float32Array.from(rows.flat()), frameCount: rows.length, vocabSize: rows[0].length, frameStepSeconds: 0.04, alphabet: ["<blank>", " ", "ا"] };
}

test("compact posteriors read back through logProbRows, greedy decoding and the aligner's window", () => {
  const rows = Array.from({ length: 2500 }, (_, t) => [Math.log(0.2), Math.log(0.1 + (t % 7) / 100), Math.log(0.7 - (t % 7) / 100)]);
  const whole = posteriorsOf(rows);
  const compact = compactLetterPosteriors(whole);
  assert.instance(compact.logProbs, Uint16Array);
  assert.is(compact.logProbs.length, whole.logProbs.length);
  const decoded = logProbRows(compact, 10, 20);
  assert.is(decoded.length, 30);
  decoded.forEach((value, k) => assert.ok(Math.abs(value - whole.logProbs[30 + k]) < 1e-3));
  // Greedy decoding reads float16 rows as values, not as bit patterns (where larger = more negative).
  assert.equal(bestPathIndices(compact), bestPathIndices(whole));
  const workspace = createLatticeWorkspace();
  const window = sliceFramePosteriors(compact, 100, 2100, workspace);
  assert.is(window.frameCount, 2000);
  assert.is(window.logProbs.buffer, workspace.rows.buffer, "decoded into the workspace's reused rows");
  assert.ok(Math.abs(window.logProbs[0] - whole.logProbs[300]) < 1e-3);
  const smaller = sliceFramePosteriors(compact, 0, 10, workspace);
  assert.is(smaller.logProbs.buffer, window.logProbs.buffer, "a smaller window reuses the same buffer");
  assert.is(sliceFramePosteriors(whole, 5, 6, workspace).logProbs.buffer, whole.logProbs.buffer, "float32 posteriors are a view");
});

test.run();
