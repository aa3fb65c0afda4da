/** An error whose `detail` is safe to show to the client, answered as `{"detail": ...}`. */
export class HttpError extends Error {
  override name = "HttpError";

  constructor(readonly status: number, readonly detail: string) {
    super(detail);
  }
}

export const jobNotFound = (): HttpError => new HttpError(404, "Job not found");

/** The disk filled up (or a quota): the client is not at fault; ENOSPC from node, SQLITE_FULL from the store. */
export function isDiskFullError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === "ENOSPC" || code === "EDQUOT" || (typeof message === "string" && /database or disk is full|SQLITE_FULL/.test(message));
}

export const diskFull = (): HttpError =>
  new HttpError(507, "The server's disk is full: the upload was not stored. Try again later, or ask the operator to free space.");
