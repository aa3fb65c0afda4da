/**
 * Upload extensions the service accepts (lower case, with the dot). Each one is decoded by the
 * ffmpeg.wasm core in the worker; a format the core cannot decode must not be listed here
 * (see README "Supported formats").
 */
export const SUPPORTED_AUDIO_EXTENSIONS: readonly string[] = [
  ".mp3", ".wav", ".m4a", ".aac", ".ogg", ".opus", ".flac", ".webm", ".wma",
];

export function isSupportedAudioExtension(extension: string): boolean {
  return SUPPORTED_AUDIO_EXTENSIONS.includes(extension.toLowerCase());
}
