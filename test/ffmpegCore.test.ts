import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { corePath, createFfmpegCore } from "../src/audio/ffmpegCore.ts";
import { encodePattern, makeTempDir, synthesizePattern } from "./helpers/generateAudio.ts";

test("one core instance survives hundreds of runs (the wasm stack is restored after each)", async () => {
  // Without the stack restore, run 146 crashed with "memory access out of bounds".
  const core = await createFfmpegCore();
  const dir = makeTempDir("ffmpeg-core-test");
  try {
    const input = await encodePattern(core, synthesizePattern([{ toneSeconds: 0.3, silenceSeconds: 0.1 }]), dir, "tiny", "mp3");
    for (let run = 0; run < 250; run++) {
      const result = await core.run(["-i", corePath(input), "-f", "null", "-"]);
      assert.is(result.exitCode, 0, `run ${run}`);
    }
    assert.is(core.instanceCount, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("host files deleted or replaced between runs are seen fresh; failures leave the core usable", async () => {
  const core = await createFfmpegCore();
  const dir = makeTempDir("ffmpeg-core-test");
  try {
    const wav = await encodePattern(core, synthesizePattern([{ toneSeconds: 0.5, silenceSeconds: 0.1 }]), dir, "a", "wav");
    const output = path.join(dir, "out.mp3");
    assert.is((await core.run(["-i", corePath(wav), corePath(output)])).exitCode, 0);
    fs.rmSync(output);
    assert.is((await core.run(["-i", corePath(wav), corePath(output)])).exitCode, 0);
    assert.ok(fs.statSync(output).size > 1000);
    const missing = await core.run(["-i", corePath(path.join(dir, "missing.wav")), "-f", "null", "-"]);
    assert.is.not(missing.exitCode, 0);
    assert.ok(missing.logLines.some((line) => /No such file or directory/.test(line)));
    assert.is((await core.run(["-i", corePath(output), "-f", "null", "-"])).exitCode, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
