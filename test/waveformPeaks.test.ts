// Waveform peaks (src/audio/waveformPeaks.ts) on generated sines and silences.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { computeWaveformPeaks, MAX_PEAKS } from "../src/audio/waveformPeaks.ts";

const RATE = 16000;

function toneThenSilence(toneSeconds: number, silenceSeconds: number, amplitude: number): Float32Array {
  const samples = new Float32Array(Math.round((toneSeconds + silenceSeconds) * RATE));
  for (let i = 0; i < toneSeconds * RATE; i += 1) samples[i] = amplitude * Math.sin((2 * Math.PI * 220 * i) / RATE);
  return samples;
}

test("one peak per 20 ms: the sine's amplitude where it sounds, zero in the silence", () => {
  const peaks = computeWaveformPeaks(toneThenSilence(1, 1, 0.6), RATE);
  assert.is(peaks.peaks_per_second, 50);
  assert.is(peaks.duration_seconds, 2);
  assert.is(peaks.peaks.length, 100);
  for (const peak of peaks.peaks.slice(0, 50)) assert.ok(Math.abs(peak - 0.6) < 0.01, `tone peak ${peak}`);
  for (const peak of peaks.peaks.slice(50)) assert.is(peak, 0);
});

test("a clipped signal stays within 0..1; a very long one is capped at MAX_PEAKS", () => {
  const loud = computeWaveformPeaks(Float32Array.from([1.7, -2, 0.5]), RATE);
  assert.ok(loud.peaks.every((peak) => peak >= 0 && peak <= 1));
  const hours = computeWaveformPeaks(new Float32Array(RATE * 3 * 3600), RATE);
  assert.ok(hours.peaks.length <= MAX_PEAKS, `${hours.peaks.length} peaks`);
  assert.is(hours.peaks_per_second, Math.floor(MAX_PEAKS / (3 * 3600)));
  assert.is(hours.duration_seconds, 10800);
});

test.run();
