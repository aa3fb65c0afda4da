import { test } from "uvu";
import * as assert from "uvu/assert";
import { energyTrackFrom, findEnergyDips, quietestTime, silenceEndBefore, type EnergyTrack } from "../src/audio/energyDips.ts";
import { analyzeFrameEnergy, DEFAULT_PAUSE_OPTIONS } from "../src/audio/pauseDetect.ts";
import { synthesizeBursts } from "./helpers/wavFile.ts";

function track(samples: Float32Array): EnergyTrack {
  return energyTrackFrom(analyzeFrameEnergy(samples, 16000, DEFAULT_PAUSE_OPTIONS).energyDb);
}

test("a 60 ms gap between two tones is found as a dip inside the gap", () => {
  const samples = synthesizeBursts([{ toneSeconds: 1.5, silenceSeconds: 0.06 }, { toneSeconds: 1.5, silenceSeconds: 0 }]);
  const dips = findEnergyDips(track(samples));
  assert.is(dips.length, 1);
  const centre = (dips[0].startTimeSeconds + dips[0].endTimeSeconds) / 2;
  assert.ok(centre >= 1.5 && centre <= 1.56, `dip at ${centre} must lie inside the gap 1.50-1.56`);
  assert.ok(dips[0].strength > 0 && dips[0].strength <= 0.6);
});

test("a steady tone has no dips", () => {
  assert.is(findEnergyDips(track(synthesizeBursts([{ toneSeconds: 3, silenceSeconds: 0 }]))).length, 0);
});

test("quietestTime lands in the gap when searched around it, else mid-window on a flat signal", () => {
  const samples = synthesizeBursts([{ toneSeconds: 1, silenceSeconds: 0.1 }, { toneSeconds: 1, silenceSeconds: 0 }]);
  const t = quietestTime(track(samples), 0.8, 1.3);
  assert.ok(t >= 1.0 && t <= 1.1, `quietest at ${t}`);
  const flat = quietestTime(track(synthesizeBursts([{ toneSeconds: 2, silenceSeconds: 0 }])), 0.5, 1.5);
  assert.ok(Math.abs(flat - 1.0) < 0.15, `flat at ${flat}`);
});

test("silenceEndBefore finds where the silence before an onset ends, and null inside steady sound", () => {
  // tone 0-1.0 s, silence 1.0-1.5 s, tone from 1.5 s: the onset is at 1.5 s
  const samples = synthesizeBursts([{ toneSeconds: 1, silenceSeconds: 0.5 }, { toneSeconds: 1, silenceSeconds: 0 }]);
  const energy = track(samples);
  const end = silenceEndBefore(energy, 1.6, 0.6);
  assert.ok(end !== null && Math.abs(end - 1.5) <= 0.03, `silence ends at ${end}`);
  assert.is(silenceEndBefore(energy, 0.8, 0.2), null);
});

test.run();
