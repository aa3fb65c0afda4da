import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createFfmpegCore, type FfmpegCore } from "../src/audio/ffmpegCore.ts";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import { chooseCutMode, cutSegments, Mp3CutError, type CutSegment } from "../src/audio/mp3Cut.ts";
import type { SourceAudioInfo } from "../src/pipeline/types.ts";
import { encodePattern, makeTempDir, synthesizePattern, type BurstSpec } from "./helpers/generateAudio.ts";

const context: { core?: FfmpegCore; dir: string } = { dir: "" };
const MP3_FRAME_SECONDS = 1152 / 44100;
const bursts: BurstSpec[] = [1.2, 0.8, 2, 1.5, 0.6, 1.1].map((toneSeconds, i) => ({ toneSeconds, silenceSeconds: 0.4 + 0.1 * i }));
const pattern = synthesizePattern(bursts, { leadingSilenceSeconds: 0.5 });

test.before(async () => {
  context.core = await createFfmpegCore();
  context.dir = makeTempDir("mp3-cut-test");
});
test.after(() => fs.rmSync(context.dir, { recursive: true, force: true }));

/** Segments from the middle of each gap to the middle of the next: one burst each. */
function burstSegments(prefix: string): CutSegment[] {
  const middles = [0.25, ...pattern.gaps.map((gap) => (gap.startTimeSeconds + gap.endTimeSeconds) / 2), pattern.durationSeconds];
  return middles.slice(0, -1).map((start, i) => ({
    startTimeSeconds: start, endTimeSeconds: middles[i + 1], outputPath: path.join(context.dir, `${prefix}_${i}.mp3`),
  }));
}

/** Time of the first sample louder than -26 dBFS: where the burst starts inside a segment. */
function firstLoudSeconds(samples: Float32Array, rateHz: number): number {
  const index = samples.findIndex((x) => Math.abs(x) > 0.05);
  return index / rateHz;
}

async function decodeSource(filePath: string): Promise<SourceAudioInfo> {
  return (await decodeAudioFile(context.core!, filePath)).source;
}

test("cutting an mp3 is a stream copy: frames byte-identical, same rate and bit rate", async () => {
  const input = await encodePattern(context.core!, pattern, context.dir, "source", "mp3", ["-ac", "2"]);
  const source = await decodeSource(input);
  const segments = burstSegments("copy");
  assert.equal(await cutSegments(context.core!, input, source, segments), { kind: "stream-copy" });
  const original = fs.readFileSync(input);
  for (const segment of segments) {
    const output = fs.readFileSync(segment.outputPath);
    // A run of whole frames from the middle of the cut appears verbatim in the upload: nothing re-encoded.
    const middle = output.subarray(Math.floor(output.length / 2), Math.floor(output.length / 2) + 1500);
    assert.ok(original.indexOf(middle) >= 0, `${path.basename(segment.outputPath)} is not a byte copy`);
    const cut = await decodeSource(segment.outputPath);
    assert.equal([cut.codecName, cut.sampleRateHz, cut.channels, cut.bitrateKbps], ["mp3", 44100, 2, 128]);
  }
});

test("mp3 cut durations and positions are within one mp3 frame (~26 ms)", async () => {
  const input = path.join(context.dir, "source.mp3");
  const segments = burstSegments("timing");
  await cutSegments(context.core!, input, await decodeSource(input), segments);
  for (const [i, segment] of segments.entries()) {
    const decoded = await decodeAudioFile(context.core!, segment.outputPath);
    const wanted = segment.endTimeSeconds - segment.startTimeSeconds;
    assert.ok(Math.abs(decoded.durationSeconds - wanted) <= MP3_FRAME_SECONDS, `segment ${i}: ${decoded.durationSeconds} vs ${wanted}`);
    const burstOffset = pattern.bursts[i].startTimeSeconds - segment.startTimeSeconds;
    const found = firstLoudSeconds(decoded.samples, decoded.sampleRateHz);
    assert.ok(Math.abs(found - burstOffset) <= MP3_FRAME_SECONDS + 0.01, `segment ${i}: burst at ${found}, expected ${burstOffset}`);
  }
});

