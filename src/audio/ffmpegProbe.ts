/**
 * Reads facts about an input from ffmpeg's own log (the "Input #0 ..." block it prints for every
 * run). The wasm core has no separate ffprobe worth relying on, and the decode run prints this block
 * anyway, so probing costs nothing extra. Pure: log lines in, typed info out.
 */

export interface ProbedInput {
  /** Demuxer name as ffmpeg prints it, e.g. "mp3", "wav", "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  /** Container duration, null when ffmpeg prints "N/A". */
  durationSeconds: number | null;
  /** Overall bit rate from the Duration line, kbit/s. */
  containerBitrateKbps: number | null;
  /** First audio stream, null when the input has none. */
  audio: ProbedAudioStream | null;
}

export interface ProbedAudioStream {
  codecName: string;
  sampleRateHz: number;
  channels: number;
  bitrateKbps: number | null;
}

const CHANNEL_LAYOUTS: Record<string, number> = {
  mono: 1, stereo: 2, "2.1": 3, "3.0": 3, "3.0(back)": 3, "3.1": 4, "4.0": 4, quad: 4, "quad(side)": 4,
  "4.1": 5, "5.0": 5, "5.0(side)": 5, "5.1": 6, "5.1(side)": 6, "6.0": 6, "6.1": 7, "7.0": 7, "7.1": 8,
};

/** Null when the log has no "Input #0" block (ffmpeg could not open or recognise the input). */
export function parseFfmpegInputInfo(logLines: readonly string[]): ProbedInput | null {
  const inputIndex = logLines.findIndex((line) => /^Input #0, /.test(line));
  if (inputIndex < 0) return null;
  const formatName = /^Input #0, (.+?), from /.exec(logLines[inputIndex])?.[1] ?? "unknown";
  // The block ends at the first line that is not indented (e.g. "Stream mapping:", "Output #0").
  let endIndex = inputIndex + 1;
  while (endIndex < logLines.length && /^\s/.test(logLines[endIndex])) endIndex++;
  const block = logLines.slice(inputIndex + 1, endIndex);
  const durationLine = block.find((line) => /^\s+Duration: /.test(line)) ?? "";
  const audioLine = block.find((line) => /^\s+Stream #0:\d+.*: Audio: /.test(line));
  return {
    formatName,
    durationSeconds: parseClockSeconds(/Duration: ([0-9:.]+)/.exec(durationLine)?.[1]),
    containerBitrateKbps: parseKbps(/bitrate: (\d+) kb\/s/.exec(durationLine)?.[1]),
    audio: audioLine ? parseAudioStreamLine(audioLine) : null,
  };
}

/** e.g. "  Stream #0:0: Audio: mp3, 44100 Hz, stereo, fltp, 128 kb/s" */
export function parseAudioStreamLine(line: string): ProbedAudioStream {
  const description = line.slice(line.indexOf("Audio: ") + "Audio: ".length);
  const parts = splitTopLevel(description);
  const codecName = (parts[0] ?? "unknown").split(/\s+/)[0];
  const rateIndex = parts.findIndex((part) => /^\d+ Hz$/.test(part));
  const sampleRateHz = rateIndex >= 0 ? Number.parseInt(parts[rateIndex], 10) : 0;
  const layout = rateIndex >= 0 ? parts[rateIndex + 1] ?? "" : "";
  const channels = CHANNEL_LAYOUTS[layout] ?? Number.parseInt(/^(\d+) channels/.exec(layout)?.[1] ?? "0", 10);
  const bitrateKbps = parseKbps(/(\d+) kb\/s/.exec(parts.slice(rateIndex + 1).join(","))?.[1]);
  return { codecName, sampleRateHz, channels, bitrateKbps };
}

/** Splits on commas that are not inside parentheses ("pcm_s16le ([1][0][0][0] / 0x0001), 44100 Hz"). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else current += char;
  }
  parts.push(current.trim());
  return parts;
}

function parseClockSeconds(clock: string | undefined): number | null {
  const match = clock ? /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(clock) : null;
  if (!match) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function parseKbps(value: string | undefined): number | null {
  return value === undefined ? null : Number.parseInt(value, 10);
}
