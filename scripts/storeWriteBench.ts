/**
 * How long the SQLite job store blocks the main thread per write (it runs synchronously there,
 * beside status polling): inserts, claims and completions with a metadata.json of the given size.
 * Prints one JSON line with the median and max of each. A benchmark, not a test.
 *
 *   node --import tsx scripts/storeWriteBench.ts [--jobs 20] [--metadata-kb 300] [--dir DATA_DIR]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteJobStore } from "../src/jobs/sqlite/sqliteJobStore.ts";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? fallback : process.argv[index + 1];
}

const jobCount = Number(option("jobs", "20"));
const metadataKb = Number(option("metadata-kb", "300"));
const metadataJson = JSON.stringify({ padding: "a".repeat(metadataKb * 1024) });
const dir = fs.mkdtempSync(path.join(option("dir", os.tmpdir()), "qs-store-bench-"));
const store = new SqliteJobStore(path.join(dir, "jobs.db"));
const timesMs: Record<"insert" | "claim" | "complete", number[]> = { insert: [], claim: [], complete: [] };

async function timed(kind: keyof typeof timesMs, operation: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await operation();
  timesMs[kind].push(performance.now() - start);
}

for (let i = 0; i < jobCount; i += 1) {
  const id = `job-${i}`;
  await timed("insert", () => store.insert({ id, originalFilename: `${id}.mp3`, audioFilePath: `/u/${id}`, hints: {} }));
  await timed("claim", () => store.claimNextQueued());
  await timed("complete", () => store.markCompleted(id, { resultZipPath: `/r/${id}.zip`, metadataJson, transcriptionText: "t" }));
}
await store.close();
fs.rmSync(dir, { recursive: true, force: true });

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { medianMs: +sorted[Math.floor(sorted.length / 2)].toFixed(1), maxMs: +sorted[sorted.length - 1].toFixed(1) };
};
console.log(JSON.stringify({
  jobs: jobCount,
  metadataKb,
  insert: summary(timesMs.insert),
  claim: summary(timesMs.claim),
  complete: summary(timesMs.complete),
  loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
}));
