/**
 * The multipart upload of `audio_file`, streamed by multer to `data/tmp/uploads/{uuid}.{ext}`
 * (never held whole in memory) and moved to `data/uploads/` only once complete and valid, so an
 * upload cut short by a crash is swept with tmp/ at the next start. Checks the extension before
 * a byte is written, enforces the size limit (413; multer removes the partial file), rejects a
 * missing or empty file and a text field sent twice. A full disk fails the request with 507 and
 * removes what was written. Every multer error becomes an HttpError here, so the error middleware
 * only ever sees HttpErrors for client mistakes.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import multer from "@koa/multer";
import type { Context, Middleware } from "koa";
import { diskFull, HttpError, isDiskFullError } from "./httpError.ts";
import { isSupportedAudioExtension } from "./audioFormats.ts";
import { AUDIO_FIELD } from "./schemas/uploadForm.ts";


export interface UploadedAudio {
  /** The stored file: data/tmp/uploads/{uuid}.{ext} until `keepUploadedAudio` moves it to data/uploads/. */
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
export function audioUploadMiddleware(incomingUploadsDir: string, limitBytes: number): Middleware {
  // The file each request is writing: multer does not remove a file whose write failed (ENOSPC).
  const pathOfRequest = new WeakMap<object, string>();
  const upload = multer({
    storage: multer.diskStorage({
      destination: incomingUploadsDir,
      filename: (req, file, callback) => {
        const name = `${randomUUID()}${extensionOf(file.originalname)}`;
        pathOfRequest.set(req, path.join(incomingUploadsDir, name));
        callback(null, name);
      },
    }),
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
      const partialPath = pathOfRequest.get(ctx.req);
      if (partialPath) removeUpload(partialPath);
      if (error instanceof HttpError) throw error;
      throw multerErrorToHttp(error as { code?: string; message: string }, limitBytes);
    }
    return next();
  };
}

/** The stored upload of this request, or a 400 when the file is missing or empty. */
export function takeUploadedAudio(ctx: Context): UploadedAudio {
  const file = ctx.request.file;
  if (!file) {
    throw new HttpError(400, `No audio file uploaded: send the recording as the multipart form field '${AUDIO_FIELD}'`);
  }
  if (file.size === 0) {
    removeUpload(file.path);
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
    removeUpload(file.path);
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

/** Moves a validated upload from tmp/uploads/ to data/uploads/ (same file system: a rename). */
export function keepUploadedAudio(upload: UploadedAudio, uploadsDir: string): UploadedAudio {
  const storedPath = path.join(uploadsDir, path.basename(upload.storedPath));
  try {
    fs.renameSync(upload.storedPath, storedPath);
  } catch (error) {
    removeUpload(upload.storedPath);
    throw error;
  }
  return { ...upload, storedPath };
}

export function removeUpload(storedPath: string): void {
  fs.rmSync(storedPath, { force: true });
}
