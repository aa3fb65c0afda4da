import { test } from "uvu";
import * as assert from "uvu/assert";
import { characterErrorRate, editDistance, editOperations } from "../src/model/characterErrorRate.ts";

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

test("edit operations: as many as the distance, each of the right kind, in reference order", () => {
  assert.equal(editOperations("abc", "abc"), []);
  assert.equal(editOperations("", "ab"), [{ kind: "delete", reference: "a" }, { kind: "delete", reference: "b" }]);
  assert.equal(editOperations("xab", "ab"), [{ kind: "insert", hypothesis: "x" }]);
  assert.equal(editOperations("قل هو اله احد", "قل هو الله احد"), [{ kind: "delete", reference: "ل" }]);
  assert.equal(editOperations("abce", "abcd"), [{ kind: "substitute", reference: "d", hypothesis: "e" }]);
  for (const [h, r] of [["kitten", "sitting"], ["flaw", "lawn"], ["والضحا", "والضحى والليل"], ["", ""]]) {
    assert.is(editOperations(h, r).length, editDistance(h, r), `${h} / ${r}`);
  }
});

test.run();
