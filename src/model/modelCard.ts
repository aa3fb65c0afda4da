/**
 * The acoustic model's card (models/quran-ctc-v1.json, written by the trainer; see
 * /work/team/MODEL-CONTRACT.md), parsed into a typed `ModelCard` and checked against what this
 * runtime implements: "logmel80-v1" features, blank at index 0, word boundary at index 1, an output
 * step that is a whole number of feature hops, a receptive field for chunking. Every error names
 * the card field at fault, so a mismatched model fails at load time instead of producing garbage.
 */
import { readFileSync } from "node:fs";
import { LOGMEL80_V1, type LogMelConfig } from "../audio/logMel.ts";
import type { TextRules } from "../quran/spokenText.ts";

export const BLANK_SYMBOL = "<blank>";
export const WORD_BOUNDARY_SYMBOL = " ";

export interface ModelCard {
  name: string;
  /** Symbols in output index order: [0] = "<blank>", [1] = " ", then letters. */
  alphabet: readonly string[];
  features: Readonly<LogMelConfig>;
  outputFrameSeconds: number;
  /** Output frames are every `subsamplingFactor` feature frames (output_frame_seconds / hop). */
  subsamplingFactor: number;
  /** Input (feature) frames that influence one output frame. */
  receptiveFieldFrames: number;
  /**
   * Context frames each side of an inference chunk that make chunked outputs equal the unchunked
   * ones within float noise (the trained model's effective field, smaller than the theoretical
   * one); null → half the receptive field, exact by construction.
   */
  chunkContextFrames: number | null;
  /** File name of the text rules, relative to the card's directory. */
  textRulesFile: string;
  parameterCount: number | null;
  /** Greedy CER on a reciter never trained on, when the card reports it. */
  unseenReciterCer: number | null;
  heldoutCer: number | null;
}

/** Card spellings accepted for each feature parameter (the trainer writes torch-style names). */
const FEATURE_FIELD_ALIASES: ReadonlyArray<[keyof LogMelConfig, readonly string[]]> = [
  ["sampleRateHz", ["sample_rate", "sample_rate_hz", "sampleRateHz"]],
  ["windowSamples", ["win_length", "window_samples", "windowSamples", "win_length_samples"]],
  ["hopSamples", ["hop_length", "hop_samples", "hopSamples", "hop_length_samples"]],
  ["fftSize", ["n_fft", "fft_size", "fftSize"]],
  ["melBinCount", ["n_mels", "mel_bins", "melBinCount", "num_mel_bins"]],
  ["minFrequencyHz", ["f_min", "fmin", "f_min_hz", "minFrequencyHz"]],
  ["maxFrequencyHz", ["f_max", "fmax", "f_max_hz", "maxFrequencyHz"]],
  ["logFloor", ["log_floor", "logFloor", "floor"]],
];
/** Parameters the card must state, so a differently configured model cannot pass by omission. */
const REQUIRED_FEATURE_FIELDS: ReadonlyArray<keyof LogMelConfig> = ["sampleRateHz", "hopSamples", "melBinCount"];
const FEATURE_NAME_FIELDS = ["name", "type", "id", "kind"];
/** Non-numeric settings that, when the card states them, must be logmel80-v1's. */
const FEATURE_EXACT_VALUES: ReadonlyArray<[string, unknown]> = [["center", false], ["mel_scale", "htk"], ["mel_norm", null], ["power", 2]];

function fail(field: string, message: string): never {
  throw new TypeError(`model card: "${field}" ${message}`);
}

