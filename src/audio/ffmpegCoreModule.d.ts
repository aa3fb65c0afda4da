// @ffmpeg/core ships no type declarations; its default export is the emscripten module factory.
declare module "@ffmpeg/core" {
  const createFFmpegCore: import("./emscriptenTypes.ts").CreateFfmpegCoreModule;
  export default createFFmpegCore;
}
