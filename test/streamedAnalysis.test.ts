// The streamed analysis path (issue 9, item 4): PCM read from a file block by block gives the
// same features, frame energy, pauses and posteriors as the whole signal held in memory.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { computeLogMel, LOGMEL80_V1, streamLogMel } from "../src/audio/logMel.ts";
import { forEachFrameBlock, memoryPcmSource, openPcmFile, type PcmFile } from "../src/audio/pcmSource.ts";
import { detectPausesInPcm, detectPausesWithEnergy } from "../src/audio/pauseDetect.ts";
import { computeWaveformPeaks, computeWaveformPeaksFromPcm } from "../src/audio/waveformPeaks.ts";
import { loadCtcModel } from "../src/model/ctcModel.ts";
import { computeLetterPosteriorsFromPcm, posteriorModelOf, posteriorsFromFeatures } from "../src/model/ctcPosteriors.ts";
import { synthesizePattern } from "./helpers/generateAudio.ts";

const RATE_HZ = 16000;
const tinyCardPath = fileURLToPath(new URL("./fixtures/generated/tiny-ctc.json", import.meta.url));

/** Bursts and pauses over noise, long enough for several 30 s analysis blocks and model chunks. */
function generatedSignal(durationSeconds: number, seed: number): Float32Array {
  const specs = [];
  for (let total = 0; total < durationSeconds; total += 2.9) specs.push({ toneSeconds: 2.2, silenceSeconds: 0.7, amplitude: 0.2 + 0.1 * (specs.length % 3) });
  const { samples } = synthesizePattern(specs, { sampleRateHz: RATE_HZ, leadingSilenceSeconds: 0.37, noiseAmplitude: 0.003, seed });
  return samples.subarray(0, Math.round(durationSeconds * RATE_HZ));
}

