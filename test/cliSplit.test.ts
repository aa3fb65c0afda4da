// The CLI as a child process, from source (bin/quran-splitter.mjs → src/cli/cliMain.ts under tsx)
// and from the bundle copied alone into a temp dir (no node_modules): `split` on generated audio
// (zip and folder output, exports, the summary table, a failing file's reason and exit status,
// option errors, Ctrl-C clean-up), --help and --version; and, when the dev recordings are present,
// one real recording through the bundle's embedded model.
// Tone bursts with a surah hint are split by the pause baseline: the worker runs with no model
// (QURAN_SPLITTER_MODEL_DIR = an empty dir).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { strFromU8, unzipSync } from "fflate";
import packageJson from "../package.json" with { type: "json" };
import { createFfmpegCore } from "../src/audio/ffmpegCore.ts";
import type { RecordingMetadata } from "../src/pipeline/taskTypes.ts";
import { encodePattern, makeTempDir, surah112Pattern, synthesizePattern } from "./helpers/generateAudio.ts";
import { encodeWav16 } from "./helpers/wavFile.ts";
import { cliCommand, runCli, spawnCli, tableRows, type CliKind } from "./support/cliProcess.ts";
import { REPO_ROOT } from "./support/serviceProcess.ts";
import { copyBundleAlone } from "./support/singleFile.ts";

const KINDS: readonly CliKind[] = ["source", "bundle"];
const DEV_RECORDING = path.join(REPO_ROOT, "../shared/eval/dev/e112.mp3");
const SCRATCH_PREFIX = ".quran-splitter-tmp-";

let dir: string;
let bundleCopy: string;
let ikhlasMp3: string;
let noModelEnv: Record<string, string>;

test.before(async () => {
  dir = makeTempDir("qs-cli");
  const core = await createFfmpegCore();
  ikhlasMp3 = await encodePattern(core, surah112Pattern(), dir, "ikhlas", "mp3");
  // An image named .mp3: accepted by extension, refused by the decoder in the worker.
  fs.writeFileSync(path.join(dir, "picture.mp3"), Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
  fs.mkdirSync(path.join(dir, "no-model"));
  noModelEnv = { QURAN_SPLITTER_MODEL_DIR: path.join(dir, "no-model") };
  bundleCopy = copyBundleAlone("qs-cli-bundle");
});

test.after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bundleCopy), { recursive: true, force: true });
});

const command = (kind: CliKind): string[] => cliCommand(kind, bundleCopy);
const outDir = (kind: CliKind, name: string): string => path.join(dir, `out-${kind}-${name}`);

