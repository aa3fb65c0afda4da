/**
 * Progress of `split`, one file after another, on stderr (stdout keeps the summary table):
 * on a terminal a cli-progress bar per file (percent + stage); otherwise (a pipe, a log file, CI)
 * one plain line per stage change, so logs stay readable.
 */
import { Presets, SingleBar } from "cli-progress";

export interface FileProgress {
  /** percent: 0..100 over the whole file. */
  update(stage: string, percent: number): void;
  /** Ends the file's bar or lines with one outcome line ("done …" or "FAILED …"). */
  finish(outcome: string): void;
}

export interface ProgressReporter {
  startFile(label: string, index: number, count: number): FileProgress;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

function barProgress(stream: Stream, label: string, prefix: string): FileProgress {
  const bar = new SingleBar(
    { format: `${prefix} {file} |{bar}| {percentage}% {stage}`, stream, hideCursor: true, barsize: 30, fps: 10, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(100, 0, { file: label, stage: "starting" });
  return {
    update: (stage, percent) => bar.update(Math.round(percent), { stage }),
    finish: (outcome) => {
      bar.stop();
      stream.write(`${prefix} ${label}: ${outcome}\n`);
    },
  };
}

function lineProgress(stream: Stream, label: string, prefix: string): FileProgress {
  let lastStage = "";
  return {
    update: (stage, percent) => {
      // "done" is said by finish(), with the figures.
      if (stage === lastStage || stage === "done") return;
      lastStage = stage;
      stream.write(`${prefix} ${label}: ${stage} (${Math.round(percent)}%)\n`);
    },
    finish: (outcome) => stream.write(`${prefix} ${label}: ${outcome}\n`),
  };
}

export function createProgressReporter(stream: Stream = process.stderr): ProgressReporter {
  const make = stream.isTTY ? barProgress : lineProgress;
  return { startFile: (label, index, count) => make(stream, label, `[${index + 1}/${count}]`) };
}