/** Writes the signal as raw f32le (what the decoder leaves on disk) and opens it for block reads. */
function pcmFileOf(samples: Float32Array): { pcm: PcmFile; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-streamed-"));
  const filePath = path.join(dir, "audio.f32le");
  fs.writeFileSync(filePath, new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  const pcm = openPcmFile(filePath);
  return { pcm, remove: () => { pcm.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

test("PCM file: reads clamp to the signal, a short file is refused, blocks cover every frame once", () => {
  const samples = Float32Array.from({ length: 1000 }, (_, i) => i / 1000);
  const file = pcmFileOf(samples);
  try {
    assert.is(file.pcm.sampleCount, 1000);
    assert.equal(Array.from(file.pcm.read(998, 1005)), Array.from(samples.subarray(998)));
    assert.equal(Array.from(file.pcm.read(-5, 2)), Array.from(samples.subarray(0, 2)));
    const seen: number[] = [];
    forEachFrameBlock(file.pcm, { frameLength: 400, hopLength: 160 }, 4, 3, (block, first, count) => {
      assert.is(block[0], samples[first * 160]);
      assert.is(block.length, (count - 1) * 160 + 400);
      for (let frame = first; frame < first + count; frame++) seen.push(frame);
    });
    assert.equal(seen, [0, 1, 2, 3]);
    // Reading into a caller's buffer: a view of it, clamped like a fresh read, for file and memory alike.
    const buffer = new Float32Array(16).fill(-1);
    for (const source of [file.pcm, memoryPcmSource(samples)]) {
      const view = source.read(995, 1010, buffer);
      assert.is(view.buffer, buffer.buffer);
      assert.equal(Array.from(view), Array.from(samples.subarray(995)));
    }
  } finally {
    file.remove();
  }
});

test("streamed log-mel equals the whole-signal features bit for bit (any stretch, odd lengths; first-pass frames kept or recomputed)", () => {
  for (const [durationSeconds, seed, maxKeptFrames] of [[95.3, 1, undefined], [95.3, 1, 0], [30.004, 2, 0], [30.004, 2, undefined], [0.02, 3, undefined], [0.031, 4, 0]] as const) {
    const samples = generatedSignal(durationSeconds, seed);
    const whole = computeLogMel(samples, RATE_HZ, LOGMEL80_V1);
    const file = pcmFileOf(samples);
    try {
      const streamed = streamLogMel(file.pcm, RATE_HZ, LOGMEL80_V1, maxKeptFrames);
      assert.is(streamed.frameCount, whole.frameCount, `${durationSeconds} s`);
      assert.ok(Buffer.from(streamed.frames(0, streamed.frameCount).buffer).equals(Buffer.from(whole.data.buffer)), `${durationSeconds} s: all frames`);
      if (whole.frameCount > 5000) {
        const [start, end] = [2999, 4321];
        const rows = whole.data.subarray(start * 80, end * 80);
        assert.ok(Buffer.from(streamed.frames(start, end).buffer).equals(Buffer.from(rows.slice().buffer)), "a stretch across a block edge");
      }
    } finally {
      file.remove();
    }
  }
});

test("pauses and frame energy from the PCM file equal those of the whole signal", () => {
  const samples = generatedSignal(125.7, 5);
  const whole = detectPausesWithEnergy(samples, RATE_HZ);
  const file = pcmFileOf(samples);
  try {
    const streamed = detectPausesInPcm(file.pcm, RATE_HZ);
    assert.ok(whole.detection.pauses.length > 30, `the signal has pauses (${whole.detection.pauses.length})`);
    assert.equal(streamed.detection, whole.detection);
    assert.equal(Array.from(streamed.frames.energyDb), Array.from(whole.frames.energyDb));
  } finally {
    file.remove();
  }
  assert.equal(detectPausesInPcm(memoryPcmSource(new Float32Array(100)), RATE_HZ).detection, detectPausesWithEnergy(new Float32Array(100), RATE_HZ).detection);
});

/** The loudest |sample| per bucket, computed the plain way over the whole array. */
function plainPeaks(samples: Float32Array, peaksPerSecond: number): number[] {
  const perPeak = RATE_HZ / peaksPerSecond;
  return Array.from({ length: Math.ceil(samples.length / perPeak) }, (_, index) => {
    const bucket = samples.subarray(Math.floor(index * perPeak), Math.min(samples.length, Math.floor((index + 1) * perPeak)));
    return Math.round(Math.min(1, bucket.reduce((loudest, x) => Math.max(loudest, Math.abs(x)), 0)) * 1000) / 1000;
  });
}

test("waveform peaks read from the PCM file in blocks equal the plain whole-signal peaks", () => {
  const samples = generatedSignal(61.37, 7);
  const file = pcmFileOf(samples);
  try {
    for (const peaksPerSecond of [50, 7, 1]) {
      const streamed = computeWaveformPeaksFromPcm(file.pcm, RATE_HZ, peaksPerSecond);
      assert.equal(streamed.peaks, plainPeaks(samples, peaksPerSecond), `${peaksPerSecond}/s`);
      assert.equal(streamed, computeWaveformPeaks(samples, RATE_HZ, peaksPerSecond));
    }
  } finally {
    file.remove();
  }
});

test("posteriors streamed from the PCM file equal those of the whole features (tiny generated model)", async () => {
  const model = await loadCtcModel({ cardPath: tinyCardPath });
  const samples = generatedSignal(41.3, 6);
  const whole = await posteriorsFromFeatures(computeLogMel(samples, RATE_HZ, model.card.features), posteriorModelOf(model), { chunkFrames: 700 });
  const file = pcmFileOf(samples);
  try {
    const streamed = await computeLetterPosteriorsFromPcm(file.pcm, RATE_HZ, model, { chunkFrames: 700 });
    assert.is(streamed.frameCount, whole.frameCount);
    assert.is(streamed.frameStepSeconds, whole.frameStepSeconds);
    assert.ok(Buffer.from(streamed.logProbs.buffer).equals(Buffer.from(whole.logProbs.buffer)), "identical log-probabilities");
  } finally {
    file.remove();
  }
});

test.run();
