import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { loadTextRules, parseTextRules, spokenAyahText, toSpokenText, WORD_BOUNDARY_INDEX } from "../src/quran/spokenText.ts";
import { allSurahs } from "../src/quran/quranText.ts";

const rulesUrl = new URL("../models/quran-text-rules.json", import.meta.url);
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

test("muqatta'at are spoken as letter names and map back to the one written word", () => {
  const rules = loadTextRules(rulesUrl);
  const text = spokenAyahText(rules, 2, 1);
  assert.equal(text.writtenWords, ["الٓمٓ"]);
  assert.is(text.spoken, "الف لام ميم");
  assert.equal(Array.from(text.labelWordIndex), new Array(text.spoken.length).fill(0));
});

test("word map: letters point at their written word, spaces between written words are boundaries", () => {
  const rules = loadTextRules(rulesUrl);
  const text = spokenAyahText(rules, 112, 1);
  assert.is(text.spoken, "قل هو الله احد");
  assert.is(text.writtenWords.length, 4);
  const expected = [0, 0, -1, 1, 1, -1, 2, 2, 2, 2, -1, 3, 3, 3];
  assert.equal(Array.from(text.labelWordIndex), expected);
  assert.is(WORD_BOUNDARY_INDEX, -1);
});

test("silent alef after a plural waw is dropped; the basmala is ayah 0", () => {
  const rules = loadTextRules(rulesUrl);
  const spoken = spokenAyahText(rules, 2, 9).spoken;
  assert.ok(spoken.includes("ءامنو "), spoken);
  assert.not.ok(spoken.includes("ءامنوا "), spoken);
  assert.is(spokenAyahText(rules, 112, 0).spoken, "بسم الله الرحمان الرحيم");
});

test("rules validation names the bad field; unknown chars are rejected", () => {
  const raw = JSON.parse(JSON.stringify({ name: "x", wordSeparators: [" "], combining: [], wordReplacements: {}, markedLetterDeletions: [], charMap: {}, deleteChars: [], letters: ["ا"] }));
  assert.throws(() => parseTextRules({ ...raw, charMap: [] }), /"charMap"/);
  assert.throws(() => parseTextRules({ ...raw, letters: "ا" }), /"letters"/);
  assert.throws(() => parseTextRules({ ...raw, markedLetterDeletions: [{ letters: "ا" }] }), /markedLetterDeletions\[0\]/);
  assert.throws(() => toSpokenText(parseTextRules(raw), "اب"), /unmapped char U\+628/);
});

test("TS interpreter equals training/text_rules.py --dump-all on all 6236 ayahs", () => {
  const script = `${repoRoot}training/text_rules.py`;
  if (!existsSync(script)) return console.log("  (skipped: training/text_rules.py absent)");
  const result = spawnSync("/usr/bin/python3", [script, "--dump-all"], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.status !== 0) return console.log(`  (skipped: /usr/bin/python3 failed: ${result.stderr.slice(0, 200)})`);
  const pythonLines = result.stdout.trimEnd().split("\n");
  const rules = loadTextRules(rulesUrl);
  const tsLines = allSurahs().flatMap((surah) =>
    surah.ayahTexts.map((_, index) => {
      const spoken = spokenAyahText(rules, surah.number, index + 1).spoken;
      return `${String(surah.number).padStart(3, "0")}|${String(index + 1).padStart(3, "0")}|${spoken}`;
    }),
  );
  assert.is(pythonLines.length, 6236);
  const mismatches = tsLines.filter((line, index) => line !== pythonLines[index]);
  assert.is(mismatches.length, 0, `first mismatch: ${mismatches[0]}`);
});

test.run();