function requireString(raw: Record<string, unknown>, field: string): string {
  const value = raw[field];
  if (typeof value !== "string" || value.length === 0) fail(field, `must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function requirePositiveNumber(raw: Record<string, unknown>, field: string): number {
  const value = raw[field];
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) fail(field, `must be a positive number, got ${JSON.stringify(value)}`);
  return value;
}

/** Informational figures: read when they are plain numbers; their absence or another shape is not an error. */
function informationalNumber(raw: Record<string, unknown>, field: string): number | null {
  const value = raw[field];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function parseAlphabet(value: unknown): string[] {
  if (!Array.isArray(value) || value.length < 3 || !value.every((symbol) => typeof symbol === "string" && symbol.length > 0)) {
    fail("alphabet", "must be an array of at least 3 non-empty strings");
  }
  if (value[0] !== BLANK_SYMBOL) fail("alphabet", `[0] must be "${BLANK_SYMBOL}" (CTC blank), got ${JSON.stringify(value[0])}`);
  if (value[1] !== WORD_BOUNDARY_SYMBOL) fail("alphabet", `[1] must be " " (word boundary), got ${JSON.stringify(value[1])}`);
  const duplicate = value.find((symbol, index) => value.indexOf(symbol) !== index);
  if (duplicate !== undefined) fail("alphabet", `has the symbol ${JSON.stringify(duplicate)} twice`);
  return value;
}

/** The card's features must describe exactly logmel80-v1 (the only feature code in this runtime). */
function parseFeatures(value: unknown): Readonly<LogMelConfig> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail("features", "must be an object");
  const raw = value as Record<string, unknown>;
  for (const nameField of FEATURE_NAME_FIELDS) {
    if (raw[nameField] !== undefined && raw[nameField] !== "logmel80-v1") {
      fail(`features.${nameField}`, `must be "logmel80-v1", got ${JSON.stringify(raw[nameField])}`);
    }
  }
  for (const [field, expected] of FEATURE_EXACT_VALUES) {
    if (raw[field] !== undefined && raw[field] !== expected) fail(`features.${field}`, `must be ${JSON.stringify(expected)} for logmel80-v1, got ${JSON.stringify(raw[field])}`);
  }
  for (const [configKey, aliases] of FEATURE_FIELD_ALIASES) {
    const present = aliases.filter((alias) => raw[alias] !== undefined);
    if (present.length === 0 && REQUIRED_FEATURE_FIELDS.includes(configKey)) fail(`features.${aliases[0]}`, "is missing");
    for (const alias of present) {
      const expected = LOGMEL80_V1[configKey];
      if (raw[alias] !== expected) fail(`features.${alias}`, `must be ${expected} for logmel80-v1, got ${JSON.stringify(raw[alias])}`);
    }
  }
  return LOGMEL80_V1;
}

export function parseModelCard(json: unknown): ModelCard {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new TypeError("model card: expected a JSON object");
  const raw = json as Record<string, unknown>;
  const features = parseFeatures(raw.features);
  const outputFrameSeconds = requirePositiveNumber(raw, "output_frame_seconds");
  const hopSeconds = features.hopSamples / features.sampleRateHz;
  const subsamplingFactor = Math.round(outputFrameSeconds / hopSeconds);
  if (subsamplingFactor < 1 || Math.abs(subsamplingFactor * hopSeconds - outputFrameSeconds) > 1e-9) {
    fail("output_frame_seconds", `must be a whole multiple of the ${hopSeconds} s feature hop, got ${outputFrameSeconds}`);
  }
  const receptiveFieldFrames = requirePositiveNumber(raw, "receptive_field_frames");
  if (!Number.isInteger(receptiveFieldFrames)) fail("receptive_field_frames", `must be an integer, got ${receptiveFieldFrames}`);
  const chunkContextFrames = informationalNumber(raw, "chunk_context_frames");
  if (chunkContextFrames !== null && !(Number.isInteger(chunkContextFrames) && chunkContextFrames >= 0 && chunkContextFrames <= receptiveFieldFrames)) {
    fail("chunk_context_frames", `must be an integer from 0 to receptive_field_frames (${receptiveFieldFrames}), got ${chunkContextFrames}`);
  }
  return {
    name: requireString(raw, "name"),
    alphabet: parseAlphabet(raw.alphabet),
    features,
    outputFrameSeconds,
    subsamplingFactor,
    receptiveFieldFrames,
    chunkContextFrames,
    textRulesFile: requireString(raw, "text_rules"),
    parameterCount: informationalNumber(raw, "parameters"),
    unseenReciterCer: informationalNumber(raw, "unseen_reciter_cer"),
    heldoutCer: informationalNumber(raw, "heldout_cer"),
  };
}

export function loadModelCard(path: string | URL): ModelCard {
  return parseModelCard(JSON.parse(readFileSync(path, "utf8")));
}

/** The model's letters must be exactly the text rules' letters, or labels and outputs disagree. */
export function checkAlphabetMatchesTextRules(card: ModelCard, rules: TextRules): void {
  const modelLetters = card.alphabet.slice(2);
  const missing = rules.letters.filter((letter) => !modelLetters.includes(letter));
  const extra = modelLetters.filter((letter) => !rules.letters.includes(letter));
  if (missing.length > 0 || extra.length > 0) {
    fail("alphabet", `differs from the text rules' letters (missing [${missing.join(" ")}], extra [${extra.join(" ")}])`);
  }
}
