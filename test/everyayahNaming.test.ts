import { test } from "uvu";
import * as assert from "uvu/assert";
import { everyayahFilenames, withFileNaming } from "../src/export/everyayahNaming.ts";
import { example112 } from "./support/exportExample.ts";

test("everyayah: SSSAAA.mp3, the surah's basmala as 001001.mp3", () => {
  const renamed = withFileNaming(example112(), "everyayah");
  assert.equal(renamed.ayahs.map((a) => a.filename), ["001001.mp3", "112001.mp3", "112002.mp3", "112003.mp3", "112004.mp3"]);
  assert.is(renamed.ayahs[1].start_time, 4.25);
});

test("spec naming leaves the metadata as it is", () => {
  const metadata = example112();
  assert.is(withFileNaming(metadata, "spec"), metadata);
});

test("everyayah: with al-Fatiha's own 1:1 heard, other basmalas are SSS000; repeats and isti'adha named", () => {
  const base = example112().ayahs;
  const fatiha = { ...base[1], surah_number: 1, ayah_number: 1, is_basmala: true };
  const istiadha = { ...base[1], ayah_number: -1 };
  const names = everyayahFilenames([istiadha, fatiha, base[0], base[1], base[2], base[2]]);
  assert.equal(names, ["audhubillah.mp3", "001001.mp3", "112000.mp3", "112001.mp3", "112002.mp3", "112002_repeat2.mp3"]);
});

test("everyayah: only the first basmala of a multi-surah recording becomes 001001", () => {
  const base = example112().ayahs;
  const basmala113 = { ...base[0], surah_number: 113 };
  assert.equal(everyayahFilenames([base[0], base[1], basmala113]), ["001001.mp3", "112001.mp3", "113000.mp3"]);
});

test.run();
