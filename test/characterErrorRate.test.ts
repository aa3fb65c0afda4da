import { test } from "uvu";
import * as assert from "uvu/assert";
import { characterErrorRate, editDistance } from "../src/model/characterErrorRate.ts";

test("edit distance: insertions, deletions, substitutions", () => {
  assert.is(editDistance("", ""), 0);
  assert.is(editDistance("abc", ""), 3);
  assert.is(editDistance("", "abc"), 3);
  assert.is(editDistance("kitten", "sitting"), 3);
  assert.is(editDistance("قل هو الله احد", "قل هو الله احد"), 0);
  assert.is(editDistance("قل هو اله احد", "قل هو الله احد"), 1);
});

test("CER is distance over the reference length", () => {
  assert.is(characterErrorRate("abcd", "abce"), 0.25);
  assert.is(characterErrorRate("", "ab"), 1);
  assert.is(characterErrorRate("", ""), 0);
  assert.is(characterErrorRate("x", ""), 1);
});

test.run();
