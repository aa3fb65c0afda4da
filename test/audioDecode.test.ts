import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createFfmpegCore, type FfmpegCore } from "../src/audio/ffmpegCore.ts";
import { AudioDecodeError, decodeAudioFile } from "../src/audio/audioDecode.ts";
import { parseFfmpegInputInfo } from "../src/audio/ffmpegProbe.ts";
import { encodePattern, FIXTURE_ENCODINGS, makeTempDir, synthesizePattern } from "./helpers/generateAudio.ts";

const context: { core?: FfmpegCore; dir: string } = { dir: "" };
const pattern = synthesizePattern(
  [{ toneSeconds: 1, silenceSeconds: 0.5 }, { toneSeconds: 0.8, silenceSeconds: 0.7 }],
  { leadingSilenceSeconds: 0.3 },
);
// Codec each fixture must report (what the service will see for that extension).
const EXPECTED_CODEC: Record<string, string> = {
  mp3: "mp3", wav: "pcm_s16le", m4a: "aac", aac: "aac", ogg: "vorbis", opus: "opus", flac: "flac", webm: "opus", wma: "wmav2",
};
// A PNG (1x1 pixel), the classic "image renamed to .mp3" upload.
const PNG_BYTES = Buffer.from(
  "89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8FFFF3F0005FE02FEA7D6A4F80000000049454E44AE426082",
  "hex",
);

test.before(async () => {
  context.core = await createFfmpegCore();
  context.dir = makeTempDir("audio-decode-test");
});
test.after(() => fs.rmSync(context.dir, { recursive: true, force: true }));

async function expectDecodeError(filePath: string, code: string): Promise<AudioDecodeError> {
  try {
    await decodeAudioFile(context.core!, filePath);
  } catch (error) {
    assert.instance(error, AudioDecodeError);
    assert.is((error as AudioDecodeError).code, code);
    return error as AudioDecodeError;
  }
  assert.unreachable(`expected ${code} for ${path.basename(filePath)}`);
  throw new Error("unreachable");
}

function rms(samples: Float32Array, startSeconds: number, endSeconds: number): number {
  const slice = samples.subarray(Math.round(startSeconds * 16000), Math.round(endSeconds * 16000));
  return Math.sqrt(slice.reduce((sum, x) => sum + x * x, 0) / slice.length);
}

for (const ext of Object.keys(FIXTURE_ENCODINGS)) {
  test(`decodes .${ext} to 16 kHz mono with the right duration and probe info`, async () => {
    const filePath = await encodePattern(context.core!, pattern, context.dir, `pattern-${ext}`, ext);
    const decoded = await decodeAudioFile(context.core!, filePath);
    assert.is(decoded.sampleRateHz, 16000);
    assert.ok(Math.abs(decoded.durationSeconds - pattern.durationSeconds) <= 0.05, `duration ${decoded.durationSeconds}`);
    assert.is(decoded.samples.length, Math.round(decoded.durationSeconds * 16000));
    assert.is(decoded.source.codecName, EXPECTED_CODEC[ext]);
    assert.is(decoded.source.channels, 1);
    assert.ok([44100, 48000].includes(decoded.source.sampleRateHz), `rate ${decoded.source.sampleRateHz}`);
    // The content is there, in the right place: loud inside the first burst, quiet in the gap.
    assert.ok(rms(decoded.samples, 0.5, 1.1) > 0.05);
    assert.ok(rms(decoded.samples, 1.4, 1.7) < 0.005);
  });
}

test("probe info of a stereo 128 kbps mp3", async () => {
  const filePath = await encodePattern(context.core!, pattern, context.dir, "stereo", "mp3", ["-ac", "2"]);
  const decoded = await decodeAudioFile(context.core!, filePath);
  assert.equal(
    { ...decoded.source, durationSeconds: Math.round(decoded.source.durationSeconds * 10) / 10 },
    { formatName: "mp3", codecName: "mp3", sampleRateHz: 44100, channels: 2, bitrateKbps: 128, durationSeconds: 3.3 },
  );
});

