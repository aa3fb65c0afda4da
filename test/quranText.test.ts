import { test } from "uvu";
import * as assert from "uvu/assert";
import { allSurahs, ayahCount, getAyahText, BASMALA_TEXT, TOTAL_AYAH_COUNT, hasUncountedBasmala } from "../src/quran/quranText.ts";

test("has 114 surahs and 6236 ayahs", () => {
  assert.is(allSurahs().length, 114);
  assert.is(allSurahs().reduce((sum, s) => sum + s.ayahTexts.length, 0), TOTAL_AYAH_COUNT);
});

test("ayah counts match the eval set's table", async () => {
  const { readFileSync, existsSync } = await import("node:fs");
  const countsUrl = new URL("../../shared/eval/ayah_counts.json", import.meta.url);
  if (!existsSync(countsUrl)) return console.log("  (skipped: ../shared/eval/ayah_counts.json absent)");
  const counts: number[] = JSON.parse(readFileSync(countsUrl, "utf8"));
  counts.forEach((count, index) => assert.is(ayahCount(index + 1), count));
});

test("ayah 0 is the basmala except for surahs 1 and 9", () => {
  assert.is(getAyahText(2, 0), BASMALA_TEXT);
  assert.throws(() => getAyahText(9, 0));
  assert.throws(() => getAyahText(1, 0));
  assert.ok(!hasUncountedBasmala(1) && !hasUncountedBasmala(9) && hasUncountedBasmala(112));
  assert.throws(() => getAyahText(112, 5));
});

test.run();