for (const kind of KINDS) {
  test(`${kind}: split to zips with --export; a non-audio and a missing file fail with their reasons, exit 1`, async () => {
    const out = outDir(kind, "zip");
    const result = await runCli(command(kind), [
      "split", ikhlasMp3, path.join(dir, "picture.mp3"), path.join(dir, "missing.wav"),
      "-o", out, "--surah", "112", "--export", "csv,srt,quran-foundation",
    ], { cwd: dir, env: noModelEnv });
    assert.is(result.code, 1, result.stderr);
    assert.equal(fs.readdirSync(out), ["ikhlas.zip"], "only the result: no scratch folder, no partial zip");

    const zip = unzipSync(fs.readFileSync(path.join(out, "ikhlas.zip")));
    assert.equal(Object.keys(zip).sort(), [
      "exports/ikhlas.csv", "exports/ikhlas.quran-foundation.json", "exports/ikhlas.srt", "metadata.json",
      "surah_112_ayah_000_basmala.mp3", "surah_112_ayah_001.mp3", "surah_112_ayah_002.mp3", "surah_112_ayah_003.mp3", "surah_112_ayah_004.mp3",
    ]);
    const metadata = JSON.parse(strFromU8(zip["metadata.json"])) as RecordingMetadata;
    assert.is(metadata.total_ayahs, 4);
    assert.match(strFromU8(zip["exports/ikhlas.srt"]), /^1\r?\n00:00:0/);
    assert.is(strFromU8(zip["exports/ikhlas.csv"]).trim().split("\n").length, 1 + metadata.ayahs.length, "a header and a row per ayah");

    const rows = tableRows(result.stdout);
    assert.is(rows.length, 3, result.stdout);
    assert.equal(rows[0].slice(0, 3), ["ikhlas.mp3", "112", "4"]);
    assert.match(rows[0][4], /^\d+(\.\d)?x$/, "x realtime");
    assert.is(rows[0][5], path.join(out, "ikhlas.zip"));
    assert.equal(rows[1].slice(0, 5), ["picture.mp3", "-", "-", "-", "-"]);
    assert.match(rows[1][5], /^FAILED: .*(audio|decod)/i, "the decoder's reason");
    assert.equal(rows[2], ["missing.wav", "-", "-", "-", "-", "FAILED: file not found"]);
    // Not a terminal: plain progress lines, one per stage, then each file's outcome.
    assert.match(result.stderr, /\[1\/3\] ikhlas\.mp3: decoding \(\d+%\)\n/);
    assert.match(result.stderr, /\[1\/3\] ikhlas\.mp3: done, 4 ayahs in /);
    assert.match(result.stderr, /\[2\/3\] picture\.mp3: FAILED: /);
    assert.match(result.stderr, /2 of 3 file\(s\) failed/);
  });

  test(`${kind}: --format dir --naming everyayah: a folder of SSSAAA.mp3 with the exports, exit 0`, async () => {
    const out = outDir(kind, "dir");
    const result = await runCli(command(kind), ["split", ikhlasMp3, "-o", out, "--surah", "112", "--format", "dir", "--naming", "everyayah", "--export", "audacity"],
      { cwd: dir, env: noModelEnv });
    assert.is(result.code, 0, result.stderr);
    assert.equal(fs.readdirSync(out), ["ikhlas"]);
    const folder = path.join(out, "ikhlas");
    // The recording's basmala is EveryAyah's 001001.mp3 (players play it before each surah).
    assert.equal(fs.readdirSync(folder).sort(), ["001001.mp3", "112001.mp3", "112002.mp3", "112003.mp3", "112004.mp3", "exports", "metadata.json"]);
    assert.equal(fs.readdirSync(path.join(folder, "exports")), ["ikhlas.audacity.txt"]);
    const metadata = JSON.parse(fs.readFileSync(path.join(folder, "metadata.json"), "utf8")) as RecordingMetadata;
    assert.equal(metadata.ayahs.map((ayah) => ayah.filename), ["001001.mp3", "112001.mp3", "112002.mp3", "112003.mp3", "112004.mp3"]);
    const labels = fs.readFileSync(path.join(folder, "exports/ikhlas.audacity.txt"), "utf8").trim().split("\n");
    assert.is(labels.length, 5);
    assert.match(labels[1], /^\d+\.\d{6}\t\d+\.\d{6}\t112:1$/);
    assert.is(tableRows(result.stdout)[0][5], folder);
  });

  test(`${kind}: bad arguments are refused before any work, naming the option`, async () => {
    const out = outDir(kind, "bad");
    const cases: [string[], RegExp][] = [
      [["--surah", "115"], /option '--surah <N>' argument '115' is invalid\. a surah is numbered 1 to 114/],
      [["--surah", "112", "--from-ayah", "9"], /--from-ayah 9: surah 112 has 4 ayahs/],
      [["--to-ayah", "2"], /--from-ayah and --to-ayah need --surah/],
      [["--surah", "112", "--from-ayah", "3", "--to-ayah", "2"], /--from-ayah \(3\) must not be greater than --to-ayah \(2\)/],
      [["--export", "csv,mp4"], /option '--export <formats>' argument 'csv,mp4' is invalid\. Unknown export format 'mp4'/],
      [["--format", "rar"], /option '--format <format>' argument 'rar' is invalid\. Allowed choices are zip, dir/],
      [["--surah", "two"], /option '--surah <N>' argument 'two' is invalid\. expected a whole number/],
      [["--fast"], /unknown option '--fast'/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(command(kind), ["split", ikhlasMp3, "-o", out, ...args], { cwd: dir, env: noModelEnv })));
    for (const [index, result] of results.entries()) {
      assert.is(result.code, 1, `${cases[index][0].join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, cases[index][1]);
    }
    const noFiles = await runCli(command(kind), ["split"], { cwd: dir, env: noModelEnv });
    assert.is(noFiles.code, 1);
    assert.match(noFiles.stderr, /missing required argument 'files'/);
    assert.not.ok(fs.existsSync(out), "no output folder made");
  });

  test(`${kind}: --version, --help of the program and of each command; a mistyped command is named`, async () => {
    const [version, help, splitHelp, serveHelp, typo] = await Promise.all([["--version"], ["--help"], ["split", "--help"], ["serve", "--help"], ["splt", "a.mp3"]]
      .map((args) => runCli(command(kind), args, { cwd: dir })));
    assert.is(typo.code, 1);
    assert.match(typo.stderr, /unknown command 'splt'\n\(Did you mean split\?\)/);
    assert.is(version.stdout.trim(), packageJson.version);
    assert.match(help.stdout, /Commands:\n\s+serve\s[\s\S]*\n\s+split \[options\] <files\.\.\.>/);
    for (const option of ["--output <dir>", "--surah <N>", "--from-ayah <A>", "--to-ayah <B>", "--format <format>", "--naming <naming>", "--export <formats>"]) {
      assert.ok(splitHelp.stdout.includes(option), `split --help lists ${option}`);
    }
    assert.match(serveHelp.stdout, /run the HTTP service/);
    assert.match(serveHelp.stdout, /--role <role>[\s\S]*choices: "all", "api", "worker"/);
    for (const result of [version, help, splitHelp, serveHelp]) assert.is(result.code, 0);
  });

  test(`${kind}: serve --role is checked: an unknown role is refused naming the option; api alone needs PostgreSQL and S3`, async () => {
    const [unknown, apiAlone] = await Promise.all([["serve", "--role", "cook"], ["serve", "--role", "api"]]
      .map((args) => runCli(command(kind), args, { cwd: dir, env: { ...noModelEnv, PORT: "0", DATA_DIR: dir, DATABASE_URL: "", STORAGE_URL: "" } })));
    assert.is(unknown.code, 1, unknown.stderr);
    assert.match(unknown.stderr, /option '--role <role>' argument 'cook' is invalid\. Allowed choices are all, api, worker/);
    assert.is(apiAlone.code, 2, apiAlone.stderr);
    assert.match(apiAlone.stderr, /ROLE=api needs DATABASE_URL \(PostgreSQL\) and STORAGE_URL \(S3\)/);
  });

  test(`${kind}: Ctrl-C mid-split removes the scratch folder and exits 130`, async () => {
    // Ten minutes of bursts with a hint they can hold (surah 36 is ~12 minutes recited), so the
    // split is surely still running when the signal comes.
    const long = synthesizePattern(Array.from({ length: 200 }, () => ({ toneSeconds: 2, silenceSeconds: 1 })), { sampleRateHz: 16000 });
    const wavPath = path.join(dir, `long-${kind}.wav`);
    fs.writeFileSync(wavPath, encodeWav16(long.samples, long.sampleRateHz));
    const out = outDir(kind, "interrupted");
    const cli = spawnCli(command(kind), ["split", wavPath, "-o", out, "--surah", "36"], { cwd: dir, env: noModelEnv });
    const scratch = (): string[] => (fs.existsSync(out) ? fs.readdirSync(out).filter((name) => name.startsWith(SCRATCH_PREFIX)) : []);
    const deadlineMs = Date.now() + 60_000;
    while (!/: decoding/.test(cli.stderr()) && Date.now() < deadlineMs) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.is(scratch().length, 1, `the split is running with its scratch folder: ${cli.stderr()}`);
    cli.child.kill("SIGINT");
    const result = await cli.done;
    assert.is(result.code, 130, result.stderr);
    assert.match(result.stderr, /interrupted, its scratch files removed/);
    assert.equal(fs.readdirSync(out), [], "no scratch folder, no partial result");
  });
}

test("bundle: runs as an executable (shebang, mode 755)", () => {
  assert.is(execFileSync(bundleCopy, ["--version"], { encoding: "utf8" }).trim(), packageJson.version);
});

test("bundle: a dev recording (e112) with the embedded model, no hint: surah 112, basmala + 4 ayahs", async () => {
  if (!fs.existsSync(DEV_RECORDING)) {
    console.log(`  (skipped: ${DEV_RECORDING} is not here; the dev recordings are not part of the repository)`);
    return;
  }
  const out = outDir("bundle", "dev");
  const result = await runCli(command("bundle"), ["split", DEV_RECORDING, "-o", out, "--format", "dir"], { cwd: dir });
  assert.is(result.code, 0, result.stderr);
  const metadata = JSON.parse(fs.readFileSync(path.join(out, "e112/metadata.json"), "utf8")) as RecordingMetadata;
  assert.equal(metadata.ayahs.map((ayah) => `${ayah.surah_number}:${ayah.ayah_number}`), ["112:0", "112:1", "112:2", "112:3", "112:4"]);
  assert.is(metadata.total_ayahs, 4);
  assert.equal(tableRows(result.stdout)[0].slice(0, 3), ["e112.mp3", "112", "4"]);
});

test.run();
