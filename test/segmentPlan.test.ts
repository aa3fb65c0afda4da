import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadTextRules } from "../src/quran/spokenText.ts";
import { buildQuranIndex } from "../src/recognize/quranIndex.ts";
import { allowedStreamRange } from "../src/recognize/recognizer.ts";
import { planSegmentUnits, type SegmentContext } from "../src/recognize/segmentPlan.ts";
import type { LocatedSegment } from "../src/recognize/locate.ts";

const rules = loadTextRules(new URL("../models/quran-text-rules.json", import.meta.url));
const index = buildQuranIndex(rules);
const unitOf = (surah: number, ayah: number, kind = "ayah") => index.units.findIndex((u) => u.kind === kind && u.surah === surah && u.ayah === ayah);
const label = (unitIndex: number) => `${index.units[unitIndex].kind === "ayah" ? "" : index.units[unitIndex].kind + " "}${index.units[unitIndex].ayah}`;

test("allowed range: to_ayah before the last ayah leaves out the closing phrase; from_ayah > 1 the opening extras", () => {
  const [start, end] = allowedStreamRange(index, { surah: 78, fromAyah: 1, toAyah: 25 });
  assert.is(start, index.units[unitOf(78, -1, "istiadha")].startLetter);
  assert.is(end, index.units[unitOf(78, 25)].endLetter);
  const [start2, end2] = allowedStreamRange(index, { surah: 78, fromAyah: 3, toAyah: 40 });
  assert.is(start2, index.units[unitOf(78, 3)].startLetter);
  assert.is(end2, index.units[unitOf(78, -2, "sadaqa")].endLetter);
  assert.equal(allowedStreamRange(index, {}), [0, index.letters.length]);
});

/** A segment located on 77:14-20 with hypothesis letters 95..300 (the first 95 not placed). */
function located(): LocatedSegment {
  const first = index.units[unitOf(77, 14)];
  return { firstHyp: 95, lastHyp: 300, firstUnit: unitOf(77, 14), lastUnit: unitOf(77, 20), anchors: [{ hypIndex: 95, streamLetter: first.startLetter }] };
}

function context(extra: Partial<SegmentContext>): SegmentContext {
  return { hypFrom: 0, hypTo: 310, allowed: allowedStreamRange(index, extra.hints ?? {}), isFirstSegment: true, isLastSegment: true, speechRunsToEnd: false, ...extra };
}

test("no hint: at most 4 neighbouring ayahs before the first chain are offered, all skippable", () => {
  const plan = planSegmentUnits(index, located(), context({}));
  const before = plan.unitIndexes.slice(0, plan.leadingCount).filter((u) => index.units[u].kind === "ayah");
  assert.ok(before.length <= 4 && before.length > 0, `offered ${before.map(label)}`);
});

test("surah hint: everything from the surah's start is offered as a skippable prefix", () => {
  const plan = planSegmentUnits(index, located(), context({ hints: { surah: 77 } }));
  assert.is(plan.unitIndexes[0], unitOf(77, -1, "istiadha"));
  assert.ok(plan.unitIndexes.includes(unitOf(77, 1)));
  assert.is(plan.leadingCount, plan.unitIndexes.indexOf(unitOf(77, 14)));
});

test("from_ayah given: the prefix up to the chain must be aligned (only the extras stay optional)", () => {
  const plan = planSegmentUnits(index, located(), context({ hints: { surah: 77, fromAyah: 1 } }));
  assert.is(plan.leadingCount, 0);
  assert.ok(plan.unitIndexes.includes(unitOf(77, 1)) && !plan.optionalUnits.has(unitOf(77, 1)));
  assert.ok(plan.optionalUnits.has(unitOf(77, 0, "basmala")));
});

test.run();
