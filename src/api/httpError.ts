/** An error whose `detail` is safe to show to the client, answered as `{"detail": ...}`. */
export class HttpError extends Error {
  override name = "HttpError";

  constructor(readonly status: number, readonly detail: string) {
    super(detail);
  }
}

export const jobNotFound = (): HttpError => new HttpError(404, "Job not found");
