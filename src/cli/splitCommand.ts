/** The `split` command: options (commander), then splitRun.ts, the summary and the exit status (1 when a file failed, 130 after Ctrl-C). */
import { Command, Option } from "commander";
import { EXPORT_FORMAT_NAMES } from "../export/exportFormats.ts";
import { FILE_NAMINGS } from "../export/everyayahNaming.ts";
import { WorkerPool, type WorkerPoolOptions } from "../pipeline/workerPool.ts";
import { listenForInterrupt } from "./interruptSignal.ts";
import { createProgressReporter } from "./progressReporter.ts";
import { exportList, hintsOf, positiveInteger, surahNumber, type SplitCliOptions, type SplitPlan } from "./splitOptions.ts";
import { splitFiles } from "./splitRun.ts";
import { summaryTable } from "./summaryTable.ts";

async function runSplit(files: string[], options: SplitCliOptions, command: Command, workerOptions: WorkerPoolOptions): Promise<void> {
  const hints = hintsOf(options);
  if (typeof hints === "string") command.error(`error: ${hints}`);
  const plan: SplitPlan = {
    files,
    outputDir: options.output,
    hints: hints as Exclude<typeof hints, string>,
    format: options.format,
    naming: options.naming,
    exports: options.export ?? [],
    overwrite: options.overwrite ?? false,
  };
  const interrupt = listenForInterrupt();
  const runner = new WorkerPool(workerOptions);
  try {
    const results = await splitFiles(runner, plan, createProgressReporter(), interrupt.signal);
    process.stdout.write(`${summaryTable(results, { color: Boolean(process.stdout.isTTY) })}\n`);
    const failed = results.filter((result) => !result.ok).length;
    if (failed > 0) {
      process.stderr.write(`${failed} of ${results.length} file(s) failed\n`);
      process.exitCode = 1;
    }
  } finally {
    await runner.close();
    interrupt.dispose();
  }
  process.exitCode = interrupt.exitCode() ?? process.exitCode;
}

export function splitCommand(workerOptions: WorkerPoolOptions): Command {
  return new Command("split")
    .description("split recordings into one audio file per ayah, offline (no server, no database), one file after another")
    .argument("<files...>", "recordings (.mp3 .wav .m4a .aac .ogg .opus .flac .webm .wma)")
    .option("-o, --output <dir>", "folder for the results", ".")
    .option("--surah <N>", "surah recited (1-114); helps the aligner", surahNumber)
    .option("--from-ayah <A>", "first ayah recited (needs --surah)", positiveInteger)
    .option("--to-ayah <B>", "last ayah recited (needs --surah)", positiveInteger)
    .addOption(new Option("--format <format>", "zip: <name>.zip per recording; dir: a folder <name>/").choices(["zip", "dir"]).default("zip"))
    .addOption(new Option("--naming <naming>", "ayah file names: spec (surah_036_ayah_001.mp3) or everyayah (036001.mp3)").choices([...FILE_NAMINGS]).default("spec"))
    .option("--export <formats>", `comma-separated export files to add under exports/: ${EXPORT_FORMAT_NAMES.join(", ")}`, exportList)
    .option("--overwrite", "replace results that already exist")
    .showHelpAfterError("(quran-splitter split --help lists the options)")
    .action((files: string[], options: SplitCliOptions, command: Command) => runSplit(files, options, command, workerOptions));
}