test("a PNG renamed .mp3 is UNDECODABLE with a clear message", async () => {
  const filePath = path.join(context.dir, "picture.mp3");
  fs.writeFileSync(filePath, PNG_BYTES);
  const error = await expectDecodeError(filePath, "UNDECODABLE");
  assert.match(error.message, /not decodable audio/);
  assert.not.match(error.message, /\/host|\/tmp/); // no server paths leak to the user
});

test("random bytes are UNDECODABLE", async () => {
  const filePath = path.join(context.dir, "noise.mp3");
  fs.writeFileSync(filePath, Buffer.alloc(5000, 0x55));
  await expectDecodeError(filePath, "UNDECODABLE");
});

test("a recording longer than maxDurationSeconds is TOO_LONG, with a message naming the limit", async () => {
  const filePath = await encodePattern(context.core!, pattern, context.dir, "long-check", "mp3");
  const decoded = await decodeAudioFile(context.core!, filePath);
  const error = await decodeAudioFile(context.core!, filePath, { maxDurationSeconds: decoded.durationSeconds / 2 }).catch((e) => e);
  assert.instance(error, AudioDecodeError);
  assert.is(error.code, "TOO_LONG");
  assert.match(error.message, /MAX_AUDIO_MINUTES/);
  const within = await decodeAudioFile(context.core!, filePath, { maxDurationSeconds: decoded.durationSeconds + 1 });
  assert.is(within.samples.length, decoded.samples.length);
});

test("an empty file is EMPTY, a missing one NOT_FOUND", async () => {
  const filePath = path.join(context.dir, "empty.mp3");
  fs.writeFileSync(filePath, "");
  await expectDecodeError(filePath, "EMPTY");
  await expectDecodeError(path.join(context.dir, "absent.mp3"), "NOT_FOUND");
});

test("a truncated mp3 decodes the audio that is there", async () => {
  const whole = fs.readFileSync(await encodePattern(context.core!, pattern, context.dir, "whole", "mp3"));
  const filePath = path.join(context.dir, "truncated.mp3");
  fs.writeFileSync(filePath, whole.subarray(0, Math.floor(whole.length / 2)));
  const decoded = await decodeAudioFile(context.core!, filePath);
  const expectedSeconds = (whole.length / 2) / (128000 / 8); // CBR 128 kbps
  assert.ok(Math.abs(decoded.durationSeconds - expectedSeconds) < 0.15, `duration ${decoded.durationSeconds} vs ${expectedSeconds}`);
  assert.is(decoded.source.durationSeconds, decoded.durationSeconds);
});

test("a few hundred bytes of mp3 are UNDECODABLE, and the core still works after errors", async () => {
  const whole = fs.readFileSync(await encodePattern(context.core!, pattern, context.dir, "short", "mp3"));
  const filePath = path.join(context.dir, "stub.mp3");
  fs.writeFileSync(filePath, whole.subarray(0, 300));
  await expectDecodeError(filePath, "UNDECODABLE");
  const decoded = await decodeAudioFile(context.core!, path.join(context.dir, "short.mp3"));
  assert.ok(decoded.durationSeconds > 3);
  assert.is(context.core!.instanceCount, 1);
});

test("parses ffmpeg's input block, parentheses and all", () => {
  const info = parseFfmpegInputInfo([
    "Guessed Channel Layout for Input Stream #0.0 : mono",
    "Input #0, wav, from '/host/tmp/a.wav':",
    "  Duration: 00:01:02.50, bitrate: 1411 kb/s",
    "  Stream #0:0: Audio: pcm_s16le ([1][0][0][0] / 0x0001), 44100 Hz, 5.1, s16, 1411 kb/s",
    "Stream mapping:",
  ]);
  assert.equal(info, {
    formatName: "wav", durationSeconds: 62.5, containerBitrateKbps: 1411,
    audio: { codecName: "pcm_s16le", sampleRateHz: 44100, channels: 6, bitrateKbps: 1411 },
  });
  assert.is(parseFfmpegInputInfo(["x.mp3: Invalid data found when processing input"]), null);
});

test.run();
