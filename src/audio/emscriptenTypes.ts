/**
 * The parts of the emscripten module of @ffmpeg/core@0.12 that this project uses. The package ships
 * no type declarations, so these describe what its ffmpeg-core.js exposes (checked against 0.12.10).
 */

export interface EmscriptenFsNode {
  id: number;
  name: string;
  mode: number;
  node_ops: object;
  stream_ops: object;
}

export interface EmscriptenFsStream {
  node: EmscriptenFsNode;
  flags: number;
  position: number;
}

export interface EmscriptenFs {
  ErrnoError: new (errno: number) => Error;
  createNode(parent: EmscriptenFsNode | null, name: string, mode: number, dev: number): EmscriptenFsNode;
  mkdir(path: string): void;
  mount(type: object, opts: object, mountpoint: string): void;
  unmount(mountpoint: string): void;
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  writeFile(path: string, data: Uint8Array | string): void;
  readFile(path: string): Uint8Array;
  unlink(path: string): void;
}

export interface FfmpegLogEvent {
  type: "stdout" | "stderr";
  message: string;
}

export interface FfmpegProgressEvent {
  /** 0..1 of the input duration when ffmpeg knows it. */
  progress: number;
  /** Output time reached, in microseconds. */
  time: number;
}

/** The module object that createFFmpegCore() resolves to. */
export interface EmscriptenFfmpegModule {
  FS: EmscriptenFs;
  /** Runs `ffmpeg -nostdin -y ...args`; returns the exit code. Must be preceded by reset(). */
  exec(...args: string[]): number;
  reset(): void;
  setLogger(logger: (event: FfmpegLogEvent) => void): void;
  setProgress(handler: (event: FfmpegProgressEvent) => void): void;
  /** Milliseconds after which a running exec gives up (-1: never). */
  setTimeout(timeoutMs: number): void;
}

export interface EmscriptenModuleOptions {
  /** Emscripten's hook to instantiate the wasm ourselves; returns {} when it will call back later. */
  instantiateWasm(imports: WebAssembly.Imports, receiveInstance: (instance: WebAssembly.Instance) => void): object;
  print?: (message: string) => void;
  printErr?: (message: string) => void;
}

export type CreateFfmpegCoreModule = (options: EmscriptenModuleOptions) => Promise<EmscriptenFfmpegModule>;
