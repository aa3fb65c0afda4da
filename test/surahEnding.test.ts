import { test } from "uvu";
import * as assert from "uvu/assert";
import { createLatticeWorkspace } from "../src/align/ctcAlign.ts";
import { greedyDecodeDetailed } from "../src/model/greedyDecode.ts";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { buildQuranIndex } from "../src/recognize/quranIndex.ts";
import { alignRecitedUnits, hypothesisLetters } from "../src/recognize/recognizer.ts";
import { completeSurahEnding } from "../src/recognize/surahEnding.ts";
import type { AlignedUnit } from "../src/recognize/spanBuilder.ts";
import { synthesizeRecitation, type Recited } from "./support/syntheticPosteriors.ts";

const rules = loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url));
const index = buildQuranIndex(rules);
const ayahs = (surah: number, from: number, to: number): Recited[] => Array.from({ length: to - from + 1 }, (_, i) => ({ surah, ayah: from + i }));
const label = (u: AlignedUnit) => `${u.unit.surah}:${u.unit.ayah}`;

/** Aligns the synthetic recitation, keeps its units up to `keepUpTo` (as if the rest were dropped as unheard), then completes the ending. */
function complete(recited: Recited[], keepUpTo: string): string[] {
  const synth = synthesizeRecitation(index, rules, recited);
  const aligned = alignRecitedUnits({ ...synth, hints: {} }, index, rules)!;
  const units = aligned.units.slice(0, aligned.units.findIndex((u) => label(u) === keepUpTo) + 1);
  assert.is(label(units[units.length - 1]), keepUpTo);
  const hyp = hypothesisLetters(synth.posteriors, greedyDecodeDetailed(synth.posteriors), index);
  const ctx = { index, rules, posteriors: synth.posteriors, energy: synth.energy, workspace: createLatticeWorkspace(), allowed: [0, index.letters.length] as [number, number], hyp };
  return completeSurahEnding(ctx, units).map(label);
}

test("the last ayahs of a surah read to the recording's end are added back", () => {
  const recited = [{ surah: 114, ayah: 0 }, ...ayahs(114, 1, 6)];
  assert.equal(complete(recited, "114:3"), ["114:0", "114:1", "114:2", "114:3", "114:4", "114:5", "114:6"]);
});

test("speech after the last ayah that is not the rest of its surah adds nothing", () => {
  // 114:1-3, then surah 112 recited instead of 114:4-6: the completion's letters do not match.
  const recited = [{ surah: 114, ayah: 0 }, ...ayahs(114, 1, 3), ...ayahs(112, 1, 4)];
  const synth = synthesizeRecitation(index, rules, recited);
  const aligned = alignRecitedUnits({ ...synth, hints: {} }, index, rules)!;
  assert.ok(aligned.units.some((u) => u.unit.surah === 112), "112 located on its own");
  assert.equal(complete(recited, "114:3"), ["114:0", "114:1", "114:2", "114:3"]);
});

test("a surah far from its end is not completed (only a short tail is)", () => {
  const recited = [{ surah: 78, ayah: 0 }, ...ayahs(78, 1, 12)];
  assert.equal(complete(recited, "78:6"), ["78:0", "78:1", "78:2", "78:3", "78:4", "78:5", "78:6"]);
});

test.run();
