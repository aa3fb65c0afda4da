/** The storage backend failed (not the client): the upload route answers 500 for it, never a 400. */
export class StorageError extends Error {
  override name = "StorageError";
}
