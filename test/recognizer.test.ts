import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { buildQuranIndex } from "../src/recognize/quranIndex.ts";
import { hypothesisLetters, recognizeAndAlign } from "../src/recognize/recognizer.ts";
import { locateSegments } from "../src/recognize/locate.ts";
import { greedyDecodeDetailed } from "../src/model/greedyDecode.ts";
import type { LetterPosteriors } from "../src/model/ctcPosteriors.ts";
import { synthesizeRecitation, SYNTH_STEP_SECONDS, type Recited } from "./support/syntheticPosteriors.ts";

const rules = loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url));
const index = buildQuranIndex(rules);
const alphabet = ["<blank>", " ", ...rules.letters];
const STEP = SYNTH_STEP_SECONDS;
const synthesize = (recited: Recited[], confusion = 0, leadFrames = 10, tailFrames = 10) => synthesizeRecitation(index, rules, recited, { confusion, leadFrames, tailFrames });
/** Recognizes `recited` with its last `dropFrames` frames cut off; checks the ayahs before the last are whole. */
function lastSpanWhenCut(recited: Recited[], dropFrames: number) {
  const full = synthesize(recited, 0, 10, 0);
  const keepFrames = full.posteriors.frameCount - dropFrames;
  const posteriors = { ...full.posteriors, frameCount: keepFrames, logProbs: full.posteriors.logProbs.slice(0, keepFrames * alphabet.length) };
  const result = recognizeAndAlign({ posteriors, pauses: full.pauses, hints: {}, durationSeconds: keepFrames * STEP }, index, rules)!;
  const last = result.spans[result.spans.length - 1];
  assert.is(last.ayah, recited[recited.length - 1].ayah);
  assert.ok(result.spans.slice(0, -1).every((s) => !s.cutoffUncertain));
  return last;
}


test("surah 112 with basmala: identified with no hint, boundaries in the pauses", () => {
  const recited = [{ surah: 112, ayah: 0 }, { surah: 112, ayah: 1 }, { surah: 112, ayah: 2 }, { surah: 112, ayah: 3 }, { surah: 112, ayah: 4 }];
  const { posteriors, pauses, cuts, durationSeconds } = synthesize(recited);
  const result = recognizeAndAlign({ posteriors, pauses, hints: {}, durationSeconds }, index, rules)!;
  assert.ok(result, "located");
  assert.equal(result.spans.map((s) => `${s.surah}:${s.ayah}`), recited.map((r) => `${r.surah}:${r.ayah}`));
  cuts.forEach((cut, k) => assert.ok(Math.abs(result.spans[k].endTimeSeconds - cut) < 0.2, `cut ${k}: ${result.spans[k].endTimeSeconds} vs ${cut}`));
  assert.ok(result.spans[0].isBasmala);
  assert.ok(result.spans.every((s) => !s.cutoffUncertain));
  assert.ok(result.spans[1].words!.length === 4, "ayah 1 has four written words");
});

test("isti'adha + basmala prefix and 20 % confusions: isti'adha reported as extra, not an ayah", () => {
  const recited = [{ surah: 67, ayah: -1 }, { surah: 67, ayah: 0 }, ...Array.from({ length: 8 }, (_, i) => ({ surah: 67, ayah: i + 1 }))];
  const { posteriors, pauses, cuts, durationSeconds } = synthesize(recited, 0.2);
  const result = recognizeAndAlign({ posteriors, pauses, hints: {}, durationSeconds }, index, rules)!;
  assert.equal(result.spans.map((s) => s.ayah), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.match(String(result.notes.non_quran_audio), /istiadha/);
  result.spans.slice(0, -1).forEach((span, k) => assert.ok(Math.abs(span.endTimeSeconds - cuts[k + 1]) < 0.2, `cut ${k}`));
});

test("a recording cut inside its last ayah flags it", () => {
  // Keep the frames up to about a third of the last ayah.
  const last = lastSpanWhenCut(Array.from({ length: 6 }, (_, i) => ({ surah: 78, ayah: i + 1 })), 30);
  assert.ok(last.cutoffUncertain);
});

test("a slow last ayah cut a third of the way in is flagged although its letters do not look hurried", () => {
  // 78:6 recited at 5 frames a letter (the others at 2), the recording stops after about a third of it.
  const last = lastSpanWhenCut(Array.from({ length: 6 }, (_, i) => ({ surah: 78, ayah: i + 1, framesPerLabel: i === 5 ? 5 : 2 })), 80);
  assert.ok(last.confidence < 0.02, `the forced letters give confidence ${last.confidence}`);
  assert.ok(last.cutoffUncertain);
});

test("the surah hint constrains the search", () => {
  const recited = [{ surah: 113, ayah: 0 }, ...Array.from({ length: 5 }, (_, i) => ({ surah: 113, ayah: i + 1 }))];
  const { posteriors, pauses, durationSeconds } = synthesize(recited);
  assert.is(recognizeAndAlign({ posteriors, pauses, hints: { surah: 2 }, durationSeconds }, index, rules), null);
});

test("a short surah the chain locator cannot find (50 % of letter frames confused) is identified from the whole recording, hinted or not", () => {
  const recited = [{ surah: 112, ayah: 1 }, { surah: 112, ayah: 2 }, { surah: 112, ayah: 3 }, { surah: 112, ayah: 4 }];
  const { posteriors, pauses, cuts, durationSeconds } = synthesize(recited, 0.5);
  assert.is(locateSegments(index, hypothesisLetters(posteriors, greedyDecodeDetailed(posteriors), index)).length, 0, "no chain");
  for (const hints of [{}, { surah: 112 }]) {
    const result = recognizeAndAlign({ posteriors, pauses, hints, durationSeconds }, index, rules);
    assert.ok(result, `aligned with hints ${JSON.stringify(hints)}`);
    assert.equal(result!.spans.map((s) => `${s.surah}:${s.ayah}`), ["112:1", "112:2", "112:3", "112:4"]);
    cuts.forEach((cut, k) => assert.ok(Math.abs(result!.spans[k].endTimeSeconds - cut) < 0.5, `cut ${k}: ${result!.spans[k].endTimeSeconds} vs ${cut}`));
  }
});

test("a wrong hint on a poorly heard recitation (surah 113 recited, 114 named) gives no alignment rather than a forced one", () => {
  const recited = [{ surah: 113, ayah: 0 }, ...Array.from({ length: 5 }, (_, i) => ({ surah: 113, ayah: i + 1 }))];
  const { posteriors, pauses, durationSeconds } = synthesize(recited, 0.5);
  assert.is(recognizeAndAlign({ posteriors, pauses, hints: { surah: 114 }, durationSeconds }, index, rules), null);
});

test("letters that are not Quran text locate nothing, even with the looser second pass", () => {
  let state = 17;
  const rand = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  const frameCount = 900;
  const vocabSize = alphabet.length;
  const logProbs = new Float32Array(frameCount * vocabSize).fill(Math.log(0.1 / (vocabSize - 1)));
  for (let t = 0; t < frameCount; t++) logProbs[t * vocabSize + (t % 3 === 2 ? 0 : 2 + Math.floor(rand() * (vocabSize - 2)))] = Math.log(0.9);
  const posteriors: LetterPosteriors = { logProbs, frameCount, vocabSize, frameStepSeconds: STEP, alphabet };
  assert.is(recognizeAndAlign({ posteriors, pauses: [], hints: {}, durationSeconds: frameCount * STEP }, index, rules), null);
});

test.run();
