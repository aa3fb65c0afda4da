import { test } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, loadConfig } from "../src/config.ts";

test("defaults: port 8000, ./data, 1 GB upload limit, 240-minute recordings, any CORS origin, 1 worker, no retention", () => {
  const config = loadConfig({}, "/srv/app");
  assert.equal(config, {
    port: 8000, host: "0.0.0.0", dataDir: "/srv/app/data", uploadLimitBytes: 1024 ** 3, maxAudioMinutes: 240, corsOrigins: "*",
    workers: 1, modelThreads: undefined, retentionHours: 0,
    createDataDir: true, apiKeys: [], submitRateLimitPerMinute: 60,
    databaseUrl: undefined, jobStallTimeoutSeconds: 60, jobMaxAttempts: 3,
    storageUrl: undefined, s3Endpoint: undefined, s3Region: undefined, storagePresign: false, role: "all",
  });
});

test("values from the environment", () => {
  const config = loadConfig({
    PORT: "9000", DATA_DIR: "/var/qs", UPLOAD_LIMIT_BYTES: "1048576", MAX_AUDIO_MINUTES: "90", CORS_ORIGINS: "https://a.example, http://b.example:8080",
  }, "/srv/app");
  assert.is(config.maxAudioMinutes, 90);
  assert.is(loadConfig({ WORKERS: "2", RETENTION_HOURS: "48" }).workers, 2);
  assert.is(loadConfig({ RETENTION_HOURS: "48" }).retentionHours, 48);
  assert.is(loadConfig({ MODEL_THREADS: "3" }).modelThreads, 3);
  assert.is(loadConfig({ MODEL_THREADS: " Auto " }).modelThreads, undefined, "auto leaves the count to the worker pool");
  assert.is(config.port, 9000);
  assert.is(config.dataDir, "/var/qs");
  assert.is(config.uploadLimitBytes, 1048576);
  assert.equal(config.corsOrigins, ["https://a.example", "http://b.example:8080"]);
  assert.is(config.createDataDir, false, "an explicit DATA_DIR must exist");
});

test("API_KEY: one or several comma-separated keys; SUBMIT_RATE_LIMIT_PER_MINUTE: 0 turns it off", () => {
  const config = loadConfig({ API_KEY: " 0123456789abcdef , second-key-0123456789 ", SUBMIT_RATE_LIMIT_PER_MINUTE: "0" });
  assert.equal(config.apiKeys, ["0123456789abcdef", "second-key-0123456789"]);
  assert.is(config.submitRateLimitPerMinute, 0);
});

test("DATABASE_URL selects PostgreSQL; JOB_STALL_TIMEOUT_SECONDS and JOB_MAX_ATTEMPTS tune its stalled-job recovery", () => {
  const config = loadConfig({ DATABASE_URL: " postgres://qs:secret@db:5432/qs ", JOB_STALL_TIMEOUT_SECONDS: "30", JOB_MAX_ATTEMPTS: "5" });
  assert.is(config.databaseUrl, "postgres://qs:secret@db:5432/qs");
  assert.is(config.jobStallTimeoutSeconds, 30);
  assert.is(config.jobMaxAttempts, 5);
  assert.throws(() => loadConfig({ DATABASE_URL: "mysql://qs:secret@db/qs" }), (error: Error) =>
    /^DATABASE_URL must be a PostgreSQL URL/.test(error.message) && !error.message.includes("secret"));
  assert.throws(() => loadConfig({ JOB_MAX_ATTEMPTS: "0" }), /^JOB_MAX_ATTEMPTS must be an integer between 1 and 100/);
});

test("STORAGE_URL selects an S3 bucket; the AWS variables and STORAGE_PRESIGN configure it", () => {
  const config = loadConfig({ STORAGE_URL: "s3://qs-audio/prod", AWS_ENDPOINT_URL_S3: "http://minio:9000", AWS_REGION: "eu-west-1", STORAGE_PRESIGN: "1" });
  assert.equal([config.storageUrl, config.s3Endpoint, config.s3Region, config.storagePresign], ["s3://qs-audio/prod", "http://minio:9000", "eu-west-1", true]);
  assert.throws(() => loadConfig({ STORAGE_URL: "/var/files" }), /^STORAGE_URL must be like s3:\/\/bucket\/prefix/);
  assert.throws(() => loadConfig({ STORAGE_PRESIGN: "yes" }), /^STORAGE_PRESIGN must be 1 or 0/);
});

test("ROLE: all by default; api and worker only with DATABASE_URL and STORAGE_URL", () => {
  const shared = { DATABASE_URL: "postgres://db/qs", STORAGE_URL: "s3://qs-audio" };
  assert.is(loadConfig({ ...shared, ROLE: "api" }).role, "api");
  assert.is(loadConfig({ ...shared, ROLE: "worker" }).role, "worker");
  assert.throws(() => loadConfig({ ROLE: "worker", DATABASE_URL: "postgres://db/qs" }), /^ROLE=worker needs DATABASE_URL \(PostgreSQL\) and STORAGE_URL/);
  assert.throws(() => loadConfig({ ...shared, ROLE: "both" }), /^ROLE must be one of all, api, worker/);
});

test("invalid values fail with a message naming the option", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: "abc" }, /^PORT must be an integer between 0 and 65535, got "abc"$/],
    [{ PORT: "70000" }, /^PORT must be/],
    [{ UPLOAD_LIMIT_BYTES: "1GB" }, /^UPLOAD_LIMIT_BYTES must be an integer/],
    [{ UPLOAD_LIMIT_BYTES: "0" }, /^UPLOAD_LIMIT_BYTES must be an integer/],
    [{ MAX_AUDIO_MINUTES: "0" }, /^MAX_AUDIO_MINUTES must be an integer between 1 and 1440/],
    [{ WORKERS: "0" }, /^WORKERS must be an integer between 1 and 32, got "0"$/],
    [{ WORKERS: "two" }, /^WORKERS must be an integer/],
    [{ MODEL_THREADS: "0" }, /^MODEL_THREADS must be an integer between 1 and 16 or "auto", got "0"$/],
    [{ MODEL_THREADS: "many" }, /^MODEL_THREADS must be an integer between 1 and 16 or "auto"/],
    [{ RETENTION_HOURS: "1.5" }, /^RETENTION_HOURS must be an integer between 0 and 87600, got "1.5"$/],
    [{ RETENTION_HOURS: "-1" }, /^RETENTION_HOURS must be an integer/],
    [{ CORS_ORIGINS: "example.com" }, /^CORS_ORIGINS must be "\*" or a comma-separated list/],
    [{ API_KEY: "short" }, /^API_KEY must be one or more comma-separated keys of at least 16 .*; key 1 is not$/],
    [{ API_KEY: "0123456789abcdef,0123456789 abcdef" }, /^API_KEY must .*; key 2 is not$/],
    [{ SUBMIT_RATE_LIMIT_PER_MINUTE: "-1" }, /^SUBMIT_RATE_LIMIT_PER_MINUTE must be an integer between 0 and 1000000/],
  ];
  for (const [env, message] of cases) {
    try {
      loadConfig(env);
      assert.unreachable(`${JSON.stringify(env)} should be rejected`);
    } catch (error) {
      assert.instance(error, ConfigError);
      assert.match((error as Error).message, message);
    }
  }
});

test.run();
