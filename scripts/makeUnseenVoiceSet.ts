/**
 * Writes the evaluation set `unseen`: whole-surah recordings of voices no shipped model was trained
 * on, from the whole-recording repositories DEVELOPERS.md lists (snapshots fetched with the search
 * tool's `fetch` into /work/.mirror/<owner>+<name>/repo). The surah of each file is its name
 * (SSS.mp3); its ayah times are unknown, so `npm run eval -- evalsets/unseen` scores what can be
 * scored without them: surah identified with no hint, and the number of its ayahs found (missing /
 * extra), per item and per voice (the id's prefix).
 *
 *   node --import tsx scripts/makeUnseenVoiceSet.ts [--mirror /work/.mirror] [--out evalsets/unseen] [--per-voice 6]
 *
 * Per voice: al-Fatiha when present, then an even spread of the other surah files. Voices whose
 * snapshot is missing are skipped with a note. The recordings are copied out of the git snapshots
 * into the git-ignored output folder (never commit them); needs ffprobe (apt-get install ffmpeg).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { EvalItem } from "../src/eval/evalSetTransforms.ts";

interface Voice { id: string; repo: string; folder: string; note: string }

/** zyadabdelftah/sadaka is the project's held-out voice; none of these is in any training cache. */
const VOICES: Voice[] = [
  { id: "qasm", repo: "kep-sticker+myquran", folder: "qasm", note: "kep-sticker/myquran qasm/" },
  { id: "mzroyee", repo: "kep-sticker+myquran", folder: "mzroyee", note: "kep-sticker/myquran mzroyee/" },
  { id: "fahadin", repo: "Fahadin+quran", folder: "audio", note: "Fahadin/quran" },
  { id: "noisy", repo: "abderahmanrahmoun+quran-audio-apii", folder: "", note: "abderahmanrahmoun/quran-audio-apii (noisy)" },
  { id: "reverb", repo: "HassanAliAbdelhamed+Wahby", folder: "", note: "HassanAliAbdelhamed/Wahby (reverberant)" },
  { id: "shihab", repo: "ShihabGV+ShihabGV", folder: "", note: "ShihabGV/ShihabGV" },
  { id: "ajitiok", repo: "ajitiok+quran30Player", folder: "assets", note: "ajitiok/quran30Player" },
  { id: "zyad", repo: "zyadabdelftah+sadaka", folder: "", note: "zyadabdelftah/sadaka (held-out voice)" },
];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const mirrorRoot = path.resolve(arg("--mirror", "/work/.mirror"));
const outDir = path.resolve(arg("--out", "evalsets/unseen"));
const perVoice = Number(arg("--per-voice", "6"));

/**
 * Surah files (SSS.mp3, 1-114) directly inside `folder` of the snapshot whose blob it holds (the
 * snapshots lack their largest files), by surah.
 */
function surahFiles(gitDir: string, folder: string): Map<number, string> {
  const listing = execFileSync("git", ["-C", gitDir, "ls-tree", "HEAD", folder ? `${folder}/` : "."]).toString();
  const entries = listing.split("\n").filter(Boolean).map((line) => {
    const [meta, file] = line.split("\t");
    return { objectId: meta.split(" ")[2], file };
  });
  const present = execFileSync("git", ["-C", gitDir, "cat-file", "--batch-check"], { input: entries.map((e) => e.objectId).join("\n") + "\n" })
    .toString().split("\n").filter((line) => line && !line.endsWith("missing")).map((line) => line.split(" ")[0]);
  const held = new Set(present);
  const files = new Map<number, string>();
  for (const { objectId, file } of entries) {
    const match = /(?:^|\/)(\d{3})\.mp3$/.exec(file);
    const surah = match ? Number(match[1]) : 0;
    if (surah >= 1 && surah <= 114 && held.has(objectId)) files.set(surah, file);
  }
  return files;
}

/** al-Fatiha if present, then `count` - 1 surahs spread evenly over the rest. */
function pick(surahs: number[], count: number): number[] {
  const rest = surahs.filter((s) => s !== 1);
  const chosen = surahs.includes(1) ? [1] : [];
  const wanted = Math.min(rest.length, count - chosen.length);
  for (let k = 0; k < wanted; k++) chosen.push(rest[Math.floor(((k + 0.5) * rest.length) / wanted)]);
  return chosen;
}

function probeDurationSeconds(file: string): number {
  return Number(execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]).toString().trim());
}

mkdirSync(outDir, { recursive: true });
const items: EvalItem[] = [];
for (const voice of VOICES) {
  const gitDir = path.join(mirrorRoot, voice.repo, "repo");
  if (!existsSync(gitDir)) {
    console.log(`${voice.id}: no snapshot at ${gitDir} (fetch github:${voice.repo.replace("+", "/")}), skipped`);
    continue;
  }
  const files = surahFiles(gitDir, voice.folder);
  for (const surah of pick([...files.keys()].sort((a, b) => a - b), perVoice)) {
    const id = `${voice.id}-${String(surah).padStart(3, "0")}`;
    const audio = `${id}.mp3`;
    writeFileSync(path.join(outDir, audio), execFileSync("git", ["-C", gitDir, "show", `HEAD:${files.get(surah)}`], { maxBuffer: 1 << 28 }));
    items.push({ id, audio, kind: "whole-surah", surah, duration: Math.round(probeDurationSeconds(path.join(outDir, audio)) * 1000) / 1000 });
  }
  console.log(`${voice.id}: ${voice.note}, ${files.size} surah files, ${items.filter((i) => i.id.startsWith(`${voice.id}-`)).length} taken`);
}
writeFileSync(path.join(outDir, "manifest.json"), JSON.stringify({ name: "unseen", items }, null, 1));
console.log(`unseen: ${items.length} items, ${(items.reduce((sum, i) => sum + i.duration, 0) / 60).toFixed(1)} min`);
