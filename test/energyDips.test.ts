import { test } from "uvu";
import * as assert from "uvu/assert";
import { energyTrackFrom, findEnergyDips, quietestTime, silenceEndBefore, soundAtOrAfter, soundRunBefore, type EnergyTrack } from "../src/audio/energyDips.ts";
import { cutBetween } from "../src/recognize/boundaryRefine.ts";
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

test("soundAtOrAfter: from inside a silence, where the sound resumes; in sound, the time itself; null past the limit", () => {
  // tone 0-1.0 s, silence 1.0-2.0 s, tone from 2.0 s
  const energy = track(synthesizeBursts([{ toneSeconds: 1, silenceSeconds: 1 }, { toneSeconds: 1, silenceSeconds: 0 }]));
  const resumed = soundAtOrAfter(energy, 1.3, 3);
  assert.ok(resumed !== null && Math.abs(resumed - 2.0) <= 0.03, `sound resumes at ${resumed}`);
  assert.is(soundAtOrAfter(energy, 0.5, 3), 0.5);
  assert.is(soundAtOrAfter(energy, 1.3, 1.6), null);
});

test("cutBetween: a first letter placed deep in the pause moves to where the recitation starts, one just before a short break stays", () => {
  // ayah A 0-1 s, pause 1-2.2 s, ayah B from 2.2 s; CTC put B's first letter at 1.4 s, inside the pause
  const long = track(synthesizeBursts([{ toneSeconds: 1, silenceSeconds: 1.2 }, { toneSeconds: 1, silenceSeconds: 0 }]));
  const cut = cutBetween({ afterSeconds: 0.95, beforeSeconds: 1.4 }, [], long);
  assert.ok(Math.abs(cut - 2.2) <= 0.03, `cut at ${cut}, the recitation resumes at 2.2 s`);
  // ayah A 0-1 s, pause 1-2 s, B's first syllable 2-2.15 s, a 0.2 s break, the rest of B from 2.35 s;
  // the letter at 2.2 s (in the break) belongs to the syllable before it: the cut is not moved past the break
  const syllable = track(synthesizeBursts([{ toneSeconds: 1, silenceSeconds: 1 }, { toneSeconds: 0.15, silenceSeconds: 0.2 }, { toneSeconds: 1, silenceSeconds: 0 }]));
  const kept = cutBetween({ afterSeconds: 0.95, beforeSeconds: 2.2 }, [], syllable);
  assert.ok(kept < 2.3, `cut at ${kept} must not move to the break's end (2.35 s)`);
});

test("soundRunBefore: the sound run before the silence a time lies in; null in sound or with no silence before the run", () => {
  // tone 0-1.0 s, silence 1.0-2.0 s, tone 2.0-2.2 s, silence 2.2-3.0 s, tone from 3.0 s
  const energy = track(synthesizeBursts([{ toneSeconds: 1, silenceSeconds: 1 }, { toneSeconds: 0.2, silenceSeconds: 0.8 }, { toneSeconds: 1, silenceSeconds: 0 }]));
  const run = soundRunBefore(energy, 2.5, 0.5);
  assert.ok(run !== null && Math.abs(run.startSeconds - 2.0) <= 0.03 && Math.abs(run.endSeconds - 2.2) <= 0.03, `run ${JSON.stringify(run)}`);
  assert.is(soundRunBefore(energy, 2.1, 0.5), null);
  assert.is(soundRunBefore(energy, 2.5, 2.1), null);
});

test("cutBetween: a short first syllable before a long closure keeps the ayah's start; a release right after the earlier ayah does not", () => {
  // ayah A 0-1 s, pause 1-2 s, B's "li" 2-2.16 s, the stretched closure 2.16-2.96 s, the rest of B;
  // CTC put B's first letter at 2.44 s, inside the closure: the cut goes before "li", not to 2.96 s
  const closure = track(synthesizeBursts([{ toneSeconds: 1, silenceSeconds: 1 }, { toneSeconds: 0.16, silenceSeconds: 0.8 }, { toneSeconds: 1, silenceSeconds: 0 }]));
  const cut = cutBetween({ afterSeconds: 0.95, beforeSeconds: 2.44 }, [], closure);
  assert.ok(Math.abs(cut - 2.0) <= 0.03, `cut at ${cut}, B's first syllable starts at 2.0 s`);
  // ayah A 0-1 s, its final qalqala release 1.1-1.2 s, pause to 2.4 s, B from 2.4 s; the letter at 1.6 s
  const release = track(synthesizeBursts([{ toneSeconds: 1, silenceSeconds: 0.1 }, { toneSeconds: 0.1, silenceSeconds: 1.2 }, { toneSeconds: 1, silenceSeconds: 0 }]));
  const moved = cutBetween({ afterSeconds: 0.98, beforeSeconds: 1.6 }, [], release);
  assert.ok(Math.abs(moved - 2.4) <= 0.03, `cut at ${moved}, B starts at 2.4 s`);
});

test("cutBetween: ayahs joined without a pause are cut after the earlier ayah's last letter, not at a closure inside it", () => {
  // ayah A's sound 0-0.95 s, a stop's closure 0.95-1.07 s, A's last syllable 1.07-1.3 s joined to
  // B (to 2.0 s) with only a 10 dB dip at 1.33-1.37 s; CTC put A's last letter up to 1.2 s and B's
  // first at 1.45 s. The closure lies 0.2 s before A's last letter: cutting there would give B's file
  // A's last syllable ("wad-duha" and 93:2 on the dev reciter).
  const samples = synthesizeBursts([{ toneSeconds: 0.95, silenceSeconds: 0.12 }, { toneSeconds: 0.93, silenceSeconds: 0.3 }]);
  for (let i = Math.round(1.33 * 16000); i < Math.round(1.37 * 16000); i++) samples[i] *= 0.3;
  const cut = cutBetween({ afterSeconds: 1.2, beforeSeconds: 1.45 }, [], track(samples));
  assert.ok(cut >= 1.2 && Math.abs(cut - 1.35) <= 0.03, `cut at ${cut}, the junction's dip is at 1.35 s`);
});

test.run();
