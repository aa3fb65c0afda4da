// The pause baseline (no model installed) never cuts ayahs shorter than their letters could be
// spoken in: speech too short for the hinted passage is refused with a message.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createBaselineAligner } from "../src/align/baselineAligner.ts";
import { PlanError } from "../src/align/recitationPlan.ts";
import { memoryPcmSource } from "../src/audio/pcmSource.ts";
import type { AlignInput } from "../src/pipeline/types.ts";

function input(durationSeconds: number, surah: number): AlignInput {
  const source = { formatName: "wav", codecName: "pcm_s16le", sampleRateHz: 16000, channels: 1, bitrateKbps: null, durationSeconds };
  return {
    audio: { pcm: memoryPcmSource(new Float32Array(Math.round(durationSeconds * 16000))), sampleRateHz: 16000, durationSeconds, source },
    pauses: [],
    speech: [{ startTimeSeconds: 0.05, endTimeSeconds: durationSeconds - 0.05 }],
    hints: { surah },
  };
}

test("1.2 s of speech with surah 36 named: refused, not 84 ayahs of milliseconds", async () => {
  try {
    await createBaselineAligner().align(input(1.2, 36));
    assert.unreachable("should refuse");
  } catch (error) {
    assert.instance(error, PlanError);
    assert.match((error as Error).message, /too little for the 84 hinted units/);
  }
});

test("speech long enough for the hinted surah is aligned", async () => {
  const result = await createBaselineAligner().align(input(20, 112));
  assert.equal(result.spans.map((s) => s.ayah), [0, 1, 2, 3, 4]);
});

test.run();
