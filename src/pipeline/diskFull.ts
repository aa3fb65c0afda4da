/**
 * Telling a full disk from a bad recording. Node reports ENOSPC as an error code (the zip writer,
 * mkdir); ffmpeg.wasm writes through src/audio/hostFs.ts, which hands ENOSPC to the core, and
 * ffmpeg then fails with its strerror text in the log. Either way the job's error must say the
 * server ran out of space, not that the upload is broken.
 */
export const DISK_FULL_MESSAGE =
  "The server's disk filled up while processing this recording, so nothing of it was kept. Submit it again once the operator has freed space.";

const FFMPEG_NO_SPACE = /No space left on device/i;

export function isDiskFullFailure(error: unknown): boolean {
  const { code, message, logLines } = (error ?? {}) as { code?: unknown; message?: unknown; logLines?: unknown };
  if (code === "ENOSPC" || code === "EDQUOT") return true;
  if (typeof message === "string" && FFMPEG_NO_SPACE.test(message)) return true;
  return Array.isArray(logLines) && logLines.some((line) => typeof line === "string" && FFMPEG_NO_SPACE.test(line));
}
