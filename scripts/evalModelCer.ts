/**
 * Greedy CER of the acoustic model on a manifest of whole recordings (e.g. ../shared/eval/dev),
 * measured through the TS runtime exactly as the service runs it (ffmpeg.wasm decode → logmel80-v1
 * → chunked onnxruntime-web inference → greedy CTC):
 *   node --import tsx scripts/evalModelCer.ts ../shared/eval/dev [--card models/quran-ctc-v1.json] [--tempo 1,0.9,adaptive] [--breakdown] [--ayah-audio] [--cut-shifts=-0.04,-0.08]
 * Per item: CER of the whole recording against the spoken text of its expected ayahs, and per-ayah
 * CER (posteriors of the whole recording cut at the manifest's ayah boundaries, each frame on the side
 * of its instant as the recognizer times it: src/model/posteriorSlice.ts), pooled as total
 * edits / total letters. The per-ayah figure counts ayahs as training/eval_dev.py does (each
 * (surah, ayah) once, the basmala once, the last ayah of a cut-off item skipped), so it compares
 * with that script's "whole_norm" figure (which runs the model per ayah instead).
 * For each tempo factor it also prints two label-free statistics (greedy letters per second and the
 * mean best log-probability of non-blank frames) to study how a per-recording factor could be chosen.
 * --breakdown: where the per-ayah edits of the first tempo factor come from (deletions, insertions,
 * substitutions, word boundaries, the CER without word boundaries, the most frequent edits).
 * --ayah-audio: also the per-ayah CER with the model run on each ayah's audio alone (normalized per
 * ayah, as training/eval_dev.py's per_ayah_norm), so no letter is lost or gained because CTC emitted
 * it on the far side of a cut.
 * --cut-shifts: a diagnostic, not a figure to report as the CER: the per-ayah CER with every cut of the
 * manifest moved by each shift (seconds, negative = earlier). CTC may emit an ayah's first letter in
 * the pause before its sound, i.e. before a cut placed where the sound starts; a CER that falls
 * steeply for a shift of a frame or two says the letters were heard and only their timing crosses the cut.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createFfmpegCore } from "../src/audio/ffmpegCore.ts";
import { decodeAudioFile } from "../src/audio/audioDecode.ts";
import { loadCtcModel, type CtcModel } from "../src/model/ctcModel.ts";
import { computeLetterPosteriors, type LetterPosteriors } from "../src/model/ctcPosteriors.ts";
import { slicePosteriors } from "../src/model/posteriorSlice.ts";
import { bestPathIndices, greedyDecode } from "../src/model/greedyDecode.ts";
import { editDistance, editOperations, type EditOperation } from "../src/model/characterErrorRate.ts";
import { spokenAyahText } from "../src/quran/spokenText.ts";

interface ExpectedAyah { surah: number; ayah: number; start: number; end: number }
interface ManifestItem { id: string; audio: string; kind: string; expected?: ExpectedAyah[]; cut_off_end?: boolean }

interface ErrorCount { edits: number; letters: number }
const rate = (count: ErrorCount) => (count.letters === 0 ? 0 : count.edits / count.letters);
const pct = (value: number) => `${(100 * value).toFixed(1)} %`;

function ayahReference(model: CtcModel, expected: ExpectedAyah): string {
  return spokenAyahText(model.textRules, expected.surah, expected.ayah).spoken;
}

/** Label-free statistics: greedy letters per second, mean best log-prob over non-blank best frames. */
function tempoStatistics(posteriors: LetterPosteriors, text: string, durationSeconds: number): string {
  const best = bestPathIndices(posteriors);
  let sum = 0;
  let count = 0;
  best.forEach((symbol, frame) => {
    if (symbol !== 0) { sum += posteriors.logProbs[frame * posteriors.vocabSize + symbol]; count++; }
  });
  const letters = text.replace(/ /g, "").length;
  return `letters/s ${(letters / durationSeconds).toFixed(2)}, non-blank mean best logp ${(count ? sum / count : 0).toFixed(3)}`;
}

/** Edits pooled over ayahs: by kind and by symbol, and the letters-only distance (word boundaries removed). */
class EditBreakdown {
  private readonly counts = new Map<string, number>();
  private lettersOnly = { edits: 0, letters: 0 };

  add(hypothesis: string, reference: string): void {
    for (const operation of editOperations(hypothesis, reference)) this.count(operation);
    const [h, r] = [hypothesis.replaceAll(" ", ""), reference.replaceAll(" ", "")];
    this.lettersOnly = { edits: this.lettersOnly.edits + editDistance(h, r), letters: this.lettersOnly.letters + r.length };
  }

