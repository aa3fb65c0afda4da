/**
 * The `serve` command: the HTTP service (src/main.ts), configured by the environment as before.
 * It is the default command, so a plain `node quran-splitter.cjs` still serves. Options of serve
 * (e.g. a node role) are added here and handed to main() through ServeOptions.
 */
import { Command } from "commander";
import type { WorkerPoolOptions } from "../pipeline/workerPool.ts";

/** Options of `serve`; none yet beyond the environment variables README lists. */
export type ServeOptions = Record<string, never>;

export function serveCommand(workerOptions: WorkerPoolOptions): Command {
  return new Command("serve")
    .description("run the HTTP service (the default command; configured by PORT, HOST, DATA_DIR, … see README)")
    .action(async (_options: ServeOptions) => {
      const { main } = await import("../main.ts");
      await main(workerOptions);
    });
}
