import { test } from "uvu";
import * as assert from "uvu/assert";
import { createLatticeWorkspace } from "../src/align/ctcAlign.ts";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { buildQuranIndex } from "../src/recognize/quranIndex.ts";
import { alignRecitedUnits, hypothesisLetters } from "../src/recognize/recognizer.ts";
import { greedyDecodeDetailed } from "../src/model/greedyDecode.ts";
import { openerOf, restoreSurahOpenings } from "../src/recognize/surahOpening.ts";
import type { AlignedUnit } from "../src/recognize/spanBuilder.ts";
import { synthesizeRecitation, SYNTH_STEP_SECONDS, type Recited } from "./support/syntheticPosteriors.ts";

const rules = loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url));
const index = buildQuranIndex(rules);
const ayahs = (surah: number, count: number): Recited[] => Array.from({ length: count }, (_, i) => ({ surah, ayah: i + 1 }));
const label = (u: AlignedUnit) => `${u.unit.surah}:${u.unit.ayah}`;
const unitAt = (surah: number, ayah: number) => index.units.findIndex((u) => u.surah === surah && u.ayah === ayah);

function restore(recited: Recited[], pauseFrames = 20, drop: (u: AlignedUnit) => boolean = () => false) {
  const synth = synthesizeRecitation(index, rules, recited, { pauseFrames });
  const aligned = alignRecitedUnits({ ...synth, hints: {} }, index, rules)!;
  const units = aligned.units.filter((u) => !drop(u));
  const hyp = hypothesisLetters(synth.posteriors, greedyDecodeDetailed(synth.posteriors), index);
  const ctx = { index, rules, hyp, posteriors: synth.posteriors, energy: synth.energy, workspace: createLatticeWorkspace(), allowed: [0, index.letters.length] as [number, number] };
  return { synth, units, restored: restoreSurahOpenings(ctx, units) };
}

test("the opening of a surah: its basmala, al-Fatiha's 1:1 before 1:2, none for surah 9 or a later ayah", () => {
  assert.is(openerOf(index, unitAt(2, 1)), index.units.findIndex((u) => u.surah === 2 && u.kind === "basmala"));
  assert.is(openerOf(index, unitAt(1, 2)), unitAt(1, 1));
  assert.is(openerOf(index, unitAt(1, 1)), null);
  assert.is(openerOf(index, unitAt(9, 1)), null);
  assert.is(openerOf(index, unitAt(2, 2)), null);
});

test("a basmala between two recordings that the segment alignments skipped is aligned again where it was said", () => {
  const recited: Recited[] = [...ayahs(112, 4), { surah: 113, ayah: 0, heardPoorly: true }, ...ayahs(113, 5)];
  const { synth, units, restored } = restore(recited, 20, (u) => u.unit.surah === 113 && u.unit.kind === "basmala");
  assert.not.ok(units.some((u) => u.unit.kind === "basmala"), "simulated skip");
  assert.equal(restored.map(label), recited.map((r) => `${r.surah}:${r.ayah}`));
  const basmala = restored[4];
  // The basmala lies between cut 3 (after 112:4) and cut 4 (before 113:1).
  assert.ok(basmala.firstFrame * SYNTH_STEP_SECONDS > synth.cuts[3] && (basmala.lastFrame + 1) * SYNTH_STEP_SECONDS < synth.cuts[4], `basmala at ${basmala.firstFrame}–${basmala.lastFrame}`);
});

test("al-Fatiha's 1:1 at the start of a recording, swallowed into 1:2, is restored", () => {
  const recited: Recited[] = [{ surah: 1, ayah: 1, heardPoorly: true }, ...ayahs(1, 7).slice(1)];
  const { restored } = restore(recited, 20, (u) => u.unit.surah === 1 && u.unit.ayah === 1);
  assert.equal(restored.map(label), ["1:1", "1:2", "1:3", "1:4", "1:5", "1:6", "1:7"]);
});

for (const pauseFrames of [20, 150]) {
  test(`a surah started without a basmala (${pauseFrames * SYNTH_STEP_SECONDS} s pause before it) gets none`, () => {
    const recited: Recited[] = [...ayahs(112, 4), ...ayahs(113, 5)];
    const { restored } = restore(recited, pauseFrames);
    assert.equal(restored.map(label), recited.map((r) => `${r.surah}:${r.ayah}`));
  });
}

test.run();
