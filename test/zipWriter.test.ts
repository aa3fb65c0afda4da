import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { unzipSync } from "fflate";
import { writeZip, type ZipEntry } from "../src/audio/zipWriter.ts";
import { makeTempDir } from "./helpers/generateAudio.ts";

const context = { dir: "" };
test.before.each(() => {
  context.dir = makeTempDir("zip-writer-test");
});
test.after.each(() => fs.rmSync(context.dir, { recursive: true, force: true }));

/** Stand-ins for ayah mp3s: random bytes (incompressible, like mp3), one bigger than the read chunk. */
function writeFakeMp3s(sizesBytes: number[]): { name: string; filePath: string; bytes: Buffer }[] {
  return sizesBytes.map((size, i) => {
    const name = `surah_036_ayah_${String(i).padStart(3, "0")}.mp3`;
    const filePath = path.join(context.dir, name);
    const bytes = crypto.randomBytes(size);
    fs.writeFileSync(filePath, bytes);
    return { name, filePath, bytes };
  });
}

function readZip(zipPath: string): { files: Record<string, Uint8Array>; methods: Record<string, number> } {
  const methods: Record<string, number> = {};
  const files = unzipSync(fs.readFileSync(zipPath), {
    filter: (file) => {
      methods[file.name] = file.compression;
      return true;
    },
  });
  return { files, methods };
}

test("the zip holds exactly the given files, mp3 stored and metadata.json deflated", async () => {
  const mp3s = writeFakeMp3s([1000, 3 * 1024 * 1024 + 17, 0]);
  const metadata = JSON.stringify({ surah_number: 36, ayahs: Array(50).fill({ ayah_text: "يس" }) });
  const zipPath = path.join(context.dir, "job.zip");
  const result = await writeZip(zipPath, [...mp3s.map(({ name, filePath }) => ({ name, filePath })), { name: "metadata.json", data: metadata }]);
  const { files, methods } = readZip(zipPath);
  assert.equal(Object.keys(files).sort(), [...mp3s.map((m) => m.name), "metadata.json"].sort());
  for (const mp3 of mp3s) {
    assert.ok(Buffer.from(files[mp3.name]).equals(mp3.bytes), mp3.name);
    assert.is(methods[mp3.name], 0); // stored
  }
  assert.is(new TextDecoder().decode(files["metadata.json"]), metadata);
  assert.is(methods["metadata.json"], 8); // deflate
  assert.is(result.sizeBytes, fs.statSync(zipPath).size);
  assert.is(result.entryCount, 4);
  assert.equal(fs.readdirSync(context.dir).filter((name) => name.includes(".partial")), []);
});

test("an error midway leaves no zip and no partial file, and keeps an older zip intact", async () => {
  const mp3s = writeFakeMp3s([5000, 5000]);
  const zipPath = path.join(context.dir, "job.zip");
  fs.writeFileSync(zipPath, "previous result");
  const entries: ZipEntry[] = [
    { name: mp3s[0].name, filePath: mp3s[0].filePath },
    { name: "missing.mp3", filePath: path.join(context.dir, "missing.mp3") },
    { name: mp3s[1].name, filePath: mp3s[1].filePath },
  ];
  try {
    await writeZip(zipPath, entries);
    assert.unreachable("a missing input must fail");
  } catch (error) {
    assert.match((error as Error).message, /ENOENT/);
  }
  assert.is(fs.readFileSync(zipPath, "utf8"), "previous result");
  assert.equal(fs.readdirSync(context.dir).filter((name) => name.includes(".partial")), []);
  fs.rmSync(zipPath);
  await writeZip(zipPath, entries).catch(() => {});
  assert.not.ok(fs.existsSync(zipPath));
});

test("unsafe or duplicate entry names are refused before anything is written", async () => {
  const zipPath = path.join(context.dir, "job.zip");
  for (const names of [["../evil.mp3"], ["/abs.mp3"], ["a.mp3", "a.mp3"], [""]]) {
    try {
      await writeZip(zipPath, names.map((name) => ({ name, data: "x" })));
      assert.unreachable(`accepted ${JSON.stringify(names)}`);
    } catch (error) {
      assert.match((error as Error).message, /unsafe|duplicate/);
    }
  }
  assert.equal(fs.readdirSync(context.dir), []);
});

test.run();
