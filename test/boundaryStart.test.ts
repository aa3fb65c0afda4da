import { test } from "uvu";
import * as assert from "uvu/assert";
import { startBefore } from "../src/recognize/boundaryRefine.ts";
import type { Pause } from "../src/pipeline/types.ts";

const pause = (startTimeSeconds: number, endTimeSeconds: number): Pause => ({ startTimeSeconds, endTimeSeconds, strength: 0.8 });

test("first ayah starts where the last silence before its first letter ends, not at an earlier one", () => {
  // isti'adha-like speech 0.5-3.0, pause 3.0-3.8, then the ayah; first letter heard at 4.6 s
  const start = startBefore(4.6, [pause(0, 0.5), pause(3.0, 3.8)]);
  assert.ok(Math.abs(start - 3.65) < 1e-9, `start ${start}`);
});

test("continuous speech from the recording's start: the first ayah starts at 0 even if its first letter is heard 1.9 s in", () => {
  assert.is(startBefore(1.9, []), 0);
});

test("no silence within the look-back in a long recording: just before the first letter", () => {
  assert.ok(Math.abs(startBefore(40, [pause(10, 12)]) - 39.75) < 1e-9);
});

test.run();
