import { test } from "uvu";
import * as assert from "uvu/assert";
import { bestPathIndices, greedyDecode, greedyDecodeDetailed } from "../src/model/greedyDecode.ts";
import type { LetterPosteriors } from "../src/model/ctcPosteriors.ts";

const ALPHABET = ["<blank>", " ", "ق", "ل", "ه", "و"];

/** Posteriors whose best symbol per frame is `path[frame]` (probability 0.9, the rest shared). */
function posteriorsForPath(path: number[]): LetterPosteriors {
  const vocabSize = ALPHABET.length;
  const logProbs = new Float32Array(path.length * vocabSize).fill(Math.log(0.1 / (vocabSize - 1)));
  path.forEach((symbol, frame) => (logProbs[frame * vocabSize + symbol] = Math.log(0.9)));
  return { logProbs, frameCount: path.length, vocabSize, frameStepSeconds: 0.04, alphabet: ALPHABET };
}

test("merges repeats, drops blanks, keeps a letter repeated across a blank", () => {
  // ق ق _ ل ل _ ل " " ه و و
  const posteriors = posteriorsForPath([2, 2, 0, 3, 3, 0, 3, 1, 4, 5, 5]);
  assert.is(greedyDecode(posteriors), "قلل هو");
  const detailed = greedyDecodeDetailed(posteriors);
  assert.equal(Array.from(detailed.symbolIndices), [2, 3, 3, 1, 4, 5]);
  assert.equal(Array.from(detailed.startFrames), [0, 3, 6, 7, 8, 9]);
});

test("leading, trailing and doubled word boundaries are cleaned up; all-blank is empty", () => {
  assert.is(greedyDecode(posteriorsForPath([1, 0, 2, 1, 0, 1, 3, 1])), "ق ل");
  assert.is(greedyDecode(posteriorsForPath([0, 0, 0])), "");
  assert.is(greedyDecode(posteriorsForPath([])), "");
});

test("best path picks the arg-max per frame (first index on ties)", () => {
  const posteriors = posteriorsForPath([4, 2]);
  posteriors.logProbs[1 * ALPHABET.length + 5] = posteriors.logProbs[1 * ALPHABET.length + 2];
  assert.equal(Array.from(bestPathIndices(posteriors)), [4, 2]);
});

test.run();
