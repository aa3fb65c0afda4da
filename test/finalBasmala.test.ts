import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { buildQuranIndex } from "../src/recognize/quranIndex.ts";
import { recognizeAndAlign } from "../src/recognize/recognizer.ts";
import { synthesizeRecitation, type Recited } from "./support/syntheticPosteriors.ts";

const rules = loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url));
const index = buildQuranIndex(rules);

function labelsOf(recited: Recited[], seed = 3): string[] {
  const { posteriors, pauses, durationSeconds, energy } = synthesizeRecitation(index, rules, recited, { seed });
  const result = recognizeAndAlign({ posteriors, pauses, hints: {}, durationSeconds, energy }, index, rules);
  assert.ok(result, "recognized");
  return result!.spans.map((s) => `${s.surah}:${s.ayah}`);
}

const surah112: Recited[] = [1, 2, 3, 4].map((ayah) => ({ surah: 112, ayah }));

test("sound after a surah's last ayah that is not heard as a basmala is not reported as the next surah's basmala", () => {
  for (const seed of [1, 2, 3]) {
    // 80 % of the letters heard as others: sound with some letters, not the basmala's
    assert.equal(labelsOf([...surah112, { surah: 113, ayah: 0, confusion: 0.8 }], seed), ["112:1", "112:2", "112:3", "112:4"], `seed ${seed}`);
  }
});

test("a basmala heard as its text at the very end is kept", () => {
  assert.equal(labelsOf([...surah112, { surah: 113, ayah: 0 }]), ["112:1", "112:2", "112:3", "112:4", "113:0"]);
});

test.run();
