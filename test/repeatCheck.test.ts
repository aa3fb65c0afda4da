import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { buildQuranIndex } from "../src/recognize/quranIndex.ts";
import { buildLabelPlan } from "../src/recognize/labelPlan.ts";
import { mergeFalseRepeats, type RepeatCheckInput } from "../src/recognize/repeatCheck.ts";
import type { HypothesisLetter, LocatedSegment } from "../src/recognize/locate.ts";
import type { LetterPosteriors } from "../src/model/ctcPosteriors.ts";

const rules = loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url));
const index = buildQuranIndex(rules);
const alphabet = ["<blank>", " ", ...rules.letters];
const unitOf = (surah: number, ayah: number) => index.units.findIndex((u) => u.kind === "ayah" && u.surah === surah && u.ayah === ayah);

/** Clean synthetic posteriors of the given ayahs of surah 93 in order; frame range of each recited ayah. */
function recite(ayahs: number[]): { posteriors: LetterPosteriors; ranges: [number, number][] } {
  const frames: number[] = new Array(10).fill(0);
  const ranges: [number, number][] = [];
  for (const ayah of ayahs) {
    const plan = buildLabelPlan(index, rules, alphabet, [unitOf(93, ayah)], { optionalUnits: new Set(), leadingCount: 0, trailingCount: 0, headMayBeCut: false, tailMayBeCut: false });
    const start = frames.length;
    for (const label of plan.labels) frames.push(label, label, 0);
    ranges.push([start, frames.length]);
    for (let i = 0; i < 20; i++) frames.push(0);
  }
  const vocabSize = alphabet.length;
  const logProbs = new Float32Array(frames.length * vocabSize).fill(Math.log(0.1 / (vocabSize - 1)));
  frames.forEach((symbol, t) => (logProbs[t * vocabSize + symbol] = Math.log(0.9)));
  return { posteriors: { logProbs, frameCount: frames.length, vocabSize, frameStepSeconds: 0.04, alphabet }, ranges };
}

/** Two located segments whose letters end / start at the given frames (hyp holds just those two letters). */
function pair(first: [number, number], second: [number, number], firstEndFrame: number, secondStartFrame: number) {
  const hyp: HypothesisLetter[] = [{ letterId: 0, frameIndex: firstEndFrame }, { letterId: 0, frameIndex: secondStartFrame }];
  const segment = ([fromAyah, toAyah]: [number, number], hypIndex: number): LocatedSegment => ({
    firstHyp: hypIndex, lastHyp: hypIndex, firstUnit: unitOf(93, fromAyah), lastUnit: unitOf(93, toAyah),
    anchors: [{ hypIndex, streamLetter: index.units[unitOf(93, fromAyah)].startLetter }],
  });
  return { hyp, segments: [segment(first, 0), segment(second, 1)] };
}

test("a real repeat (ayahs 1-5, then 3-5 again) stays two segments", () => {
  const { posteriors, ranges } = recite([1, 2, 3, 4, 5, 3, 4, 5]);
  const { hyp, segments } = pair([1, 5], [3, 5], ranges[4][1] - 1, ranges[5][0]);
  const input: RepeatCheckInput = { posteriors, hyp, index, rules };
  const result = mergeFalseRepeats(input, segments);
  assert.is(result.length, 2);
});

test("a chain that ran ahead (1-7 claimed, 1-4 heard) and a next one 'going back' to 4 merge into 1-9", () => {
  const { posteriors, ranges } = recite([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const { hyp, segments } = pair([1, 7], [4, 9], ranges[3][1] - 1, ranges[4][0]);
  const result = mergeFalseRepeats({ posteriors, hyp, index, rules }, segments);
  assert.is(result.length, 1);
  assert.is(result[0].firstUnit, unitOf(93, 1));
  assert.is(result[0].lastUnit, unitOf(93, 9));
  assert.ok(result[0].anchors.every((a, k) => k === 0 || a.streamLetter > result[0].anchors[k - 1].streamLetter), "anchors stay in text order");
});

test("segments that go straight on are left alone", () => {
  const { posteriors, ranges } = recite([1, 2, 3, 4, 5, 6]);
  const { hyp, segments } = pair([1, 3], [4, 6], ranges[2][1] - 1, ranges[3][0]);
  assert.is(mergeFalseRepeats({ posteriors, hyp, index, rules }, segments).length, 2);
});

test.run();
