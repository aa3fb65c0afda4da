import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRealFftPlan, realPowerSpectrum } from "../src/audio/fft.ts";
import { createMelFilterbank, melFilterbankToDense, hzToHtkMel, htkMelToHz } from "../src/audio/melFilters.ts";
import { computeLogMel, frameCountForSamples, periodicHannWindow, LOGMEL80_V1, type LogMelFeatures } from "../src/audio/logMel.ts";

const SAMPLE_RATE_HZ = 16000;

/** Without the trainer's Python the parity checks skip locally; CI installs it (.ci/run), so there they must run. */
function skipWithoutTrainer(note: string): void {
  if (process.env.CI === "true") throw new Error(`${note}; CI must not skip the trainer parity tests (.ci/run installs python3-torchaudio)`);
  console.log(`  (skipped: ${note})`);
}

function sine(frequencyHz: number, durationSeconds: number, amplitude = 0.5): Float32Array {
  const samples = new Float32Array(Math.round(durationSeconds * SAMPLE_RATE_HZ));
  for (let n = 0; n < samples.length; n++) samples[n] = amplitude * Math.sin((2 * Math.PI * frequencyHz * n) / SAMPLE_RATE_HZ);
  return samples;
}

function naivePowerSpectrum(frame: ArrayLike<number>, sizePoints: number): Float64Array {
  const power = new Float64Array(sizePoints / 2 + 1);
  for (let k = 0; k <= sizePoints / 2; k++) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < frame.length; n++) {
      re += frame[n] * Math.cos((2 * Math.PI * k * n) / sizePoints);
      im -= frame[n] * Math.sin((2 * Math.PI * k * n) / sizePoints);
    }
    power[k] = re * re + im * im;
  }
  return power;
}

function seededNoise(length: number, seed: number): Float32Array {
  const samples = new Float32Array(length);
  let state = seed >>> 0;
  for (let n = 0; n < length; n++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    samples[n] = state / 2 ** 32 - 0.5;
  }
  return samples;
}

test("FFT power spectrum equals a naive DFT (random frames, zero padding, several sizes)", () => {
  for (const [sizePoints, frameLength] of [[8, 8], [64, 50], [512, 400], [512, 512]] as const) {
    const plan = createRealFftPlan(sizePoints);
    const frame = seededNoise(frameLength, sizePoints + frameLength);
    const fast = realPowerSpectrum(plan, frame, new Float64Array(plan.binCount));
    const slow = naivePowerSpectrum(frame, sizePoints);
    const scale = Math.max(...slow);
    for (let k = 0; k < slow.length; k++) assert.ok(Math.abs(fast[k] - slow[k]) <= 1e-9 * scale, `bin ${k} of ${sizePoints}`);
  }
  assert.throws(() => createRealFftPlan(400), /power of two/);
});

test("periodic Hann window values", () => {
  const window = periodicHannWindow(400);
  assert.is(window[0], 0);
  assert.ok(Math.abs(window[200] - 1) < 1e-15);
  assert.ok(Math.abs(window[100] - 0.5) < 1e-12);
  assert.ok(Math.abs(window[1] - (0.5 - 0.5 * Math.cos((2 * Math.PI) / 400))) < 1e-15);
  assert.ok(Math.abs(window[399] - window[1]) < 1e-12, "periodic: w[N-1] = w[1], not 0");
});

test("frame count formula: floor((N - 400) / 160) + 1, 0 below one window", () => {
  assert.is(frameCountForSamples(0), 0);
  assert.is(frameCountForSamples(399), 0);
  assert.is(frameCountForSamples(400), 1);
  assert.is(frameCountForSamples(559), 1);
  assert.is(frameCountForSamples(560), 2);
  assert.is(frameCountForSamples(16000), 98);
  const features = computeLogMel(sine(440, 1.0), SAMPLE_RATE_HZ);
  assert.is(features.frameCount, 98);
  assert.is(features.data.length, 98 * 80);
  assert.is(features.frameStepSeconds, 0.01);
  assert.is(computeLogMel(new Float32Array(100), SAMPLE_RATE_HZ).frameCount, 0);
  assert.throws(() => computeLogMel(new Float32Array(1000), 44100), /16000 Hz/);
});

test("a 1 kHz sine peaks in the mel bin whose centre is nearest 1 kHz", () => {
  const features = computeLogMel(sine(1000, 0.5), SAMPLE_RATE_HZ, { ...LOGMEL80_V1, subtractRecordingMean: false });
  const melStep = hzToHtkMel(8000) / 81;
  const centresHz = Array.from({ length: 80 }, (_, mel) => htkMelToHz(melStep * (mel + 1)));
  const expectedBin = centresHz.reduce((best, hz, mel) => (Math.abs(hz - 1000) < Math.abs(centresHz[best] - 1000) ? mel : best), 0);
  for (let frame = 0; frame < features.frameCount; frame++) {
    const row = Array.from(features.data.subarray(frame * 80, frame * 80 + 80));
    assert.is(row.indexOf(Math.max(...row)), expectedBin, `frame ${frame}`);
  }
  // Far-away bands are tens of nepers below the peak (window sidelobes only).
  const row = features.data.subarray(0, 80);
  assert.ok(row[expectedBin] - row[79] > 10);
});