  private count(operation: EditOperation): void {
    const symbol = (letter: string) => (letter === " " ? "<space>" : letter);
    const key = operation.kind === "substitute" ? `${symbol(operation.reference)}→${symbol(operation.hypothesis)}`
      : operation.kind === "delete" ? `-${symbol(operation.reference)}` : `+${symbol(operation.hypothesis)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  lines(): string[] {
    const sum = (test: (key: string) => boolean) => [...this.counts].filter(([key]) => test(key)).reduce((total, [, n]) => total + n, 0);
    const total = sum(() => true);
    const boundary = sum((key) => key.includes("<space>"));
    const top = [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([key, n]) => `${key} ${n}`).join(", ");
    return [
      `BREAKDOWN ${total} edits: ${sum((k) => k.startsWith("-"))} deletions, ${sum((k) => k.startsWith("+"))} insertions, ${sum((k) => k.includes("→"))} substitutions; ${boundary} (${pct(boundary / Math.max(1, total))}) involve a word boundary`,
      `BREAKDOWN letters-only per-ayah CER ${pct(rate(this.lettersOnly))} (${this.lettersOnly.letters} letters)`,
      `BREAKDOWN most frequent: ${top}`,
    ];
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { card: { type: "string", default: "models/quran-ctc-v1.json" }, tempo: { type: "string", default: "1" }, breakdown: { type: "boolean", default: false }, "ayah-audio": { type: "boolean", default: false }, "cut-shifts": { type: "string", default: "" } },
});
const breakdown = values.breakdown ? new EditBreakdown() : null;
const manifestDir = positionals[0] ?? "../shared/eval/dev";
const manifest: { items: ManifestItem[] } = JSON.parse(readFileSync(path.join(manifestDir, "manifest.json"), "utf8"));
const model = await loadCtcModel({ cardPath: values.card! });
const ffmpeg = await createFfmpegCore();
const tempoFactors = values.tempo!.split(",").map((tempo) => (tempo === "adaptive" ? "adaptive" : Number(tempo)));
const scoredAyahs = new Set<string>();
const ayahAudioTotal = { edits: 0, letters: 0 };
const cutShifts = values["cut-shifts"] ? values["cut-shifts"].split(",").map(Number) : [];
const shiftedTotals = new Map(cutShifts.map((shift) => [shift, { edits: 0, letters: 0 }]));
const totals = new Map(tempoFactors.map((factor) => [factor, { whole: { edits: 0, letters: 0 }, ayah: { edits: 0, letters: 0 } }]));
for (const item of manifest.items) {
  if (!item.expected) continue;
  const audio = await decodeAudioFile(ffmpeg, path.join(manifestDir, item.audio));
  const wholeReference = item.expected.map((expected) => ayahReference(model, expected)).join(" ");
  const perAyah = (item.cut_off_end ? item.expected.slice(0, -1) : item.expected).filter((expected) => {
    const key = expected.ayah === 0 ? "basmala" : `${expected.surah}:${expected.ayah}`;
    return !scoredAyahs.has(key) && scoredAyahs.add(key);
  });
  for (const tempoFactor of tempoFactors) {
    const posteriors = await computeLetterPosteriors(audio.samples, audio.sampleRateHz, model, { tempo: tempoFactor });
    const hypothesis = greedyDecode(posteriors);
    const whole = { edits: editDistance(hypothesis, wholeReference), letters: wholeReference.length };
    const ayah = { edits: 0, letters: 0 };
    for (const expected of perAyah) {
      const reference = ayahReference(model, expected);
      const ayahHypothesis = greedyDecode(slicePosteriors(posteriors, expected.start, expected.end));
      ayah.edits += editDistance(ayahHypothesis, reference);
      ayah.letters += reference.length;
      if (tempoFactor !== tempoFactors[0]) continue;
      breakdown?.add(ayahHypothesis, reference);
      for (const [shift, sum] of shiftedTotals) {
        sum.edits += editDistance(greedyDecode(slicePosteriors(posteriors, expected.start + shift, expected.end + shift)), reference);
        sum.letters += reference.length;
      }
    }
    const total = totals.get(tempoFactor)!;
    for (const [sum, part] of [[total.whole, whole], [total.ayah, ayah]] as const) { sum.edits += part.edits; sum.letters += part.letters; }
    console.log(`${item.id} (${item.kind}, ${audio.durationSeconds.toFixed(0)} s) tempo ${tempoFactor} (${posteriors.tempo}): whole CER ${pct(rate(whole))}, per-ayah CER ${pct(rate(ayah))}; ${tempoStatistics(posteriors, hypothesis, audio.durationSeconds)}`);
  }
  if (values["ayah-audio"]) {
    for (const expected of perAyah) {
      const [from, to] = [expected.start, expected.end].map((seconds) => Math.round(seconds * audio.sampleRateHz));
      const posteriors = await computeLetterPosteriors(audio.samples.subarray(from, to), audio.sampleRateHz, model);
      const reference = ayahReference(model, expected);
      ayahAudioTotal.edits += editDistance(greedyDecode(posteriors), reference);
      ayahAudioTotal.letters += reference.length;
    }
  }
}
for (const [tempoFactor, total] of totals) {
  console.log(`ALL tempo ${tempoFactor}: whole-recording CER ${pct(rate(total.whole))}, per-ayah CER ${pct(rate(total.ayah))} (${total.ayah.letters} letters)`);
}
if (values["ayah-audio"]) console.log(`AYAH-AUDIO per-ayah CER ${pct(rate(ayahAudioTotal))}, the model run on each ayah's audio alone (${ayahAudioTotal.letters} letters)`);
for (const [shift, total] of shiftedTotals) console.log(`CUT-SHIFT ${shift} s (diagnostic): per-ayah CER ${pct(rate(total))}`);
for (const line of breakdown?.lines() ?? []) console.log(line);
await model.session.release();
