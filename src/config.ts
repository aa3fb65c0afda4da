/**
 * Service configuration from environment variables, validated once at start-up so a typo fails
 * loudly with the option's name instead of surfacing later as an odd runtime error.
 */
import path from "node:path";
import { MAX_MODEL_THREADS } from "./pipeline/modelThreads.ts";
import { parseS3Url } from "./storage/s3Location.ts";

export interface ServiceConfig {
  /** TCP port; 0 asks the OS for a free one (tests). */
  port: number;
  host: string;
  /** Absolute path; holds jobs.db, uploads/ and results/. */
  dataDir: string;
  uploadLimitBytes: number;
  /** Longest recording a job processes; a longer one fails with a message (memory grows with length). */
  maxAudioMinutes: number;
  /** "*" = any origin, otherwise the exact origins allowed to call the API from a browser. */
  corsOrigins: "*" | string[];
  /** Worker threads, each running one job at a time (WORKERS, default 1). */
  workers: number;
  /** MODEL_THREADS: the acoustic model's threads in each worker; undefined = `auto` (the cores per worker, at most 4). */
  modelThreads?: number;
  /** Finished jobs older than this are deleted by an hourly sweep; 0 = keep them (RETENTION_HOURS, default off). */
  retentionHours: number;
  /** DATA_DIR was not set: the default ./data is created when missing (an explicit one must exist). */
  createDataDir: boolean;
  /** API_KEY: empty = no authentication; otherwise any of these keys opens every non-public route. */
  apiKeys: string[];
  /** SUBMIT_RATE_LIMIT_PER_MINUTE: uploads one client may send per minute; 0 = unlimited. */
  submitRateLimitPerMinute: number;
  /** DATABASE_URL=postgres://…: jobs live in that PostgreSQL database (many nodes); absent = SQLite in DATA_DIR. */
  databaseUrl?: string;
  /** JOB_STALL_TIMEOUT_SECONDS (PostgreSQL): a processing job whose worker stopped beating this long is retried. */
  jobStallTimeoutSeconds?: number;
  /** JOB_MAX_ATTEMPTS (PostgreSQL): claims of one job before a stalled job is failed instead of retried. */
  jobMaxAttempts?: number;
  /** STORAGE_URL=s3://bucket/prefix: uploads and results live in that bucket; absent = DATA_DIR. */
  storageUrl?: string;
  /** AWS_ENDPOINT_URL_S3: a non-AWS S3 server (addressed path-style). */
  s3Endpoint?: string;
  /** AWS_REGION (default us-east-1, which local S3 servers accept). */
  s3Region?: string;
  /** STORAGE_PRESIGN=1: result downloads redirect to a pre-signed bucket URL. */
  storagePresign?: boolean;
  /**
   * ROLE: `all` (default) serves HTTP and runs jobs; `api` serves HTTP only (no worker pool);
   * `worker` runs jobs only (no HTTP server). Split roles need DATABASE_URL and STORAGE_URL.
   */
  role?: NodeRole;
}

export type NodeRole = "all" | "api" | "worker";
export const NODE_ROLES: readonly NodeRole[] = ["all", "api", "worker"];

export const DEFAULT_JOB_STALL_TIMEOUT_SECONDS = 60;
export const DEFAULT_JOB_MAX_ATTEMPTS = 3;

export class ConfigError extends Error {
  override name = "ConfigError";
}

const DEFAULT_UPLOAD_LIMIT_BYTES = 1024 * 1024 * 1024;
/**
 * 4 h: al-Baqara read slowly fits. A job's memory grows with length (16 kHz PCM 3.8 MB and log-mel
 * features 1.9 MB per minute; measured peak 575 MB for a 22-minute file), so small servers lower it.
 */
const DEFAULT_MAX_AUDIO_MINUTES = 240;
/** Each worker holds a job's audio and model (~0.5 GB for a 20-minute file); more than 32 is a typo. */
const MAX_WORKERS = 32;
/** Ten years: anything longer is a typo for "keep". */
const MAX_RETENTION_HOURS = 24 * 365 * 10;

function parseIntegerOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/** An integer option that also takes `auto`: unset, empty or `auto` (any case) → undefined. */
function parseIntegerOrAutoOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined || raw.trim() === "" || raw.trim().toLowerCase() === "auto") return undefined;
  try {
    return parseIntegerOption(name, raw, min, min, max);
  } catch {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} or "auto", got "${raw}"`);
  }
}

function parseCorsOrigins(raw: string | undefined): "*" | string[] {
  if (raw === undefined || raw.trim() === "" || raw.trim() === "*") return "*";
  const origins = raw.split(",").map((origin) => origin.trim()).filter((origin) => origin !== "");
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        `CORS_ORIGINS must be "*" or a comma-separated list of origins like "https://example.com", got "${origin}"`,
      );
    }
  }
  return origins;
}

/** Shortest key accepted: a short key can be guessed by trying (the rate limit covers uploads only). */
export const MIN_API_KEY_LENGTH = 16;

function parseApiKeys(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return [];
  const keys = raw.split(",").map((key) => key.trim()).filter((key) => key !== "");
  for (const [index, key] of keys.entries()) {
    if (key.length < MIN_API_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
      // Never echo a key into the log: name its position only.
      throw new ConfigError(
        `API_KEY must be one or more comma-separated keys of at least ${MIN_API_KEY_LENGTH} printable ASCII characters without spaces; key ${index + 1} is not`,
      );
    }
  }
  return keys;
}

const DEFAULT_SUBMIT_RATE_LIMIT_PER_MINUTE = 60;

function parseStorageUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  if (!parseS3Url(raw)) throw new ConfigError(`STORAGE_URL must be like s3://bucket/prefix, got "${raw}"`);
  return raw.trim();
}

function parseRole(raw: string | undefined, databaseUrl: string | undefined, storageUrl: string | undefined): NodeRole {
  const role = (raw?.trim() || "all") as NodeRole;
  if (!NODE_ROLES.includes(role)) throw new ConfigError(`ROLE must be one of ${NODE_ROLES.join(", ")}, got "${raw}"`);
  if (role !== "all" && (!databaseUrl || !storageUrl)) {
    // Separate API and worker processes share jobs and files only through PostgreSQL and a bucket.
    throw new ConfigError(`ROLE=${role} needs DATABASE_URL (PostgreSQL) and STORAGE_URL (S3): API and worker nodes share jobs and files through them`);
  }
  return role;
}

function parseFlag(name: string, raw: string | undefined): boolean {
  const value = raw?.trim() ?? "";
  if (value === "" || value === "0") return false;
  if (value === "1") return true;
  throw new ConfigError(`${name} must be 1 or 0, got "${raw}"`);
}

function parseDatabaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  if (!/^postgres(ql)?:\/\/\S+$/.test(raw.trim())) {
    // Never echo the value: it usually holds a password.
    throw new ConfigError("DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/database");
  }
  return raw.trim();
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ServiceConfig {
  const dataDirRaw = env.DATA_DIR?.trim() || "./data";
  const host = env.HOST?.trim() || "0.0.0.0";
  const databaseUrl = parseDatabaseUrl(env.DATABASE_URL);
  const storageUrl = parseStorageUrl(env.STORAGE_URL);
  return {
    port: parseIntegerOption("PORT", env.PORT, 8000, 0, 65535),
    host,
    dataDir: path.resolve(cwd, dataDirRaw),
    uploadLimitBytes: parseIntegerOption("UPLOAD_LIMIT_BYTES", env.UPLOAD_LIMIT_BYTES, DEFAULT_UPLOAD_LIMIT_BYTES, 1, Number.MAX_SAFE_INTEGER),
    maxAudioMinutes: parseIntegerOption("MAX_AUDIO_MINUTES", env.MAX_AUDIO_MINUTES, DEFAULT_MAX_AUDIO_MINUTES, 1, 24 * 60),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    workers: parseIntegerOption("WORKERS", env.WORKERS, 1, 1, MAX_WORKERS),
    modelThreads: parseIntegerOrAutoOption("MODEL_THREADS", env.MODEL_THREADS, 1, MAX_MODEL_THREADS),
    retentionHours: parseIntegerOption("RETENTION_HOURS", env.RETENTION_HOURS, 0, 0, MAX_RETENTION_HOURS),
    createDataDir: env.DATA_DIR === undefined || env.DATA_DIR.trim() === "",
    apiKeys: parseApiKeys(env.API_KEY),
    submitRateLimitPerMinute: parseIntegerOption(
      "SUBMIT_RATE_LIMIT_PER_MINUTE", env.SUBMIT_RATE_LIMIT_PER_MINUTE, DEFAULT_SUBMIT_RATE_LIMIT_PER_MINUTE, 0, 1_000_000,
    ),
    databaseUrl,
    jobStallTimeoutSeconds: parseIntegerOption(
      "JOB_STALL_TIMEOUT_SECONDS", env.JOB_STALL_TIMEOUT_SECONDS, DEFAULT_JOB_STALL_TIMEOUT_SECONDS, 1, 24 * 3600,
    ),
    jobMaxAttempts: parseIntegerOption("JOB_MAX_ATTEMPTS", env.JOB_MAX_ATTEMPTS, DEFAULT_JOB_MAX_ATTEMPTS, 1, 100),
    storageUrl,
    s3Endpoint: env.AWS_ENDPOINT_URL_S3?.trim() || undefined,
    s3Region: env.AWS_REGION?.trim() || undefined,
    storagePresign: parseFlag("STORAGE_PRESIGN", env.STORAGE_PRESIGN),
    role: parseRole(env.ROLE, databaseUrl, storageUrl),
  };
}
