// Intra-op threads of the wasm backend. ort keeps its settings per thread and reads them once, so
// the two-thread session runs in a worker thread of its own (test/support/onnxThreadsProbe.ts) and
// its output is compared with a one-thread session of this thread.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { openCtcModelSession } from "../src/model/onnxSession.ts";

const modelBytes = readFileSync(new URL("./fixtures/generated/tiny-ctc.onnx", import.meta.url));
/** One chunk of 400 frames, run by both sessions. */
const FEATURES = new Float32Array(80 * 400).map((_, i) => Math.sin(i / 7));

interface ProbeResult {
  wasmThreadCount: number;
  outFrameCount: number;
  allFinite: boolean;
  logProbs: Float32Array;
  secondSessionError: string;
}

function runProbe(): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const modulePath = fileURLToPath(new URL("./support/onnxThreadsProbe.ts", import.meta.url));
    const worker = new Worker(new URL("./support/typescriptWorkerEntry.cjs", import.meta.url), { workerData: { modulePath, features: FEATURES } });
    worker.once("message", (result: ProbeResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

test("two intra-op threads give one thread's output; a later session asking for another count is refused, naming both", async () => {
  const probe = await runProbe();
  assert.is(probe.wasmThreadCount, 2);
  assert.is(probe.outFrameCount, 100);
  assert.ok(probe.allFinite);
  assert.match(probe.secondSessionError, /numThreads=2; this session asks for 1/);
  const single = await openCtcModelSession(modelBytes, { threads: 1 });
  try {
    const output = await single.run(FEATURES, 80, 400);
    const maxAbsDiff = output.logProbs.reduce((max, value, i) => Math.max(max, Math.abs(value - probe.logProbs[i])), 0);
    assert.ok(maxAbsDiff < 1e-4, `max |difference| ${maxAbsDiff}`);
  } finally {
    await single.release();
  }
});

test("a thread count that is not a positive integer is refused before ort starts", async () => {
  let message = "";
  await openCtcModelSession(modelBytes, { threads: 0 }).catch((error: Error) => (message = error.message));
  assert.match(message, /onnx threads must be a positive integer, got 0/);
});

test.run();
