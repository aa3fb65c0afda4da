/**
 * How the bundle starts its piscina worker (esbuild.config.mjs patches piscina's `new Worker(...)`
 * to call this): not from the bundle file, which would make the worker isolate hold the whole
 * asset payload as source text, but from the JavaScript part only, run with `eval: true`.
 *
 * piscina's worker bootstrap then `require`s the task file (the bundle path); the appended line
 * registers this very module under that path in the require cache, so the bootstrap gets this
 * module's exports (the task handler) instead of loading the bundle a second time.
 */
import type { WorkerOptions } from "node:worker_threads";
import { readBundleJavaScript } from "./bundleFile.ts";

export function bundleWorkerSpec(filename: string, options: WorkerOptions): [string, WorkerOptions] {
  const bundlePath = (options.workerData as { bundlePath?: string } | undefined)?.bundlePath;
  if (!bundlePath) return [filename, options];
  const source = `${readBundleJavaScript(bundlePath)}\n;require.cache[${JSON.stringify(bundlePath)}] = module;\n`;
  return [source, { ...options, eval: true }];
}
