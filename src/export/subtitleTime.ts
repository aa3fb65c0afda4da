/** HH:MM:SS plus milliseconds after `separator` ("," for SubRip, "." for WebVTT). */
export function subtitleTime(seconds: number, separator: "," | "."): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  const totalSeconds = Math.floor(totalMs / 1000);
  const clock = `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}`;
  return `${clock}${separator}${pad(totalMs % 1000, 3)}`;
}
