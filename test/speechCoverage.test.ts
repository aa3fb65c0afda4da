// Speech outside every aligned unit is reported with its times (src/recognize/speechCoverage.ts).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { describeUnexplainedSpeech, unexplainedSpeech } from "../src/recognize/speechCoverage.ts";

const STEP_SECONDS = 0.04; // 25 output frames per second, as the shipped model

/** One letter every `everyFrames` frames from `from` to `to` (exclusive). */
function letters(from: number, to: number, everyFrames = 3): number[] {
  return Array.from({ length: Math.ceil((to - from) / everyFrames) }, (_, i) => from + i * everyFrames);
}

test("letters inside or at the edges of aligned units are explained", () => {
  const units = [{ firstFrame: 0, lastFrame: 100 }, { firstFrame: 120, lastFrame: 300 }];
  // A few letters 0.3 s past the first unit's end are alignment slack, not speech of their own.
  const heard = [...letters(0, 100), 104, 107, ...letters(120, 300)];
  assert.equal(unexplainedSpeech(units, heard, STEP_SECONDS), []);
  assert.is(describeUnexplainedSpeech([]), null);
});

test("a run of letters between two units is one stretch with its times", () => {
  const units = [{ firstFrame: 0, lastFrame: 100 }, { firstFrame: 400, lastFrame: 500 }];
  const heard = [...letters(0, 100), ...letters(200, 260), ...letters(400, 500)];
  const stretches = unexplainedSpeech(units, heard, STEP_SECONDS);
  assert.is(stretches.length, 1);
  assert.is(stretches[0].letterCount, 20);
  assert.ok(Math.abs(stretches[0].startTimeSeconds - 8.0) < 1e-9);
  assert.ok(Math.abs(stretches[0].endTimeSeconds - 10.32) < 1e-9);
  assert.is(describeUnexplainedSpeech(stretches), "8.00-10.32 s (20 letters)");
});

test("speech before the first and after the last unit is reported, split at long silences", () => {
  const units = [{ firstFrame: 300, lastFrame: 600 }];
  // 0–2 s speech, 4 s of silence, 6–8 s speech: two stretches before; one after the unit.
  const heard = [...letters(0, 50), ...letters(150, 200), ...letters(300, 600), ...letters(700, 800)];
  const stretches = unexplainedSpeech(units, heard, STEP_SECONDS);
  assert.equal(stretches.map((s) => [s.startTimeSeconds, s.letterCount]), [[0, 17], [6, 17], [28, 34]]);
});

test("a cough (few letters) or a blip shorter than a second is not reported", () => {
  const units = [{ firstFrame: 0, lastFrame: 100 }];
  assert.equal(unexplainedSpeech(units, [...letters(0, 100), 200, 203, 206], STEP_SECONDS), [], "3 letters");
  assert.equal(unexplainedSpeech(units, [...letters(0, 100), ...letters(200, 220, 2)], STEP_SECONDS), [], "10 letters in 0.8 s");
});

test("with nothing aligned every run of letters is unexplained", () => {
  assert.is(unexplainedSpeech([], letters(0, 100), STEP_SECONDS).length, 1);
});

test.run();
