// split's progress: a cli-progress bar per file on a terminal, plain lines otherwise (a pipe, a log).
import { Writable } from "node:stream";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createProgressReporter } from "../src/cli/progressReporter.ts";

function capture(isTTY: boolean): { stream: Writable & { isTTY?: boolean; columns?: number }; text(): string } {
  let text = "";
  const stream = new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  return { stream, text: () => text };
}

test("not a terminal: one line per stage change, then the outcome; no escape codes", () => {
  const out = capture(false);
  const file = createProgressReporter(out.stream).startFile("a.mp3", 1, 3);
  file.update("decoding", 1);
  file.update("decoding", 10);
  file.update("cutting", 82.4);
  file.update("done", 100);
  file.finish("done, 4 ayahs");
  assert.is(out.text(), "[2/3] a.mp3: decoding (1%)\n[2/3] a.mp3: cutting (82%)\n[2/3] a.mp3: done, 4 ayahs\n");
});

test("a terminal: a redrawn bar with percent and stage, ended by the outcome line", () => {
  const out = capture(true);
  const file = createProgressReporter(out.stream).startFile("a.mp3", 0, 1);
  file.update("recognizing", 50);
  file.finish("FAILED: not audio");
  const text = out.text();
  // cli-progress redraws in place (cursor to column 1), so escape codes are there.
  assert.match(text, /\u001b\[1G/);
  assert.match(text, /\[1\/1\] a\.mp3 \|[\u2588\u2591]{30}\| 0% starting/);
  assert.match(text, /\[1\/1\] a\.mp3 \|\u2588{15}\u2591{15}\| 50% recognizing/);
  assert.ok(text.endsWith("[1/1] a.mp3: FAILED: not audio\n"), JSON.stringify(text.slice(-80)));
});

test.run();
