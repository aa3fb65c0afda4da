import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { buildQuranIndex, type QuranIndex } from "../src/recognize/quranIndex.ts";
import { locateSegments, type HypothesisLetter } from "../src/recognize/locate.ts";

const index = buildQuranIndex(loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url)));

function unitIndex(idx: QuranIndex, surah: number, ayah: number): number {
  return idx.units.findIndex((u) => u.surah === surah && u.ayah === ayah);
}

/** Letters of units [first, last] with a share of random substitutions, insertions and deletions. */
function noisyLetters(idx: QuranIndex, first: number, last: number, editRate: number, seed: number): number[] {
  let state = seed;
  const rand = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  const out: number[] = [];
  const letterCount = idx.letterIds.size;
  for (let p = idx.units[first].startLetter; p < idx.units[last].endLetter; p++) {
    const r = rand();
    if (r < editRate / 3) continue; // deletion
    if (r < (2 * editRate) / 3) out.push(1 + Math.floor(rand() * letterCount)); // substitution
    else out.push(idx.letters[p]);
    if (rand() < editRate / 3) out.push(1 + Math.floor(rand() * letterCount)); // insertion
  }
  return out;
}

const asHyp = (letters: number[]): HypothesisLetter[] => letters.map((letterId, k) => ({ letterId, frameIndex: 3 * k }));

test("exact text of surah 67 is located to its first and last ayah", () => {
  const segs = locateSegments(index, asHyp(noisyLetters(index, unitIndex(index, 67, 1), unitIndex(index, 67, 30), 0, 1)));
  assert.is(segs.length, 1);
  assert.is(index.units[segs[0].firstUnit].ayah, 1);
  assert.is(index.units[segs[0].lastUnit].ayah, 30);
  assert.is(index.units[segs[0].lastUnit].surah, 67);
});

test("25 % letter edits: surah 36 ayahs 10-40 located within one ayah", () => {
  const segs = locateSegments(index, asHyp(noisyLetters(index, unitIndex(index, 36, 10), unitIndex(index, 36, 40), 0.25, 5)));
  assert.ok(segs.length >= 1);
  const first = index.units[segs[0].firstUnit];
  const last = index.units[segs[segs.length - 1].lastUnit];
  assert.is(first.surah, 36);
  assert.ok(Math.abs(first.ayah - 10) <= 1, `first ${first.ayah}`);
  assert.ok(Math.abs(last.ayah - 40) <= 1, `last ${last.ayah}`);
});

test("a span crossing a surah border (113 into 114) is one chain", () => {
  const segs = locateSegments(index, asHyp(noisyLetters(index, unitIndex(index, 113, 1), unitIndex(index, 114, 6), 0.2, 9)));
  const first = index.units[segs[0].firstUnit];
  const last = index.units[segs[segs.length - 1].lastUnit];
  assert.equal([first.surah, last.surah], [113, 114]);
  assert.ok(last.ayah >= 5);
});

test("a repeated passage yields two segments in recitation order", () => {
  const part = noisyLetters(index, unitIndex(index, 78, 1), unitIndex(index, 78, 12), 0.15, 3);
  const again = noisyLetters(index, unitIndex(index, 78, 10), unitIndex(index, 78, 20), 0.15, 4);
  const segs = locateSegments(index, asHyp([...part, ...again]));
  assert.ok(segs.length >= 2, `segments: ${segs.length}`);
  const ayahs = segs.map((s) => [index.units[s.firstUnit].ayah, index.units[s.lastUnit].ayah]);
  assert.ok(ayahs[0][0] <= 2 && ayahs[ayahs.length - 1][1] >= 19, JSON.stringify(ayahs));
  // Some ayah of the repeated stretch (10-12) must be covered by two segments.
  const coveredTwice = [10, 11, 12].some((a) => ayahs.filter(([lo, hi]) => lo <= a && a <= hi).length >= 2);
  assert.ok(coveredTwice, JSON.stringify(ayahs));
});

test("random letters locate nothing", () => {
  let state = 11;
  const letters = Array.from({ length: 400 }, () => 1 + ((state = (state * 48271) % 2147483647) % index.letterIds.size));
  assert.is(locateSegments(index, asHyp(letters)).length, 0);
});

test.run();
