/**
 * Runs in a worker thread of its own (ort's wasm settings are per thread and read once, and the test
 * process has already started ort with one thread): opens the tiny model with two intra-op threads,
 * runs the chunk it is given (`workerData.features`, [80 × frames]), then asks for a second session
 * with one thread; posts what happened.
 */
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { openCtcModelSession } from "../../src/model/onnxSession.ts";

async function probe(): Promise<void> {
  const modelBytes = readFileSync(new URL("../fixtures/generated/tiny-ctc.onnx", import.meta.url));
  const session = await openCtcModelSession(modelBytes, { threads: 2 });
  const features = (workerData as { features: Float32Array }).features;
  const output = await session.run(features, 80, features.length / 80);
  let secondSessionError = "";
  await openCtcModelSession(modelBytes, { threads: 1 }).catch((error: Error) => (secondSessionError = error.message));
  await session.release();
  parentPort!.postMessage({
    wasmThreadCount: session.wasmThreadCount,
    outFrameCount: output.outFrameCount,
    allFinite: output.logProbs.every(Number.isFinite),
    logProbs: output.logProbs,
    secondSessionError,
  });
}

void probe();
