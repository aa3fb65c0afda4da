/**
 * Writes evaluation sets made from the dev recordings (and generated non-Quran audio) into a
 * git-ignored folder, each with a manifest.json of the dev manifest's shape, for `npm run eval`:
 *
 *   tempo1.3, tempo1.6, tempo0.8  dev at atempo 1.3 / 1.6 / 0.8 (hadr-like fast, slow)
 *   mujawwad                      atempo 0.7 and every pause stretched to 2.5x (at most +4 s)
 *   phone                         telephone band (300-3400 Hz) at 8 kHz
 *   kbps8                         8 kbit/s mp3 at 8 kHz
 *   hour                          one ~65-minute file: the dev items in a non-canonical order, once
 *                                 as recorded and once as a second "voice" (pitch up 12 %, 1.1x
 *                                 tempo), 0.8 s apart, with known boundaries (scored part by part)
 *   nonquran                      espeak-ng English speech, tones and a chord "melody", with and
 *                                 without hints, a 1.2 s snippet, and dev items with a wrong hint
 *
 * usage: node --import tsx scripts/makeEvalSets.ts [--dev ../shared/eval/dev] [--out evalsets] [--only tempo1.3,...]
 * Needs the ffmpeg and espeak-ng binaries (apt-get install ffmpeg espeak-ng): this script is a
 * developer tool; the service itself never runs them.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { energyDb, percentile, type ManifestItem } from "../src/eval/scoreMetrics.ts";
import { concatenateItems, quietRuns, retimeForTempo, retimeThroughInsertions, stretchPauses, type EvalItem } from "../src/eval/evalSetTransforms.ts";

const RATE = 16000;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const devDir = path.resolve(arg("--dev", "../shared/eval/dev"));
const outRoot = path.resolve(arg("--out", "evalsets"));
const only = process.argv.includes("--only") ? new Set(arg("--only", "").split(",")) : null;
const dev = (JSON.parse(readFileSync(path.join(devDir, "manifest.json"), "utf8")) as { items: ManifestItem[] }).items;

function ffmpeg(args: string[], input?: Buffer): Buffer {
  return execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args], { input, maxBuffer: 1 << 30 });
}

/** 16 kHz mono float PCM of a file, through an optional filter chain. */
function decodePcm(file: string, filter?: string): Float32Array {
  const raw = ffmpeg(["-i", file, ...(filter ? ["-af", filter] : []), "-ac", "1", "-ar", String(RATE), "-f", "f32le", "-"]);
  return new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4).slice();
}

function encodePcm(samples: Float32Array, outFile: string, encodeArgs: string[] = ["-b:a", "64k"]): void {
  ffmpeg(["-f", "f32le", "-ar", String(RATE), "-ac", "1", "-i", "-", ...encodeArgs, outFile], Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
}

function probeDurationSeconds(file: string): number {
  return Number(execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]).toString().trim());
}

function writeSet(name: string, items: EvalItem[]): void {
  writeFileSync(path.join(outRoot, name, "manifest.json"), JSON.stringify({ name, items }, null, 1));
  console.log(`${name}: ${items.length} items`);
}

function setDir(name: string): string {
  const dir = path.join(outRoot, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function tempoSet(tempo: number): void {
  const name = `tempo${tempo}`;
  const dir = setDir(name);
  writeSet(name, dev.map((item) => {
    ffmpeg(["-i", path.join(devDir, item.audio), "-filter:a", `atempo=${tempo}`, "-b:a", "64k", path.join(dir, item.audio)]);
    return retimeForTempo(item, tempo);
  }));
}

function mujawwadSet(): void {
  const dir = setDir("mujawwad");
  writeSet("mujawwad", dev.map((item) => {
    const slowed = decodePcm(path.join(devDir, item.audio), "atempo=0.7");
    const db = energyDb(slowed);
    const runs = quietRuns(db, percentile(db, 5), 0.15);
    const stretched = stretchPauses(slowed, RATE, runs, 2.5, 4);
    encodePcm(stretched.samples, path.join(dir, item.audio));
    return retimeThroughInsertions(retimeForTempo(item, 0.7), stretched.insertions, stretched.samples.length / RATE);
  }));
}

function codecSet(name: string, encodeArgs: string[]): void {
  const dir = setDir(name);
  writeSet(name, dev.map((item) => {
    const out = path.join(dir, item.audio);
    ffmpeg(["-i", path.join(devDir, item.audio), ...encodeArgs, out]);
    return { ...item, duration: Math.round(probeDurationSeconds(out) * 1000) / 1000 };
  }));
}

/** Non-canonical order; e078-cutoff is left out (its ayahs repeat e078's inside one voice). */
const HOUR_ORDER: [string, "a" | "b"][] = [
  ["e078", "a"], ["e112", "b"], ["e036", "a"], ["e001", "b"], ["e003-partial", "a"], ["e067", "b"], ["e113-114", "a"],
  ["e093", "b"], ["e002-partial", "a"], ["e036", "b"], ["e112", "a"], ["e067", "a"], ["e001", "a"], ["e078", "b"],
  ["e093", "a"], ["e002-partial", "b"], ["e113-114", "b"], ["e003-partial", "b"],
];
const VOICE_B_PITCH = 1.12;
const VOICE_B_TEMPO = 1.1;
const GAP_SECONDS = 0.8;

function hourSet(): void {
  const dir = setDir("hour");
  const pieces: Float32Array[] = [];
  const placed: { item: ManifestItem; offsetSeconds: number }[] = [];
  let offsetSamples = 0;
  for (const [id, voice] of HOUR_ORDER) {
    const source = dev.find((i) => i.id === id)!;
    const filter = voice === "b" ? `aresample=${RATE},asetrate=${Math.round(RATE * VOICE_B_PITCH)},aresample=${RATE},atempo=${(VOICE_B_TEMPO / VOICE_B_PITCH).toFixed(5)}` : undefined;
    const pcm = decodePcm(path.join(devDir, source.audio), filter);
    const item = voice === "b" ? retimeForTempo(source, VOICE_B_TEMPO) : source;
    placed.push({ item: { ...item, id: `${id}-${voice}`, duration: pcm.length / RATE }, offsetSeconds: offsetSamples / RATE });
    pieces.push(pcm, new Float32Array(Math.round(GAP_SECONDS * RATE)));
    offsetSamples += pcm.length + Math.round(GAP_SECONDS * RATE);
  }
  const all = new Float32Array(offsetSamples);
  let at = 0;
  for (const piece of pieces) { all.set(piece, at); at += piece.length; }
  encodePcm(all, path.join(dir, "hour.mp3"), ["-b:a", "48k"]);
  writeSet("hour", [concatenateItems("hour", placed, all.length / RATE)]);
}

const ENGLISH = "The weather report for tomorrow says that the morning will be cloudy, with light rain in the north. "
  + "In the afternoon the sun should come out, and temperatures will rise to about twenty degrees. "
  + "Please remember to bring the documents to the meeting on Thursday, and send me the figures before noon.";

/** Tones: a steady 440 Hz, a sweep and a chord "melody" of plucked notes. */
function tonePcm(seconds: number, melody: boolean): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  const notes = [261.6, 329.6, 392, 523.3, 392, 329.6];
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    if (melody) {
      const note = Math.floor(t / 0.4);
      const local = t - note * 0.4;
      const f = notes[note % notes.length];
      out[i] = 0.3 * Math.exp(-4 * local) * (Math.sin(2 * Math.PI * f * t) + 0.5 * Math.sin(4 * Math.PI * f * t) + 0.25 * Math.sin(6 * Math.PI * f * t));
    } else {
      const f = t < seconds / 2 ? 440 : 200 + 1800 * ((t - seconds / 2) / (seconds / 2));
      out[i] = 0.3 * Math.sin(2 * Math.PI * f * t) * (Math.floor(t) % 3 === 2 ? 0 : 1);
    }
  }
  return out;
}

