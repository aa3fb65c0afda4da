// A short surah recited slowly (mujawwad-like: 0.7x, pauses stretched 2.5x) holds too few intact k-mers for the locator
// at the recording's own tempo; the recognizer tries again at 1.25x and 0.8x before giving up
// (src/pipeline/alignRecording.ts), and times stay in the recording's own time. The slow variant
// is made here from the dev recording as scripts/makeEvalSets.ts makes evalsets/mujawwad (there
// e112 and e113-114 failed before the retry); skipped with a note when ../shared/eval/dev or the
// model is absent.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import { corePath } from "../src/audio/ffmpegCore.ts";
import { quietRuns, retimeForTempo, retimeThroughInsertions, stretchPauses } from "../src/eval/evalSetTransforms.ts";
import { energyDb, percentile, type ManifestItem } from "../src/eval/scoreMetrics.ts";
import { encodeWav16 } from "./helpers/wavFile.ts";
import { processFileOrFail } from "./support/processDevFile.ts";
import { createWorkerContext, defaultModelCardPath } from "../src/pipeline/workerContext.ts";

const SLOWDOWN = 0.7;
const devDir = path.resolve("../shared/eval/dev");
const available = fs.existsSync(path.join(devDir, "e112.mp3")) && fs.existsSync(defaultModelCardPath());

test("e112 at 0.7x with no hint: found at a retried tempo, every ayah, boundaries in the slow recording's time", async () => {
  if (!available) return console.log("  (skipped: ../shared/eval/dev or the model is absent)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-slow-"));
  try {
    const ctx = createWorkerContext();
    const slowedPath = path.join(dir, "e112-0.7x.wav");
    const made = await (await ctx.ffmpeg()).run(["-i", corePath(path.join(devDir, "e112.mp3")), "-filter:a", `atempo=${SLOWDOWN}`, "-ar", "16000", "-ac", "1", corePath(slowedPath)]);
    assert.is(made.exitCode, 0, made.logLines.join("\n"));
    const slowed = (await decodeAudioFile(await ctx.ffmpeg(), slowedPath)).samples;
    const db = energyDb(slowed);
    const stretched = stretchPauses(slowed, 16000, quietRuns(db, percentile(db, 5), 0.15), 2.5, 4);
    fs.writeFileSync(path.join(dir, "stretched.wav"), encodeWav16(stretched.samples, 16000));
    const slowPath = path.join(dir, "e112-mujawwad.mp3"); // 64 kbit/s, as evalsets/mujawwad
    const encoded = await (await ctx.ffmpeg()).run(["-i", corePath(path.join(dir, "stretched.wav")), "-b:a", "64k", corePath(slowPath)]);
    assert.is(encoded.exitCode, 0, encoded.logLines.join("\n"));
    const manifest = JSON.parse(fs.readFileSync(path.join(devDir, "manifest.json"), "utf8")) as { items: ManifestItem[] };
    const reference = retimeThroughInsertions(retimeForTempo(manifest.items.find((i) => i.id === "e112")!, SLOWDOWN), stretched.insertions, stretched.samples.length / 16000);
    const metadata = await processFileOrFail(ctx, slowPath, dir);
    console.log(`  ${metadata.ayahs.map((a) => `${a.surah_number}:${a.ayah_number} ${a.start_time.toFixed(2)}-${a.end_time.toFixed(2)}`).join(", ")}; model_tempo ${metadata.diagnostics.model_tempo}`);
    assert.equal(metadata.ayahs.filter((a) => a.ayah_number > 0).map((a) => `${a.surah_number}:${a.ayah_number}`), ["112:1", "112:2", "112:3", "112:4"]);
    // quran-ctc-v1 finds nothing at 1x here and needs the retry (model_tempo 1.25); a better ear may not.
    const tempo = metadata.diagnostics.model_tempo;
    assert.ok(tempo === undefined || [1.25, 0.8].includes(Number(tempo)), `model_tempo ${tempo}`);
    for (const ayah of metadata.ayahs.filter((a) => a.ayah_number > 1)) {
      const truth = reference.expected!.find((e) => e.ayah === ayah.ayah_number)!.start;
      assert.ok(Math.abs(ayah.start_time - truth) < 0.5, `112:${ayah.ayah_number} starts at ${ayah.start_time} s, slowed reference ${truth.toFixed(2)} s`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
