/**
 * A multer storage engine from two promises, shared by the local and the S3 storage: `store`
 * consumes the file's stream and returns where it went; `remove` undoes it (multer calls it on
 * a size limit or an aborted request). @koa/multer's types describe the finished file only; the
 * stream the engine receives is narrowed here, in one place.
 */
import type { Readable } from "node:stream";
import type multer from "@koa/multer";

export interface IncomingFile {
  originalname: string;
  stream: Readable;
}

export interface StoredFile {
  /** The reference the route reads as `file.path`. */
  path: string;
  size: number;
}

export function streamingEngine(store: (file: IncomingFile) => Promise<StoredFile>, remove: (reference: string) => Promise<unknown>): multer.StorageEngine {
  type Callback = (error: Error | null, info?: Partial<multer.File>) => void;
  const engine = {
    _handleFile(_req: unknown, file: IncomingFile, callback: Callback) {
      store(file).then(
        (stored) => callback(null, stored),
        (error: Error) => {
          file.stream.resume(); // drain the rest of the request, or multer waits for it forever
          callback(error);
        },
      );
    },
    _removeFile(_req: unknown, file: { path: string }, callback: (error: Error | null) => void) {
      remove(file.path).then(() => callback(null), (error: Error) => callback(error));
    },
  };
  return engine as unknown as multer.StorageEngine;
}
