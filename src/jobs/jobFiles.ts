/** Where a job's result files live in the results folder (one name scheme for queue, API and deletion). */
import fs from "node:fs";
import path from "node:path";

export interface JobResultPaths {
  zipPath: string;
  /** Peaks for the page's waveform, written by the worker right after decoding. */
  waveformPath: string;
}

/** The waveform lies beside the zip: `<id>.waveform.json` next to `<id>.zip`. */
export function waveformPathBeside(zipPath: string): string {
  return zipPath.replace(/\.zip$/, "") + ".waveform.json";
}

export function jobResultPaths(resultsDir: string, jobId: string): JobResultPaths {
  const zipPath = path.join(resultsDir, `${jobId}.zip`);
  return { zipPath, waveformPath: waveformPathBeside(zipPath) };
}

/** Removes a file if it is there; 1 when it was removed, 0 when it was already gone. */
export function removeIfPresent(filePath: string | null): number {
  if (!filePath) return 0;
  try {
    fs.rmSync(filePath);
    return 1;
  } catch {
    return 0; // already gone (removed by hand, or never written for a failed job)
  }
}
