/**
 * Uploads and results in an S3-compatible bucket (STORAGE_URL=s3://bucket/prefix), through the
 * official AWS SDK: region and credentials come from the standard AWS variables (the SDK's own
 * provider chain), a custom endpoint (AWS_ENDPOINT_URL_S3: MinIO, Ceph, a local test server)
 * switches to path-style addressing. An upload streams from the HTTP request into a multipart
 * upload (@aws-sdk/lib-storage), never whole on local disk; a worker downloads it into its job's
 * temp folder, works there, and the zip goes up to the bucket. Downloads stream from the bucket,
 * or redirect to a pre-signed URL (STORAGE_PRESIGN=1) so the bytes bypass the API node.
 */
import fs from "node:fs";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type multer from "@koa/multer";
import type { Download, FileStorage, LocalFile } from "./fileStorage.ts";
import { parseS3Reference, s3Reference, type S3Location } from "./s3Location.ts";
import { StorageError } from "./storageError.ts";
import { storedUploadName } from "./uploadName.ts";
import { streamingEngine } from "./multerEngine.ts";
import { openLocalFile } from "./localFileStorage.ts";

export interface S3StorageOptions {
  location: S3Location;
  /** AWS_REGION; the SDK needs one even for a custom endpoint. */
  region: string;
  /** AWS_ENDPOINT_URL_S3: a non-AWS server, addressed path-style. */
  endpoint?: string;
  /** STORAGE_PRESIGN=1: downloads redirect to a URL valid this long. */
  presignSeconds?: number;
  /** Where the worker's local copies go: the job's temp folder (removed with the job). */
  jobTempDir(jobId: string): string;
  /** Where this node's worker writes a job's waveform (uploaded with the zip, then removed here). */
  localWaveformPath(jobId: string): string;
  /** Tests pass credentials; otherwise the SDK reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or a role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === "NoSuchKey" || name === "NotFound" || $metadata?.httpStatusCode === 404;
}

function storageFailure(what: string, error: unknown): StorageError {
  return new StorageError(`S3 ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
}

export class S3FileStorage implements FileStorage {
  readonly kind = "s3";
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(private readonly options: S3StorageOptions) {
    this.bucket = options.location.bucket;
    this.prefix = options.location.prefix;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  }

  /** Streams `audio_file` into `uploads/{uuid}.{ext}` under the prefix (multer stops it at the size limit). */
  uploadEngine(): multer.StorageEngine {
    return streamingEngine(async (file) => {
      const key = `${this.prefix}uploads/${storedUploadName(file.originalname)}`;
      let size = 0;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          callback(null, chunk);
        },
      });
      file.stream.pipe(counted);
      try {
        await this.put(key, counted);
      } catch (error) {
        throw storageFailure("upload", error);
      }
      return { path: s3Reference(this.bucket, key), size };
    }, (reference) => this.remove(reference));
  }

  /** The object is already where it stays: nothing to move. */
  async keepUpload(reference: string): Promise<string> {
    return reference;
  }

  async fetchUpload(reference: string, jobId: string): Promise<LocalFile> {
    const dir = this.options.jobTempDir(jobId);
    const localPath = path.join(dir, `source-upload${path.extname(reference).toLowerCase()}`);
    fs.mkdirSync(dir, { recursive: true });
    const body = await this.getBody(reference);
    if (!body) throw new StorageError(`S3 object ${reference} is gone`);
    await pipeline(body, fs.createWriteStream(localPath));
    return { path: localPath, release: async () => fs.rmSync(localPath, { force: true }) };
  }

  /** Inside the job's temp folder: the zip exists locally only until storeResult sends it up. */
  resultWritePath(jobId: string): string {
    return path.join(this.options.jobTempDir(jobId), "result.zip");
  }

  async storeResult(jobId: string, localZipPath: string): Promise<string> {
    const key = `${this.prefix}results/${jobId}.zip`;
    await this.put(key, fs.createReadStream(localZipPath));
    fs.rmSync(localZipPath, { force: true });
    // The waveform goes beside the zip (a re-cut wrote none: the one already there stays).
    const waveformPath = this.options.localWaveformPath(jobId);
    if (fs.existsSync(waveformPath)) {
      await this.put(this.waveformKey(jobId), fs.createReadStream(waveformPath));
      fs.rmSync(waveformPath, { force: true });
    }
    return s3Reference(this.bucket, key);
  }

  /** While this node runs the job the waveform is still local; afterwards it is in the bucket. */
  async openWaveform(jobId: string): Promise<{ body: Readable; sizeBytes: number } | null> {
    const local = openLocalFile(this.options.localWaveformPath(jobId));
    if (local) return local;
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.waveformKey(jobId) }));
      return { body: object.Body as Readable, sizeBytes: Number(object.ContentLength ?? 0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw storageFailure("download", error);
    }
  }

  /** `results/{id}.waveform.json`: the name jobFiles.waveformPathBeside gives the zip's reference, so deletion finds it. */
  private waveformKey(jobId: string): string {
    return `${this.prefix}results/${jobId}.waveform.json`;
  }

  async uploadSize(reference: string): Promise<number | null> {
    const target = parseS3Reference(reference);
    if (!target) return null;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.key }));
      return Number(head.ContentLength ?? 0);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw storageFailure("lookup", error);
    }
  }

  async readUpload(reference: string, range?: { start: number; end: number }): Promise<Readable> {
    const body = await this.getBody(reference, range ? `bytes=${range.start}-${range.end}` : undefined);
    if (!body) throw new StorageError(`S3 object ${reference} is gone`);
    return body;
  }

  async openDownload(reference: string, downloadName: string): Promise<Download | null> {
    const target = parseS3Reference(reference);
    if (!target) return null;
    if (this.options.presignSeconds) {
      if (!(await this.exists(target.bucket, target.key))) return null;
      const command = new GetObjectCommand({
        Bucket: target.bucket, Key: target.key,
        ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(downloadName)}`,
        ResponseContentType: "application/zip",
      });
      return { kind: "redirect", url: await getSignedUrl(this.client, command, { expiresIn: this.options.presignSeconds }) };
    }
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: target.bucket, Key: target.key }));
      return { kind: "stream", body: object.Body as Readable, sizeBytes: Number(object.ContentLength ?? 0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw storageFailure("download", error);
    }
  }

  async remove(reference: string | null): Promise<boolean> {
    const target = reference ? parseS3Reference(reference) : null;
    if (!target) return false;
    // S3 deletes succeed for missing keys too; the count of removed files needs to know.
    if (!(await this.exists(target.bucket, target.key))) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: target.key }));
    return true;
  }

  async checkReachable(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /** Ends the client's keep-alive sockets (shutdown). */
  async close(): Promise<void> {
    this.client.destroy();
  }

  private async put(key: string, body: Readable): Promise<void> {
    await new Upload({ client: this.client, params: { Bucket: this.bucket, Key: key, Body: body } }).done();
  }

  private async getBody(reference: string, range?: string): Promise<Readable | null> {
    const target = parseS3Reference(reference);
    if (!target) return null;
    try {
      return (await this.client.send(new GetObjectCommand({ Bucket: target.bucket, Key: target.key, Range: range }))).Body as Readable;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw storageFailure("download", error);
    }
  }

  private async exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw storageFailure("lookup", error);
    }
  }
}
