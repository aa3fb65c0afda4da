/**
 * PLACEHOLDER (written by the service developer until the lead's real one lands): the per-worker
 * context (ffmpeg instance, model session) that processRecording uses. Replace wholesale.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface WorkerContext {
  readonly placeholder: true;
}

export function createWorkerContext(): WorkerContext {
  return { placeholder: true };
}
