/**
 * The multipart upload of `audio_file`, streamed by multer straight to
 * `data/uploads/{uuid}.{ext}` (never held whole in memory). Checks the extension before a byte
 * is written, enforces the size limit (413; multer removes the partial file) and rejects a
 * missing or empty file. Every multer error becomes an HttpError here, so the error middleware
 * only ever sees HttpErrors for client mistakes.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import multer from "@koa/multer";
import type { Context, Middleware } from "koa";
import { HttpError } from "./httpError.ts";
import { isSupportedAudioExtension } from "./audioFormats.ts";
import { AUDIO_FIELD } from "./schemas/uploadForm.ts";


export interface UploadedAudio {
  /** The stored file, data/uploads/{uuid}.{ext} */
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
export function audioUploadMiddleware(uploadsDir: string, limitBytes: number): Middleware {
  const upload = multer({
    storage: multer.diskStorage({
      destination: uploadsDir,
      filename: (_req, file, callback) => callback(null, `${randomUUID()}${extensionOf(file.originalname)}`),
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
    if (typeof value === "string") fields[name] = value;
  }
  return { storedPath: file.path, originalFilename: file.originalname, sizeBytes: file.size, fields };
}

export function removeUpload(storedPath: string): void {
  fs.rmSync(storedPath, { force: true });
}
