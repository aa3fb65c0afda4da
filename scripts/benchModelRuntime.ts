/**
 * Speed and memory of the model runtime (features + chunked inference, one thread):
 *   /usr/bin/time -v node --import tsx scripts/benchModelRuntime.ts [--card models/quran-ctc-v1.json] [--seconds 60,720] [--chunk-frames 3000]
 * Without tsx's own memory (closer to the bundled service):
 *   npx esbuild scripts/benchModelRuntime.ts --bundle --platform=node --format=esm --external:onnxruntime-web \
 *     --outfile=node_modules/.cache/rt-bench/bench.mjs && /usr/bin/time -v node node_modules/.cache/rt-bench/bench.mjs --seconds 1200
 * The signal is synthetic (harmonics + noise): both stages cost the same whatever is said. Prints per
 * duration the wall time of features and of inference, x-realtime, and the process's peak RSS. The
 * CPU time of the process is printed too: on a shared 2-core box it is the steadier measure of what
 * one thread costs (wall time includes waiting for the other jobs' turn).
 */
import { parseArgs } from "node:util";
import { computeLogMel } from "../src/audio/logMel.ts";
import { loadCtcModel } from "../src/model/ctcModel.ts";
import { posteriorModelOf, posteriorsFromFeatures } from "../src/model/ctcPosteriors.ts";

const SAMPLE_RATE_HZ = 16000;

function syntheticRecitation(durationSeconds: number): Float32Array {
  const samples = new Float32Array(Math.round(durationSeconds * SAMPLE_RATE_HZ));
  let state = 12345;
  for (let n = 0; n < samples.length; n++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const t = n / SAMPLE_RATE_HZ;
    const f0 = 140 + 50 * Math.sin(2 * Math.PI * 0.3 * t);
    samples[n] = (0.4 + 0.4 * Math.sin(2 * Math.PI * 2.5 * t)) * 0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.01 * (state / 2 ** 32 - 0.5);
  }
  return samples;
}

const { values } = parseArgs({
  options: {
    card: { type: "string", default: "models/quran-ctc-v1.json" },
    seconds: { type: "string", default: "60,720" },
    "chunk-frames": { type: "string" },
  },
});
const model = await loadCtcModel({ cardPath: values.card! });
const chunkFrames = values["chunk-frames"] ? Number(values["chunk-frames"]) : undefined;
console.log(`model ${model.card.name}, receptive field ${model.card.receptiveFieldFrames} frames, chunk ${chunkFrames ?? "default"} frames`);
for (const durationSeconds of values.seconds!.split(",").map(Number)) {
  const samples = syntheticRecitation(durationSeconds);
  const cpuStart = process.cpuUsage();
  const featuresStart = performance.now();
  const features = computeLogMel(samples, SAMPLE_RATE_HZ, model.card.features);
  const featuresMs = performance.now() - featuresStart;
  const inferenceStart = performance.now();
  const posteriors = await posteriorsFromFeatures(features, posteriorModelOf(model), { chunkFrames });
  const inferenceMs = performance.now() - inferenceStart;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const realtime = (ms: number) => ((durationSeconds * 1000) / ms).toFixed(0);
  console.log(
    `${durationSeconds} s: features ${featuresMs.toFixed(0)} ms (${realtime(featuresMs)}x), inference ${inferenceMs.toFixed(0)} ms (${realtime(inferenceMs)}x), ` +
      `total ${realtime(featuresMs + inferenceMs)}x realtime (CPU time ${cpuMs.toFixed(0)} ms: ${realtime(cpuMs)}x); ${posteriors.frameCount} output frames; peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}
await model.session.release();
