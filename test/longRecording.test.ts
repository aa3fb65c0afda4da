// A playlist of many surahs in non-canonical order (as a juz' recording or an hour of mixed
// items): every ayah in exact order, short surahs included (they hold too few rare k-mers to win
// a chain beside long neighbours, and the locator used to stop after six passages).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { ayahCount } from "../src/quran/quranText.ts";
import { buildQuranIndex } from "../src/recognize/quranIndex.ts";
import { recognizeAndAlign } from "../src/recognize/recognizer.ts";
import { synthesizeRecitation, type Recited } from "./support/syntheticPosteriors.ts";

const rules = loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url));
const index = buildQuranIndex(rules);

function surah(number: number, from = 1, to = ayahCount(number)): Recited[] {
  const ayahs: Recited[] = from === 1 && number !== 1 ? [{ surah: number, ayah: 0 }] : [];
  for (let ayah = from; ayah <= to; ayah++) ayahs.push({ surah: number, ayah });
  return ayahs;
}

// The length target is every ayah in exact order; basmalas between two recordings are
// checked apart (two of the eight are still missed: see /work/notes/rec.md).
test("ten passages in non-canonical order, short surahs among them: every ayah, in order", () => {
  const recited = [...surah(93), ...surah(112), ...surah(36, 1, 12), ...surah(113), ...surah(1), ...surah(67, 1, 8), ...surah(114), ...surah(97), ...surah(103), ...surah(2, 1, 5)];
  const { posteriors, pauses, durationSeconds, energy } = synthesizeRecitation(index, rules, recited, { confusion: 0.2 });
  const result = recognizeAndAlign({ posteriors, pauses, hints: {}, durationSeconds, energy }, index, rules);
  assert.ok(result, "located");
  const ayahs = (list: { surah: number; ayah: number }[]) => list.filter((a) => a.ayah > 0).map((a) => `${a.surah}:${a.ayah}`).join(" ");
  assert.is(ayahs(result!.spans), ayahs(recited));
  const basmalas = result!.spans.filter((s) => s.ayah === 0).map((s) => s.surah);
  assert.ok(basmalas.every((surah) => recited.some((r) => r.surah === surah && r.ayah === 0)), `no basmala of a surah not recited: ${basmalas}`);
});

test.run();
