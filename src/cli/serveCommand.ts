/**
 * The `serve` command: the HTTP service (src/main.ts), configured by the environment as before.
 * It is the default command, so a plain `node quran-splitter.cjs` still serves. `--role` is the
 * command-line form of the ROLE variable (issue 12: `serve --role all|api|worker`): it sets ROLE
 * for this process, so src/config.ts stays the one place that reads and checks the configuration.
 */
import { Command, Option } from "commander";
import { NODE_ROLES, type NodeRole } from "../config.ts";
import type { WorkerPoolOptions } from "../pipeline/workerPool.ts";

export interface ServeOptions {
  role?: NodeRole;
}

export function serveCommand(workerOptions: WorkerPoolOptions): Command {
  return new Command("serve")
    .description("run the HTTP service (the default command; configured by PORT, HOST, DATA_DIR, … see README)")
    .addOption(new Option("--role <role>", "all: HTTP and jobs; api: HTTP only; worker: jobs only (split roles need DATABASE_URL and STORAGE_URL); overrides ROLE").choices(NODE_ROLES))
    .action(async (options: ServeOptions) => {
      if (options.role) process.env.ROLE = options.role;
      const { main } = await import("../main.ts");
      await main(workerOptions);
    });
}
