// The recognizer checks itself: a fast basmala the model hears poorly is not swallowed into
// ayah 1 (pace), and hints are evidence: a wrong hint is overruled with a diagnostic, a hint on
// audio that holds no recitation (random letters, one second) fails with a message, never a
// forced fit of the named text.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { buildQuranIndex } from "../src/recognize/quranIndex.ts";
import { recognizeAndAlign } from "../src/recognize/recognizer.ts";
import { recognizeWithHintCheck } from "../src/recognize/hintEvidence.ts";
import type { LetterPosteriors } from "../src/model/ctcPosteriors.ts";
import { synthesizeRecitation, SYNTH_STEP_SECONDS } from "./support/syntheticPosteriors.ts";

const rules = loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url));
const index = buildQuranIndex(rules);
const alphabet = ["<blank>", " ", ...rules.letters];
const surah112 = [1, 2, 3, 4].map((ayah) => ({ surah: 112, ayah }));

test("a fast basmala the model hears poorly, joined to ayah 1, is aligned as the basmala (not swallowed into ayah 1)", () => {
  const recited = [{ surah: 112, ayah: 0, heardPoorly: true, framesPerLabel: 1 }, ...surah112];
  const { posteriors, pauses, cuts, durationSeconds, energy } = synthesizeRecitation(index, rules, recited, { pauseFrames: 4 });
  const result = recognizeAndAlign({ posteriors, pauses, hints: {}, durationSeconds, energy }, index, rules);
  assert.ok(result, "located");
  assert.equal(result!.spans.map((s) => `${s.surah}:${s.ayah}`), ["112:0", "112:1", "112:2", "112:3", "112:4"]);
  assert.ok(Math.abs(result!.spans[0].endTimeSeconds - cuts[0]) < 0.3, `basmala ends at ${result!.spans[0].endTimeSeconds}, truth ${cuts[0]}`);
});

test("a wrong surah hint is overruled by what the audio holds, and the result says so", () => {
  const { posteriors, pauses, durationSeconds, energy } = synthesizeRecitation(index, rules, [{ surah: 112, ayah: 0 }, ...surah112]);
  const outcome = recognizeWithHintCheck({ posteriors, pauses, hints: { surah: 2 }, durationSeconds, energy }, index, rules);
  assert.is(outcome.kind, "recognized");
  if (outcome.kind !== "recognized") return;
  assert.equal(outcome.result.spans.map((s) => s.surah), [112, 112, 112, 112, 112]);
  assert.match(String(outcome.result.notes.hint_overruled), /surah 2\b.*112:1-4/);
});

function randomLetters(frameCount: number, seed: number): LetterPosteriors {
  let state = seed;
  const rand = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  const vocabSize = alphabet.length;
  const logProbs = new Float32Array(frameCount * vocabSize).fill(Math.log(0.1 / (vocabSize - 1)));
  for (let t = 0; t < frameCount; t++) logProbs[t * vocabSize + (t % 3 === 2 ? 0 : 2 + Math.floor(rand() * (vocabSize - 2)))] = Math.log(0.9);
  return { logProbs, frameCount, vocabSize, frameStepSeconds: SYNTH_STEP_SECONDS, alphabet };
}

for (const [what, frameCount, surah] of [["18 s of letters that are not Quran text", 450, 112], ["the same with surah 1 named", 450, 1], ["a 1.2-second input", 30, 36], ["letters with a long surah named", 450, 2]] as const) {
  test(`${what}: the hint fails the job with a message naming it, and no ayah is forced`, () => {
    const posteriors = randomLetters(frameCount, 17);
    const outcome = recognizeWithHintCheck({ posteriors, pauses: [], hints: { surah }, durationSeconds: frameCount * SYNTH_STEP_SECONDS }, index, rules);
    assert.is(outcome.kind, "hint-contradicted");
    if (outcome.kind === "hint-contradicted") assert.match(outcome.message, new RegExp(`surah ${surah}\\b`));
  });
}

test("no hint and letters that are not Quran text: not recognized (the whole-recording match does not force a surah)", () => {
  for (const seed of [5, 17, 99]) {
    const posteriors = randomLetters(600, seed);
    assert.is(recognizeWithHintCheck({ posteriors, pauses: [], hints: {}, durationSeconds: 600 * SYNTH_STEP_SECONDS }, index, rules).kind, "not-recognized");
  }
});

/** Letters that are not Quran text, with a 40-letter stretch from the middle of the long ayah 4:171 between them. */
function fragmentInNoise(seed: number): LetterPosteriors {
  const unit = index.units.find((u) => u.surah === 4 && u.ayah === 171 && u.kind === "ayah")!;
  const fragment = Array.from(index.letters.subarray(unit.startLetter + 100, unit.startLetter + 140));
  let state = seed;
  const rand = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  const noise = () => Array.from({ length: 200 }, () => 2 + Math.floor(rand() * (alphabet.length - 2)));
  // Letter id k is alphabet symbol k + 1 (the alphabet starts with blank and space); each letter 2 frames, then a blank.
  const symbols = [...noise(), ...fragment.map((letterId) => letterId + 1), ...noise()].flatMap((symbol) => [symbol, symbol, 0]);
  const vocabSize = alphabet.length;
  const logProbs = new Float32Array(symbols.length * vocabSize).fill(Math.log(0.1 / (vocabSize - 1)));
  symbols.forEach((symbol, t) => { logProbs[t * vocabSize + symbol] = Math.log(0.9); });
  return { logProbs, frameCount: symbols.length, vocabSize, frameStepSeconds: SYNTH_STEP_SECONDS, alphabet };
}

test("a short chain inside a long ayah does not stretch that ayah over the speech around it", () => {
  // Before the chain-extension check: 4:171 reported over 14-43 s of the 53 s at confidence 0.02.
  for (const seed of [17, 23]) {
    const posteriors = fragmentInNoise(seed);
    const result = recognizeAndAlign({ posteriors, pauses: [], hints: {}, durationSeconds: posteriors.frameCount * SYNTH_STEP_SECONDS }, index, rules);
    assert.equal(result?.spans.map((s) => `${s.surah}:${s.ayah}`) ?? [], [], `seed ${seed}`);
  }
});

test.run();
