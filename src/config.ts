/**
 * Service configuration from environment variables, validated once at start-up so a typo fails
 * loudly with the option's name instead of surfacing later as an odd runtime error.
 */
import path from "node:path";

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
  /** Finished jobs older than this are deleted by an hourly sweep; 0 = keep them (RETENTION_HOURS, default off). */
  retentionHours: number;
}

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

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ServiceConfig {
  const dataDirRaw = env.DATA_DIR?.trim() || "./data";
  const host = env.HOST?.trim() || "0.0.0.0";
  return {
    port: parseIntegerOption("PORT", env.PORT, 8000, 0, 65535),
    host,
    dataDir: path.resolve(cwd, dataDirRaw),
    uploadLimitBytes: parseIntegerOption("UPLOAD_LIMIT_BYTES", env.UPLOAD_LIMIT_BYTES, DEFAULT_UPLOAD_LIMIT_BYTES, 1, Number.MAX_SAFE_INTEGER),
    maxAudioMinutes: parseIntegerOption("MAX_AUDIO_MINUTES", env.MAX_AUDIO_MINUTES, DEFAULT_MAX_AUDIO_MINUTES, 1, 24 * 60),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    workers: parseIntegerOption("WORKERS", env.WORKERS, 1, 1, MAX_WORKERS),
    retentionHours: parseIntegerOption("RETENTION_HOURS", env.RETENTION_HOURS, 0, 0, MAX_RETENTION_HOURS),
  };
}

/** Paths of the runtime data, all under `dataDir`. */
export interface DataPaths {
  dataDir: string;
  dbPath: string;
  uploadsDir: string;
  resultsDir: string;
}

export function dataPathsOf(dataDir: string): DataPaths {
  return {
    dataDir,
    dbPath: path.join(dataDir, "jobs.db"),
    uploadsDir: path.join(dataDir, "uploads"),
    resultsDir: path.join(dataDir, "results"),
  };
}
