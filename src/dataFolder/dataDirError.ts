/** A data folder the server cannot use (missing, read-only, owned by another server): the message names it. */
export class DataDirError extends Error {
  override name = "DataDirError";
}
