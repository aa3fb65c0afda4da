/** `s3://bucket/prefix` (STORAGE_URL) and `s3://bucket/key` (the references kept in job rows). */

export interface S3Location {
  bucket: string;
  /** Key prefix without a leading slash; "" or ending in "/". */
  prefix: string;
}

const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/** Null when `url` is not an s3:// URL with a valid bucket name. */
export function parseS3Url(url: string): S3Location | null {
  const match = S3_URL.exec(url.trim());
  if (!match) return null;
  const prefix = (match[2] ?? "").replace(/^\/+|\/+$/g, "");
  return { bucket: match[1], prefix: prefix === "" ? "" : `${prefix}/` };
}

export function s3Reference(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** The bucket and key of a reference; null for anything else (a local path). */
export function parseS3Reference(reference: string): { bucket: string; key: string } | null {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(reference);
  return match ? { bucket: match[1], key: match[2] } : null;
}