test("mean normalization: a stationary signal gives ~0 features and gain does not matter", () => {
  const quiet = computeLogMel(sine(700, 0.5, 0.01), SAMPLE_RATE_HZ);
  const loud = computeLogMel(sine(700, 0.5, 0.8), SAMPLE_RATE_HZ);
  for (let index = 0; index < quiet.data.length; index++) {
    assert.ok(Math.abs(quiet.data[index]) < 1e-3);
    assert.ok(Math.abs(quiet.data[index] - loud.data[index]) < 1e-3);
  }
});

test("mel filterbank equals torchaudio.functional.melscale_fbanks(257, 0, 8000, 80, 16000, None, 'htk')", () => {
  const script = [
    "import json, torchaudio",
    "fb = torchaudio.functional.melscale_fbanks(n_freqs=257, f_min=0.0, f_max=8000.0, n_mels=80, sample_rate=16000, norm=None, mel_scale='htk')",
    "print(json.dumps(fb.flatten().tolist()))",
  ].join("\n");
  const result = spawnSync("/usr/bin/python3", ["-c", script], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.status !== 0) return skipWithoutTrainer("/usr/bin/python3 with torchaudio unavailable");
  const reference: number[] = JSON.parse(result.stdout);
  const dense = melFilterbankToDense(createMelFilterbank({ sampleRateHz: 16000, frequencyBinCount: 257, melBinCount: 80, minFrequencyHz: 0, maxFrequencyHz: 8000 }));
  assert.is(dense.length, reference.length);
  let maxDifference = 0;
  for (let index = 0; index < dense.length; index++) maxDifference = Math.max(maxDifference, Math.abs(dense[index] - reference[index]));
  assert.ok(maxDifference < 1e-5, `max |difference| ${maxDifference}`);
});

/** Max |ours - reference| where reference is channel-major [80][frames] as training/features.py writes it. */
function maxDifferenceFromChannelMajor(ours: LogMelFeatures, reference: number[][]): number {
  let maxDifference = 0;
  for (let mel = 0; mel < 80; mel++) {
    for (let frame = 0; frame < ours.frameCount; frame++) maxDifference = Math.max(maxDifference, Math.abs(ours.data[frame * 80 + mel] - reference[mel][frame]));
  }
  return maxDifference;
}

/** 3.2 s: a chirp with noise, then digital silence, then a very quiet tone (values near the log floor). */
function paritySignal(): Float32Array {
  const samples = new Float32Array(51_200);
  const noise = seededNoise(samples.length, 7);
  for (let n = 0; n < 24_000; n++) {
    const timeSeconds = n / SAMPLE_RATE_HZ;
    samples[n] = 0.4 * Math.sin(2 * Math.PI * (200 * timeSeconds + 1200 * timeSeconds * timeSeconds)) + 0.05 * noise[n];
  }
  for (let n = 36_000; n < samples.length; n++) samples[n] = 1e-6 * Math.sin((2 * Math.PI * 3000 * n) / SAMPLE_RATE_HZ);
  return samples;
}

test("parity with the trainer's training/features.py --dump (max abs difference < 1e-3)", () => {
  const script = fileURLToPath(new URL("../training/features.py", import.meta.url));
  if (!existsSync(script)) return console.log("  (skipped: training/features.py absent)");
  const directory = mkdtempSync(path.join(tmpdir(), "logmel-parity-"));
  try {
    const samples = paritySignal();
    writeFileSync(path.join(directory, "signal.f32"), new Uint8Array(samples.buffer));
    for (const raw of [true, false]) {
      const outPath = path.join(directory, `features-${raw}.json`);
      const args = [script, "--dump", path.join(directory, "signal.f32"), outPath, ...(raw ? ["--raw"] : [])];
      const result = spawnSync("/usr/bin/python3", args, { encoding: "utf8" });
      if (result.status !== 0) return skipWithoutTrainer(`/usr/bin/python3 features.py failed: ${result.stderr.slice(-200)}`);
      const reference: { shape: [number, number]; features: number[][] } = JSON.parse(readFileSync(outPath, "utf8"));
      const ours = computeLogMel(samples, SAMPLE_RATE_HZ, { ...LOGMEL80_V1, subtractRecordingMean: !raw });
      assert.equal(reference.shape, [80, ours.frameCount]);
      const maxDifference = maxDifferenceFromChannelMajor(ours, reference.features);
      console.log(`  parity (${raw ? "raw" : "mean-normalized"}, ${ours.frameCount} frames): max |TS - torch| = ${maxDifference.toExponential(2)}`);
      assert.ok(maxDifference < 1e-3, `max |difference| ${maxDifference}`);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test("parity with the committed fixture of the trainer's features (runs without torch)", () => {
  const fixtureUrl = new URL("./fixtures/generated/logmel-parity.json", import.meta.url);
  if (!existsSync(fixtureUrl)) return console.log("  (skipped: test/fixtures/generated/logmel-parity.json absent)");
  const fixture: { pcm_f32le_base64: string; shape: [number, number]; raw: number[][]; normalized: number[][] } = JSON.parse(readFileSync(fixtureUrl, "utf8"));
  const bytes = Buffer.from(fixture.pcm_f32le_base64, "base64");
  const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  for (const [raw, reference] of [[true, fixture.raw], [false, fixture.normalized]] as const) {
    const ours = computeLogMel(samples, SAMPLE_RATE_HZ, { ...LOGMEL80_V1, subtractRecordingMean: !raw });
    assert.equal(fixture.shape, [80, ours.frameCount]);
    const maxDifference = maxDifferenceFromChannelMajor(ours, reference as number[][]);
    assert.ok(maxDifference < 1e-3, `${raw ? "raw" : "normalized"}: max |difference| ${maxDifference}`);
  }
});

test.run();