function nonQuranSet(): void {
  const dir = setDir("nonquran");
  const wav = path.join(dir, "english.wav");
  execFileSync("espeak-ng", ["-v", "en", "-s", "150", "-w", wav, ENGLISH]);
  encodePcm(decodePcm(wav), path.join(dir, "english.mp3"));
  encodePcm(tonePcm(20, false), path.join(dir, "tones.mp3"));
  encodePcm(tonePcm(30, true), path.join(dir, "melody.mp3"));
  const e036 = dev.find((i) => i.id === "e036")!;
  encodePcm(decodePcm(path.join(devDir, e036.audio)).subarray(0, Math.round(1.2 * RATE)), path.join(dir, "short1s.mp3"));
  const none = (id: string, audio: string, hints?: EvalItem["hints"]): EvalItem => ({
    id, audio, kind: "non-quran", duration: Math.round(probeDurationSeconds(path.join(dir, audio)) * 1000) / 1000, expected: [], cut_off_end: false, expect: "no-ayahs", ...(hints ? { hints } : {}),
  });
  const wrongHint = (id: string, hints: EvalItem["hints"]): EvalItem => {
    const item = dev.find((i) => i.id === id)!;
    ffmpeg(["-i", path.join(devDir, item.audio), "-c", "copy", path.join(dir, item.audio)]);
    return { ...item, id: `${id}-hint${hints!.surah}`, kind: "wrong-hint", hints };
  };
  writeSet("nonquran", [
    none("english", "english.mp3"), none("english-hint112", "english.mp3", { surah: 112 }), none("english-hint1", "english.mp3", { surah: 1 }),
    none("tones", "tones.mp3"), none("tones-hint36", "tones.mp3", { surah: 36 }),
    none("melody", "melody.mp3"), none("melody-hint2", "melody.mp3", { surah: 2 }),
    { ...none("short1s-hint36", "short1s.mp3", { surah: 36 }), kind: "short", expect: undefined, expected: [{ surah: 36, ayah: 0, start: 0, end: 1.2 }], cut_off_end: true },
    { ...none("short1s", "short1s.mp3"), kind: "short", expect: undefined, expected: [{ surah: 36, ayah: 0, start: 0, end: 1.2 }], cut_off_end: true },
    wrongHint("e112", { surah: 2 }), wrongHint("e113-114", { surah: 36 }), wrongHint("e001", { surah: 1, from_ayah: 3, to_ayah: 7 }),
    wrongHint("e093", { surah: 94 }),
  ]);
}

const builders: Record<string, () => void> = {
  "tempo1.3": () => tempoSet(1.3),
  "tempo1.6": () => tempoSet(1.6),
  "tempo0.8": () => tempoSet(0.8),
  mujawwad: mujawwadSet,
  phone: () => codecSet("phone", ["-af", "highpass=f=300,lowpass=f=3400", "-ac", "1", "-ar", "8000", "-b:a", "24k"]),
  kbps8: () => codecSet("kbps8", ["-ac", "1", "-ar", "8000", "-b:a", "8k"]),
  hour: hourSet,
  nonquran: nonQuranSet,
};

for (const [name, build] of Object.entries(builders)) if (!only || only.has(name)) build();
