/**
 * PLACEHOLDER (written by the service developer until the lead's real one lands): the pipeline
 * decode → pauses → align → cut → zip → RecordingMetadata. It honestly reports that the pipeline
 * is not wired yet; replace wholesale with the real orchestration (same signature).
 */
import type { ProcessReply, ProcessTask } from "./taskTypes.ts";
import type { WorkerContext } from "./workerContext.ts";

export async function processRecording(
  _task: ProcessTask,
  _ctx: WorkerContext,
  onProgress: (stage: string, progress: number) => void,
): Promise<ProcessReply> {
  onProgress("decoding", 0);
  return { ok: false, code: "INTERNAL", message: "pipeline not wired yet" };
}
