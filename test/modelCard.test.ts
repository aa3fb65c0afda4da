import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, existsSync } from "node:fs";
import { checkAlphabetMatchesTextRules, loadModelCard, parseModelCard } from "../src/model/modelCard.ts";
import { loadTextRules, parseTextRules } from "../src/quran/spokenText.ts";

const tinyCardUrl = new URL("./fixtures/generated/tiny-ctc.json", import.meta.url);
const realCardUrl = new URL("../models/quran-ctc-v1.json", import.meta.url);
const rulesUrl = new URL("../models/quran-text-rules.json", import.meta.url);
const tinyCard = () => JSON.parse(readFileSync(tinyCardUrl, "utf8"));

test("parses the generated tiny card", () => {
  const card = loadModelCard(tinyCardUrl);
  assert.is(card.subsamplingFactor, 4);
  assert.is(card.receptiveFieldFrames, 85);
  assert.is(card.alphabet[1], " ");
  assert.is(card.features.melBinCount, 80);
  assert.is(card.unseenReciterCer, null);
  checkAlphabetMatchesTextRules(card, loadTextRules(rulesUrl));
});

test("errors name the card field at fault", () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ alphabet: [" ", "<blank>", "ا"] }, /"alphabet" \[0\] must be "<blank>"/],
    [{ alphabet: ["<blank>", " ", "ا", "ا"] }, /"alphabet" has the symbol "ا" twice/],
    [{ output_frame_seconds: 0.035 }, /"output_frame_seconds" must be a whole multiple/],
    [{ output_frame_seconds: "0.04" }, /"output_frame_seconds" must be a positive number/],
    [{ receptive_field_frames: 85.5 }, /"receptive_field_frames" must be an integer/],
    [{ receptive_field_frames: undefined }, /"receptive_field_frames"/],
    [{ chunk_context_frames: 86 }, /"chunk_context_frames" must be an integer from 0 to receptive_field_frames \(85\)/],
    [{ chunk_context_frames: 10.5 }, /"chunk_context_frames"/],
    [{ text_rules: 3 }, /"text_rules"/],
    [{ features: { ...tinyCard().features, n_mels: 64 } }, /"features.n_mels" must be 80/],
    [{ features: { ...tinyCard().features, name: "mfcc" } }, /"features.name" must be "logmel80-v1"/],
    [{ features: { name: "logmel80-v1" } }, /"features.sample_rate" is missing/],
    [{ name: "" }, /"name"/],
  ];
  for (const [override, message] of cases) assert.throws(() => parseModelCard({ ...tinyCard(), ...override }), message);
});

test("accepts the trainer's features block (training/make_card.py names) and checks its settings", () => {
  const trainerFeatures = {
    name: "logmel80-v1", sample_rate_hz: 16000, window_samples: 400, hop_samples: 160, n_fft: 512, window: "periodic hann, zero-padded at the end",
    center: false, power: 2, n_mels: 80, f_min_hz: 0.0, f_max_hz: 8000.0, mel_scale: "htk", mel_norm: null, log: "ln(max(mel, 1e-10))",
  };
  assert.is(parseModelCard({ ...tinyCard(), features: trainerFeatures }).features.hopSamples, 160);
  assert.throws(() => parseModelCard({ ...tinyCard(), features: { ...trainerFeatures, center: true } }), /"features.center" must be false/);
  assert.throws(() => parseModelCard({ ...tinyCard(), features: { ...trainerFeatures, mel_scale: "slaney" } }), /"features.mel_scale"/);
  assert.throws(() => parseModelCard({ ...tinyCard(), features: { ...trainerFeatures, hop_samples: 320 } }), /"features.hop_samples" must be 160/);
});

test("alphabet must equal the text rules' letters", () => {
  const card = parseModelCard({ ...tinyCard(), alphabet: ["<blank>", " ", "ا", "ب"] });
  const rules = parseTextRules({ name: "r", wordSeparators: [" "], combining: [], wordReplacements: {}, markedLetterDeletions: [], charMap: {}, deleteChars: [], letters: ["ا", "ت"] });
  assert.throws(() => checkAlphabetMatchesTextRules(card, rules), /missing \[ت\], extra \[ب\]/);
});

test("the shipped card models/quran-ctc-v1.json validates (when present)", () => {
  if (!existsSync(realCardUrl)) return console.log("  (skipped: models/quran-ctc-v1.json not written yet)");
  const card = loadModelCard(realCardUrl);
  checkAlphabetMatchesTextRules(card, loadTextRules(rulesUrl));
  assert.is(card.subsamplingFactor, 4);
});

test.run();
