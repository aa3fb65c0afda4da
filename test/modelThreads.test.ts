import { test } from "uvu";
import * as assert from "uvu/assert";
import { defaultModelThreads, MAX_AUTO_MODEL_THREADS } from "../src/pipeline/modelThreads.ts";

test("the cores per job worker, rounded down, at least 1 and at most MAX_AUTO_MODEL_THREADS", () => {
  assert.is(defaultModelThreads(2, 1), 2, "one job worker on a 2-core box gets both cores");
  assert.is(defaultModelThreads(2, 2), 1);
  assert.is(defaultModelThreads(16, 4), 4);
  assert.is(defaultModelThreads(16, 3), 4, "16 / 3 = 5.3, capped");
  assert.is(defaultModelThreads(64, 1), MAX_AUTO_MODEL_THREADS);
  assert.is(defaultModelThreads(3, 2), 1);
  assert.is(defaultModelThreads(1, 4), 1, "more workers than cores still gives each one thread");
  assert.is(defaultModelThreads(0, 0), 1, "a platform that reports no cores");
});

test.run();
