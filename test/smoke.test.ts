import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Pause } from "../src/pipeline/types.ts";

test("pipeline types load under tsx", () => {
  const pause: Pause = { startTimeSeconds: 1, endTimeSeconds: 1.5, strength: 0.5 };
  assert.is(pause.endTimeSeconds - pause.startTimeSeconds, 0.5);
});

test.run();
