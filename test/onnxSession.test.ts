import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { openCtcModelSession } from "../src/model/onnxSession.ts";

const modelBytes = readFileSync(new URL("./fixtures/generated/tiny-ctc.onnx", import.meta.url));
const wasmBinary = readFileSync(new URL("../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm", import.meta.url));

test("opens the generated model with injected wasm bytes, one thread; runs [1, 80, frames] chunks", async () => {
  const session = await openCtcModelSession(modelBytes, { wasmBinary });
  try {
    assert.is(session.wasmThreadCount, 1);
    for (const frameCount of [1, 4, 101]) {
      const output = await session.run(new Float32Array(80 * frameCount), 80, frameCount);
      assert.is(output.outFrameCount, Math.ceil(frameCount / 4));
      assert.is(output.vocabSize, 34);
      assert.is(output.logProbs.length, output.outFrameCount * 34);
    }
    let threw = false;
    await session.run(new Float32Array(79), 80, 1).catch(() => (threw = true));
    assert.ok(threw, "a features buffer of the wrong size is rejected");
  } finally {
    await session.release();
  }
});

test("rejects bytes that are not a model", async () => {
  let message = "";
  await openCtcModelSession(new Uint8Array([1, 2, 3, 4])).catch((error: Error) => (message = error.message));
  assert.ok(message.length > 0);
});

test.run();
