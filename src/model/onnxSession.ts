/**
 * The one place that imports onnxruntime-web. Everything else sees a typed `CtcModelSession` that
 * turns one chunk of features [80 × frames] into log-probabilities [outFrames × vocab].
 *
 * Backend: WebAssembly, no proxy worker, `threads` intra-op threads (default 1). The worker pool
 * chooses the count (src/pipeline/modelThreads.ts): with one job worker on a 2-core box a second
 * thread halves inference time (measured 3.9 → 2.1 s for 12 minutes of audio); ort's threads are
 * created by the job worker after it lowered its priority, so they inherit that priority and the
 * HTTP thread still wins the CPU.
 *
 * Loading the wasm runtime: in dev (tsx, plain Node) ort finds ort-wasm-simd-threaded.{mjs,wasm}
 * next to its own dist file in node_modules. A single-file bundle has no such directory, so the
 * caller may pass the wasm bytes (`wasmBinary`) and/or explicit `wasmPaths`. ort keeps these in a
 * process-global `env` that is read once, when the first session is created; they must therefore
 * be the same for every session of a process (checked below rather than silently ignored).
 */
import * as ort from "onnxruntime-web";

export interface OnnxRuntimeOptions {
  /** The bytes of ort-wasm-simd-threaded.wasm (e.g. injected by the bundler). */
  wasmBinary?: Uint8Array;
  /** URL prefix of the ort wasm files, or explicit file URLs/paths of the .mjs glue and the .wasm. */
  wasmPaths?: string | { mjs?: string; wasm?: string };
  /** Intra-op threads of the wasm backend (default 1). More than one needs the .mjs glue as a file. */
  threads?: number;
}

export interface ChunkLogProbs {
  /** Row-major [outFrameCount × vocabSize] natural-log probabilities. */
  logProbs: Float32Array;
  outFrameCount: number;
  vocabSize: number;
}

export interface CtcModelSession {
  readonly inputName: string;
  readonly outputName: string;
  /** ort's wasm thread count as configured for this thread (`threads`, default 1). */
  readonly wasmThreadCount: number;
  /** `features` is channel-major [melBinCount × frameCount] (the model's [1, 80, frames] input). */
  run(features: Float32Array, melBinCount: number, frameCount: number): Promise<ChunkLogProbs>;
  release(): Promise<void>;
}

const INPUT_NAME = "features";
const OUTPUT_NAME = "log_probs";

function configureWasmBackend(options: OnnxRuntimeOptions): void {
  const wasm = ort.env.wasm;
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`onnx threads must be a positive integer, got ${threads}`);
  // ort reads numThreads once, when its wasm starts: a second session asking for another count would silently get the first.
  if (wasm.numThreads !== undefined && wasm.numThreads !== 0 && wasm.numThreads !== threads) {
    throw new Error(`onnxruntime-web was configured elsewhere with numThreads=${wasm.numThreads}; this session asks for ${threads}`);
  }
  wasm.numThreads = threads;
  wasm.proxy = false;
  if (options.wasmBinary) {
    if (wasm.wasmBinary && wasm.wasmBinary !== options.wasmBinary) throw new Error("onnxruntime-web already initialised with another wasmBinary");
    wasm.wasmBinary = options.wasmBinary;
  }
  if (options.wasmPaths !== undefined) wasm.wasmPaths = options.wasmPaths;
}

/** Creates a session from the model bytes (read by the caller: I/O stays at the edge). */
export async function openCtcModelSession(modelBytes: Uint8Array, options: OnnxRuntimeOptions = {}): Promise<CtcModelSession> {
  configureWasmBackend(options);
  const session = await ort.InferenceSession.create(modelBytes, {
    executionProviders: ["wasm"],
    graphOptimizationLevel: "all",
  });
  if (!session.inputNames.includes(INPUT_NAME) || !session.outputNames.includes(OUTPUT_NAME)) {
    await session.release();
    throw new Error(`model must have input "${INPUT_NAME}" and output "${OUTPUT_NAME}", has inputs [${session.inputNames}] outputs [${session.outputNames}]`);
  }
  return {
    inputName: INPUT_NAME,
    outputName: OUTPUT_NAME,
    wasmThreadCount: ort.env.wasm.numThreads ?? 0,
    run: (features, melBinCount, frameCount) => runChunk(session, features, melBinCount, frameCount),
    release: () => session.release(),
  };
}

async function runChunk(session: ort.InferenceSession, features: Float32Array, melBinCount: number, frameCount: number): Promise<ChunkLogProbs> {
  if (features.length !== melBinCount * frameCount) {
    throw new RangeError(`features hold ${features.length} values, expected ${melBinCount} × ${frameCount}`);
  }
  const input = new ort.Tensor("float32", features, [1, melBinCount, frameCount]);
  const outputs = await session.run({ [INPUT_NAME]: input });
  const output = outputs[OUTPUT_NAME];
  try {
    const [batch, outFrameCount, vocabSize] = output.dims;
    if (output.dims.length !== 3 || batch !== 1) throw new Error(`"${OUTPUT_NAME}" must be [1, outFrames, vocab], got [${output.dims}]`);
    // Copy out of ort's buffer so the tensor can be disposed now (memory stays flat over chunks).
    return { logProbs: new Float32Array(output.data as Float32Array), outFrameCount, vocabSize };
  } finally {
    input.dispose();
    output.dispose();
  }
}
