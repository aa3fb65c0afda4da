// Runs the exported ONNX model with onnxruntime-web (wasm, 1 thread) as the TS runtime will.
// node training/onnx_check.mjs MODEL.onnx IN.json OUT.json [--bench-seconds 60]
// IN.json: {"dims": [1, 80, T], "data": [...]}; OUT.json gets {"dims": [...], "data": [...], "bench": {...}}.
import { readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;
const [modelPath, inPath, outPath, benchFlag, benchSecondsArg] = process.argv.slice(2);
const session = await ort.InferenceSession.create(readFileSync(modelPath));
const input = JSON.parse(readFileSync(inPath, 'utf8'));
const feeds = { features: new ort.Tensor('float32', Float32Array.from(input.data), input.dims) };
const result = (await session.run(feeds)).log_probs;
const out = { dims: result.dims, data: Array.from(result.data) };
if (benchFlag === '--bench-seconds') {
  // Throughput on random features of the given length (frames at 100 per second).
  const frames = Number(benchSecondsArg) * 100;
  const x = new Float32Array(80 * frames).map(() => Math.random() - 0.5);
  const t0 = performance.now();
  await session.run({ features: new ort.Tensor('float32', x, [1, 80, frames]) });
  const ms = performance.now() - t0;
  out.bench = { audioSeconds: Number(benchSecondsArg), inferenceMs: ms, realtimeFactor: Number(benchSecondsArg) * 1000 / ms,
    rssMB: process.memoryUsage().rss / 1e6 };
}
writeFileSync(outPath, JSON.stringify(out));
