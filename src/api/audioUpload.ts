/**
 * The multipart upload of `audio_file`, streamed by multer through the storage's engine (never
 * held whole in memory): into `data/tmp/uploads/` or straight into the bucket, kept for the job
 * (`storage.keepUpload`) only once complete and valid. Checks the extension before a byte is
 * written, enforces the size limit (413; multer removes the partial file), rejects a missing or
 * empty file and a text field sent twice. A full disk fails the request with 507 and the engine
 * removes what was written. Every multer error becomes an HttpError here, so the error
 * middleware only ever sees HttpErrors for client mistakes (a failing storage stays a 500).
 */
import path from "node:path";
import multer from "@koa/multer";
import type { Context, Middleware } from "koa";
import { diskFull, HttpError, isDiskFullError } from "./httpError.ts";
import { isSupportedAudioExtension } from "./audioFormats.ts";
import { AUDIO_FIELD } from "./schemas/uploadForm.ts";
import type { FileStorage } from "../storage/fileStorage.ts";
import { StorageError } from "../storage/storageError.ts";


export interface UploadedAudio {
  /** The stored file's reference (data/tmp/uploads/{uuid}.{ext} until kept, or s3://…). */
  storedPath: string;
  originalFilename: string;
  sizeBytes: number;
  /** The other (text) form fields, as sent. */
  fields: Record<string, string>;
}

function extensionOf(filename: string): string {
  return path.extname(filename).toLowerCase();
}

function multerErrorToHttp(error: { code?: string; field?: string; message: string }, limitBytes: number): HttpError {
  if (isDiskFullError(error)) return diskFull();
  switch (error.code) {
    case "LIMIT_FILE_SIZE":
      return new HttpError(413, `Uploaded file is too large: the limit is ${limitBytes} bytes`);
    case "LIMIT_UNEXPECTED_FILE":
      return new HttpError(400, `Unexpected file field '${error.field}': send the recording as '${AUDIO_FIELD}'`);
    case "LIMIT_FILE_COUNT":
      return new HttpError(400, `Send exactly one file, in the form field '${AUDIO_FIELD}'`);
    default:
      return new HttpError(400, `Malformed multipart upload: ${error.message}`);
  }
}

/** Koa middleware storing the upload; the route then calls `takeUploadedAudio`. */
export function audioUploadMiddleware(storage: FileStorage, limitBytes: number): Middleware {
  const upload = multer({
    storage: storage.uploadEngine(),
    limits: { fileSize: limitBytes, files: 1, fields: 20, fieldSize: 64 * 1024 },
    // Arabic file names are common; browsers send them as raw UTF-8.
    defParamCharset: "utf8",
    fileFilter: (_req, file, callback) => {
      const extension = extensionOf(file.originalname);
      if (isSupportedAudioExtension(extension)) return callback(null, true);
      callback(new HttpError(400, `Unsupported audio format: ${extension || "(no extension)"}`), false);
    },
  } as multer.Options).single(AUDIO_FIELD);

  return async (ctx, next) => {
    try {
      await upload(ctx, async () => {});
    } catch (error) {
      if (error instanceof HttpError || error instanceof StorageError) throw error;
      throw multerErrorToHttp(error as { code?: string; message: string }, limitBytes);
    }
    return next();
  };
}

/** The stored upload of this request, or a 400 when the file is missing or empty. */
export async function takeUploadedAudio(ctx: Context, storage: FileStorage): Promise<UploadedAudio> {
  const file = ctx.request.file;
  if (!file) {
    throw new HttpError(400, `No audio file uploaded: send the recording as the multipart form field '${AUDIO_FIELD}'`);
  }
  if (file.size === 0) {
    await storage.remove(file.path);
    throw new HttpError(400, "Uploaded audio file is empty");
  }
  // @koa/multer copies the text fields to ctx.request.body; its types do not declare it.
  const body = ((ctx.request as unknown as { body?: unknown }).body ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === "string") {
      fields[name] = value;
      continue;
    }
    await storage.remove(file.path);
    // multer turns a repeated field into an array and `name[key]` into an object.
    throw new HttpError(
      400,
      Array.isArray(value)
        ? `Form field '${name}' was sent ${value.length} times: send it once`
        : `Form field '${name}' must be a plain value, not a nested one`,
    );
  }
  return { storedPath: file.path, originalFilename: file.originalname, sizeBytes: file.size, fields };
}
