/**
 * One ffmpeg.wasm instance (the emscripten core of @ffmpeg/core 0.12, loaded directly: the
 * @ffmpeg/ffmpeg wrapper refuses Node). Created by a factory and passed around in the worker's
 * context object; nothing here is a module-level singleton.
 *
 * Measured on 0.12.10: one instance serves many exec calls (~4 ms overhead per call) and keeps
 * working after a failed call (bad input, missing file), with one catch: ffmpeg's main() ends by
 * throwing out of wasm ("Aborted()"), which skips the epilogues that pop the wasm stack, so every run
 * leaks its stack frames and the 146th run crashed with "memory access out of bounds". Each run
 * therefore saves and restores the stack pointer (verified when the instance starts; if this core
 * build does not allow it, the instance is recycled every RECYCLE_AFTER_RUNS runs instead).
 * A thrown wasm trap leaves an instance unusable; the next run() then instantiates a fresh one from
 * the already compiled WebAssembly.Module (~150 ms).
 *
 * Files are exchanged through the host disk (hostFs.ts), not MEMFS: pass `corePath(hostPath)` in args.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { mountHostFs, toCorePath } from "./hostFs.ts";
import type { CreateFfmpegCoreModule, EmscriptenFfmpegModule } from "./emscriptenTypes.ts";

export interface FfmpegCoreOptions {
  /**
   * The core's wasm: bytes (what a bundle embeds), an already compiled module, or nothing to read
   * node_modules/@ffmpeg/core/dist/esm/ffmpeg-core.wasm from disk.
   */
  wasm?: Uint8Array | WebAssembly.Module;
  /** Path of ffmpeg-core.wasm when `wasm` is not given. */
  wasmPath?: string;
}

export interface FfmpegRunOptions {
  /** Give up after this long (ffmpeg checks between packets). */
  timeoutMs?: number;
  /** 0..1 through the input, when ffmpeg knows the input's duration. */
  onProgress?: (fraction: number) => void;
}

export interface FfmpegRunResult {
  exitCode: number;
  /** ffmpeg's log lines (stderr and stdout), in order. */
  logLines: string[];
}

export interface FfmpegCore {
  /** Runs `ffmpeg -nostdin -y -hide_banner -nostats ...args`. Calls must not overlap. */
  run(args: readonly string[], options?: FfmpegRunOptions): Promise<FfmpegRunResult>;
  /** How many wasm instances were created so far (1 unless one crashed). */
  readonly instanceCount: number;
}

/** The path under which the core sees a file of the host disk. */
export const corePath = toCorePath;

/** Raised when the wasm itself trapped (not for ordinary ffmpeg errors, which give exitCode != 0). */
export class FfmpegCrashError extends Error {
  constructor(message: string, readonly logLines: string[]) {
    super(message);
    this.name = "FfmpegCrashError";
  }
}

interface LiveInstance {
  module: EmscriptenFfmpegModule;
  remountHost: () => void;
  logLines: string[];
  stack: WasmStackAccess | null;
  runCount: number;
}

interface WasmStackAccess {
  save(): number;
  restore(pointer: number): void;
}

const RECYCLE_AFTER_RUNS = 100;

export async function createFfmpegCore(options: FfmpegCoreOptions = {}): Promise<FfmpegCore> {
  const compiled = await compileCoreWasm(options);
  let live: LiveInstance | null = await instantiateCore(compiled);
  let instanceCount = 1;
  return {
    get instanceCount() {
      return instanceCount;
    },
    async run(args, runOptions = {}) {
      if (live === null || (live.stack === null && live.runCount >= RECYCLE_AFTER_RUNS)) {
        live = await instantiateCore(compiled);
        instanceCount++;
      }
      const instance = live;
      instance.runCount++;
      instance.logLines = [];
      instance.remountHost();
      instance.module.reset();
      instance.module.setTimeout(runOptions.timeoutMs ?? -1);
      const onProgress = runOptions.onProgress;
      instance.module.setProgress(onProgress ? (event) => onProgress(clampFraction(event.progress)) : () => {});
      const stackPointer = instance.stack?.save();
      try {
        const exitCode = instance.module.exec("-hide_banner", "-nostats", ...args);
        if (stackPointer !== undefined) instance.stack?.restore(stackPointer);
        return { exitCode, logLines: instance.logLines };
      } catch (error) {
        live = null; // a trapped wasm instance is in an undefined state: never reuse it
        throw new FfmpegCrashError(`ffmpeg core crashed: ${(error as Error).message}`, instance.logLines);
      }
    },
  };
}

async function compileCoreWasm(options: FfmpegCoreOptions): Promise<WebAssembly.Module> {
  if (options.wasm instanceof WebAssembly.Module) return options.wasm;
  const bytes = options.wasm ?? fs.readFileSync(options.wasmPath ?? defaultWasmPath());
  return WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
}

function defaultWasmPath(): string {
  return createRequire(import.meta.url).resolve("@ffmpeg/core/wasm");
}

async function instantiateCore(compiled: WebAssembly.Module): Promise<LiveInstance> {
  const { default: createModule } = (await import("@ffmpeg/core")) as { default: CreateFfmpegCoreModule };
  const instance: LiveInstance = {
    module: null as unknown as EmscriptenFfmpegModule, remountHost: () => {}, logLines: [], stack: null, runCount: 0,
  };
  let wasmExports: WebAssembly.Exports = {};
  const collect = (message: string) => {
    // The core ends every run by printing "Aborted()" (its way of unwinding main); not a real error.
    if (message !== "Aborted()") instance.logLines.push(message);
  };
  const modulePromise = withWorkerSelfShim(() =>
    createModule({
      // The core is built for browsers/web workers; hand it our compiled module instead of letting it fetch.
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(compiled, imports).then((wasmInstance) => {
          wasmExports = wasmInstance.exports;
          receiveInstance(wasmInstance);
        });
        return {};
      },
      print: collect,
      printErr: collect,
    }),
  );
  instance.module = await modulePromise;
  instance.module.setLogger((event) => collect(event.message));
  instance.remountHost = mountHostFs(instance.module.FS).remount;
  instance.stack = findStackAccess(wasmExports);
  return instance;
}

/**
 * The glue's stackSave/stackRestore are not exported under readable names; in 0.12.10 they are the
 * wasm exports "Da" and "Ea" (see `var stackSave=...Module["asm"]["Da"]` in ffmpeg-core.js).
 * Checked by a round trip so that another core build falls back to recycling instead of corrupting.
 */
function findStackAccess(exports: WebAssembly.Exports): WasmStackAccess | null {
  const save = exports.Da;
  const restore = exports.Ea;
  if (typeof save !== "function" || typeof restore !== "function" || save.length !== 0 || restore.length !== 1) return null;
  const access = { save: save as () => number, restore: restore as (pointer: number) => void };
  const original = access.save();
  if (typeof original !== "number" || original <= 0) return null;
  access.restore(original - 16);
  const moved = access.save() === original - 16;
  access.restore(original);
  return moved && access.save() === original ? access : null;
}

/**
 * The core believes it runs in a web worker and reads `self.location.href` once, synchronously,
 * while starting. Node has no `self`; provide a stand-in only for that synchronous call.
 */
function withWorkerSelfShim<T>(start: () => T): T {
  const scope = globalThis as { self?: unknown };
  if (scope.self !== undefined) return start();
  scope.self = { location: { href: "file:///" } };
  try {
    return start();
  } finally {
    delete scope.self;
  }
}

function clampFraction(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
