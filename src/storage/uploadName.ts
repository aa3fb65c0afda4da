import { randomUUID } from "node:crypto";
import path from "node:path";

/** `{uuid}.{ext}`: the stored name of an upload, whatever the backend (the client's name is kept in the row). */
export function storedUploadName(originalFilename: string): string {
  return `${randomUUID()}${path.extname(originalFilename).toLowerCase()}`;
}
