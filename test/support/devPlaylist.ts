/**
 * Two dev recordings back to back as in a playlist (a gap of silence between them), run through
 * the pipeline in this process: the tests of junctions between recordings. Returns the ayahs found
 * and the references of both items, the second's moved by the first's length plus the gap.
 */
import fs from "node:fs";
import path from "node:path";
import { decodeAudioFile } from "../../src/audio/audioDecode.ts";
import type { ExpectedAyah, ManifestItem } from "../../src/eval/scoreMetrics.ts";
import type { AyahMetadata } from "../../src/pipeline/taskTypes.ts";
import type { WorkerContext } from "../../src/pipeline/workerContext.ts";
import { encodeWav16 } from "../helpers/wavFile.ts";
import { processFileOrFail } from "./processDevFile.ts";

const RATE_HZ = 16000;

export interface DevPlaylistResult {
  ayahs: AyahMetadata[];
  expected: ExpectedAyah[];
}

export async function splitDevPlaylist(ctx: WorkerContext, devDir: string, ids: [string, string], gapSeconds: number, workDir: string): Promise<DevPlaylistResult> {
  const items = (JSON.parse(fs.readFileSync(path.join(devDir, "manifest.json"), "utf8")) as { items: ManifestItem[] }).items;
  const [first, second] = ids.map((id) => items.find((item) => item.id === id)!);
  const a = (await decodeAudioFile(await ctx.ffmpeg(), path.join(devDir, first.audio))).samples;
  const b = (await decodeAudioFile(await ctx.ffmpeg(), path.join(devDir, second.audio))).samples;
  const offsetSeconds = a.length / RATE_HZ + gapSeconds;
  const joined = new Float32Array(a.length + Math.round(gapSeconds * RATE_HZ) + b.length);
  joined.set(a, 0);
  joined.set(b, joined.length - b.length);
  const wavPath = path.join(workDir, "playlist.wav");
  fs.writeFileSync(wavPath, encodeWav16(joined, RATE_HZ));
  const { ayahs } = await processFileOrFail(ctx, wavPath, workDir);
  const expected = [...first.expected!, ...second.expected!.map((e) => ({ ...e, start: e.start + offsetSeconds }))];
  return { ayahs, expected };
}
