/**
 * The command line of quran-splitter: `split` and `serve` (the default, so a plain invocation
 * serves as it always did), `--help` per command, `--version`. Used by the bundle's main thread
 * (src/bundleEntry.ts) and, from source, by `node --import tsx src/cli/cliMain.ts …`.
 */
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { sourceWorkerFilename, type WorkerPoolOptions } from "../pipeline/workerPool.ts";
import { serveCommand } from "./serveCommand.ts";
import { splitCommand } from "./splitCommand.ts";

/**
 * `serveByDefault`: serve when no argument at all is given (a plain `node quran-splitter.cjs`, as
 * before the CLI). Only then: with serve as the default for any argv, a mistyped command
 * (`splt a.mp3`) would be read as arguments of serve instead of "unknown command … did you mean split?".
 */
export function buildProgram(workerOptions: WorkerPoolOptions, serveByDefault: boolean): Command {
  const program = new Command("quran-splitter")
    .description("Split Quran recitation recordings into one audio file per ayah, offline")
    .version(packageJson.version, "-V, --version")
    .showSuggestionAfterError();
  program.addCommand(serveCommand(workerOptions), { isDefault: serveByDefault });
  program.addCommand(splitCommand(workerOptions));
  return program;
}

/** argv as process.argv: node, the script, then the arguments. */
export async function runCli(argv: readonly string[], workerOptions: WorkerPoolOptions): Promise<void> {
  await buildProgram(workerOptions, argv.length <= 2).parseAsync([...argv]);
}

// Run when executed directly from source; the bundle calls runCli() itself.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runCli(process.argv, { workerFilename: sourceWorkerFilename() }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
