/**
 * Mono float32 PCM that the analysis stages read in blocks instead of holding whole: 16 kHz
 * float32 is 3.8 MB per minute (920 MB for 4 hours), so the service keeps the decoded signal in
 * its temporary file and every stage (frame energy, log-mel, model chunks) reads the stretch it
 * works on. Tests and scripts wrap an in-memory Float32Array in the same interface.
 */
import fs from "node:fs";

export interface PcmSource {
  readonly sampleCount: number;
  /**
   * Samples [start, end), clamped to the signal: a fresh array the caller may keep, or, with
   * `into` (long enough), a view of `into` valid until its next use. Block readers pass one
   * buffer for every block: a fresh 2-8 MB array per block is garbage the collector frees late,
   * and the allocator keeps its pages, so the peak grew with the recording's length.
   */
  read(startSample: number, endSample: number, into?: Float32Array): Float32Array;
}

/** An open PCM file; close() releases the descriptor (the file itself belongs to the caller). */
export interface PcmFile extends PcmSource {
  close(): void;
}

export function memoryPcmSource(samples: Float32Array): PcmSource {
  return {
    sampleCount: samples.length,
    read(startSample, endSample, into) {
      const start = Math.max(0, startSample);
      const end = Math.max(start, Math.min(samples.length, endSample));
      if (!into) return samples.slice(start, end);
      const view = into.subarray(0, end - start);
      view.set(samples.subarray(start, end));
      return view;
    },
  };
}

/** Opens a raw little-endian float32 file (ffmpeg's `-f f32le`) for block reads. */
export function openPcmFile(filePath: string): PcmFile {
  const fd = fs.openSync(filePath, "r");
  const sampleCount = Math.floor(fs.fstatSync(fd).size / 4);
  let open = true;
  return {
    sampleCount,
    read(startSample, endSample, into) {
      const start = Math.max(0, startSample);
      const length = Math.max(0, Math.min(sampleCount, endSample) - start);
      const samples = into ? into.subarray(0, length) : new Float32Array(length);
      const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
      for (let offset = 0; offset < bytes.length; ) {
        const read = fs.readSync(fd, bytes, offset, bytes.length - offset, start * 4 + offset);
        if (read === 0) throw new Error(`PCM file ended early at byte ${start * 4 + offset} of ${sampleCount * 4}`);
        offset += read;
      }
      return samples;
    },
    close() {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}

/** The whole signal in memory (scripts and tests; the service never calls this on a long recording). */
export function readAllSamples(source: PcmSource): Float32Array {
  return source.read(0, source.sampleCount);
}

/** Frame geometry shared by the framed analyses: frame f covers samples [f * hop, f * hop + length). */
export interface FrameGeometry {
  frameLength: number;
  hopLength: number;
}

/**
 * Visits frames [0, frameCount) in blocks of at most `framesPerBlock`, handing each block the
 * samples its frames cover (the last frame of a block may reach past the signal's end only when
 * the signal itself is shorter than one frame). `samples[0]` is the block's first frame's start.
 */
export function forEachFrameBlock(
  source: PcmSource, geometry: FrameGeometry, frameCount: number, framesPerBlock: number,
  visit: (samples: Float32Array, firstFrame: number, blockFrameCount: number) => void,
): void {
  const { frameLength, hopLength } = geometry;
  const buffer = new Float32Array(frameCount > 0 ? (Math.min(framesPerBlock, frameCount) - 1) * hopLength + frameLength : 0);
  for (let firstFrame = 0; firstFrame < frameCount; firstFrame += framesPerBlock) {
    const blockFrameCount = Math.min(framesPerBlock, frameCount - firstFrame);
    const startSample = firstFrame * hopLength;
    visit(source.read(startSample, startSample + (blockFrameCount - 1) * hopLength + frameLength, buffer), firstFrame, blockFrameCount);
  }
}

/** 30 s of 10 ms frames: blocks of ~2 MB of samples. */
export const DEFAULT_FRAMES_PER_BLOCK = 3000;