test("cutting a wav encodes mp3 at 128 kbps, durations within 30 ms", async () => {
  const input = await encodePattern(context.core!, pattern, context.dir, "source", "wav");
  const source = await decodeSource(input);
  const segments = burstSegments("fromwav");
  assert.equal(await cutSegments(context.core!, input, source, segments), { kind: "encode", bitrateKbps: 128 });
  for (const segment of segments) {
    const decoded = await decodeAudioFile(context.core!, segment.outputPath);
    assert.equal([decoded.source.formatName, decoded.source.codecName, decoded.source.bitrateKbps], ["mp3", "mp3", 128]);
    assert.ok(Math.abs(decoded.durationSeconds - (segment.endTimeSeconds - segment.startTimeSeconds)) <= 0.03);
  }
});

test("a low-bit-rate source is encoded at its own bit rate, not inflated to 128 kbps", async () => {
  const input = await encodePattern(context.core!, pattern, context.dir, "source", "opus");
  const source = await decodeSource(input);
  const mode = await cutSegments(context.core!, input, source, burstSegments("fromopus").slice(0, 2));
  assert.equal(mode, chooseCutMode(source));
  assert.ok(mode.kind === "encode" && mode.bitrateKbps <= 64 && mode.bitrateKbps >= 32, JSON.stringify(mode));
  const base: SourceAudioInfo = { formatName: "wav", codecName: "pcm_s16le", sampleRateHz: 44100, channels: 2, bitrateKbps: 1411, durationSeconds: 1 };
  assert.equal(chooseCutMode({ ...base, bitrateKbps: 100 }), { kind: "encode", bitrateKbps: 96 });
  assert.equal(chooseCutMode({ ...base, bitrateKbps: null }), { kind: "encode", bitrateKbps: 128 });
  assert.equal(chooseCutMode({ ...base, formatName: "mov,mp4,m4a,3gp,3g2,mj2", codecName: "mp3" }).kind, "encode");
});

test("80 segments in one call: all written, tagged, durations within one frame", async () => {
  const many = synthesizePattern(Array.from({ length: 80 }, () => ({ toneSeconds: 0.5, silenceSeconds: 0.3 })));
  const input = await encodePattern(context.core!, many, context.dir, "many", "mp3");
  const segments = many.bursts.map((burst, i) => ({
    startTimeSeconds: burst.startTimeSeconds, endTimeSeconds: burst.endTimeSeconds + 0.2,
    outputPath: path.join(context.dir, `many_${i}.mp3`), tags: { title: `Segment ${i}` },
  }));
  await cutSegments(context.core!, input, await decodeSource(input), segments);
  for (const segment of [segments[0], segments[41], segments[79]]) {
    const decoded = await decodeAudioFile(context.core!, segment.outputPath);
    assert.ok(Math.abs(decoded.durationSeconds - 0.7) <= MP3_FRAME_SECONDS, `${decoded.durationSeconds}`);
  }
  assert.ok(fs.readFileSync(segments[41].outputPath).includes("Segment 41"));
  assert.is(segments.filter((segment) => fs.existsSync(segment.outputPath)).length, 80);
});

test("invalid segments are refused; an unwritable output is an Mp3CutError", async () => {
  const input = path.join(context.dir, "source.mp3");
  const source = await decodeSource(input);
  const outputPath = path.join(context.dir, "bad.mp3");
  try {
    await cutSegments(context.core!, input, source, [{ startTimeSeconds: 2, endTimeSeconds: 1, outputPath }]);
    assert.unreachable("should refuse end < start");
  } catch (error) {
    assert.instance(error, RangeError);
  }
  try {
    await cutSegments(context.core!, input, source, [{ startTimeSeconds: 0, endTimeSeconds: 1, outputPath: path.join(context.dir, "no/such/dir.mp3") }]);
    assert.unreachable("should fail to write");
  } catch (error) {
    assert.instance(error, Mp3CutError);
  }
});

test.run();
