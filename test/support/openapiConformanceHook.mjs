// Loaded by test/run.mjs with --import after tsx. Worker threads inherit --import flags, but
// they make no HTTP requests (and tsx is not ready in them yet), so the hook runs only in the main thread.
import { isMainThread } from "node:worker_threads";

if (isMainThread) await import("./openapiConformance.ts");
