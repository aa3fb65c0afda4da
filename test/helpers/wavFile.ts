/** Minimal 16-bit PCM mono WAV encoder for generated test audio (no ffmpeg needed). */
export function encodeWav16(samples: Float32Array, sampleRateHz: number): Buffer {
  const dataBytes = samples.length * 2;
  const buffer = Buffer.alloc(44 + dataBytes);
  buffer.write("RIFF", 0);
  buffer.writeUInt32LE(36 + dataBytes, 4);
  buffer.write("WAVE", 8);
  buffer.write("fmt ", 12);
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(sampleRateHz, 24);
  buffer.writeUInt32LE(sampleRateHz * 2, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write("data", 36);
  buffer.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) {
    buffer.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32767))), 44 + i * 2);
  }
  return buffer;
}

/** Tone bursts (speech stand-ins) separated by silences, with a little noise; deterministic. */
export function synthesizeBursts(segments: { toneSeconds: number; silenceSeconds: number }[], sampleRateHz = 16000, seed = 1): Float32Array {
  const total = segments.reduce((sum, s) => sum + s.toneSeconds + s.silenceSeconds, 0);
  const samples = new Float32Array(Math.round(total * sampleRateHz));
  let state = seed;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.002;
  let index = 0;
  for (const segment of segments) {
    const toneEnd = index + Math.round(segment.toneSeconds * sampleRateHz);
    for (; index < toneEnd && index < samples.length; index++) samples[index] = 0.3 * Math.sin((2 * Math.PI * 220 * index) / sampleRateHz) + noise();
    const silenceEnd = index + Math.round(segment.silenceSeconds * sampleRateHz);
    for (; index < silenceEnd && index < samples.length; index++) samples[index] = noise();
  }
  return samples;
}
