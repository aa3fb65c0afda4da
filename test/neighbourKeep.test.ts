import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { buildQuranIndex } from "../src/recognize/quranIndex.ts";
import { unitToKeep, type KeepContext } from "../src/recognize/neighbourKeep.ts";
import type { AlignedUnit } from "../src/recognize/spanBuilder.ts";
import type { EnergyTrack } from "../src/audio/energyDips.ts";

const rules = loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url));
const index = buildQuranIndex(rules);
const FRAME_SECONDS = 0.04;
const unitOf = (surah: number, ayah: number) => index.units.findIndex((u) => u.kind === "ayah" && u.surah === surah && u.ayah === ayah);

function aligned(unitIndex: number, firstFrame: number, lastFrame: number): AlignedUnit {
  return {
    unitIndex, unit: index.units[unitIndex], firstFrame, lastFrame, confidence: 0.6, startsInside: false, endsInside: false,
    labelFrames: { startFrames: new Int32Array(lastFrame - firstFrame), offset: 0 }, writtenWords: [], labelWordIndex: new Int32Array(0),
  };
}

/** 20 s of 10 ms energy frames: -60 dB everywhere ("silence" by the threshold) except where `loudFrom` starts. */
function energy(loudFromSeconds: number): EnergyTrack {
  const energyDb = new Float32Array(2000).fill(-60);
  for (let i = Math.round(loudFromSeconds * 100); i < 2000; i++) energyDb[i] = -20;
  return { energyDb, hopSeconds: 0.01, offsetSeconds: 0.0125, silenceThresholdDb: -45 };
}

/** 77:7 aligned from 8 s on; 77:6 planned before it but skipped by the path. */
function context(letterFrames?: number[]): KeepContext {
  const planned = [unitOf(77, 6), unitOf(77, 7), unitOf(77, 8)];
  const result = [aligned(unitOf(77, 7), 200, 300), aligned(unitOf(77, 8), 310, 450)];
  return { index, result, planned, energy: energy(8), pauses: [], frameRange: [0, 480], frameSeconds: FRAME_SECONDS, allowed: [0, index.letters.length], letterFrames };
}

test("a quiet opening with no letters heard: nothing brought back", () => {
  assert.is(unitToKeep(context([])), null);
});

test("a quiet opening (below the energy threshold) where the model heard letters brings back the skipped ayah", () => {
  const heard = Array.from({ length: 30 }, (_, k) => 20 + 5 * k); // 30 letters in 0.8-6.6 s
  const decision = unitToKeep(context(heard));
  assert.ok(decision, "a unit to keep");
  assert.is(decision!.unitIndex, unitOf(77, 6));
});

test.run();
