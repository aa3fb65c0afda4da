/**
 * Loading the acoustic model once per worker: card + ONNX session + the text rules its labels
 * follow, checked against each other. `openCtcModel` takes the contents (the single-file bundle
 * has them embedded); `loadCtcModel` reads them from disk (dev, tests). The worker keeps the
 * returned `CtcModel` in its context object and passes it to ctcPosteriors.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkAlphabetMatchesTextRules, parseModelCard, type ModelCard } from "./modelCard.ts";
import { openCtcModelSession, type CtcModelSession, type OnnxRuntimeOptions } from "./onnxSession.ts";
import { parseTextRules, type TextRules } from "../quran/spokenText.ts";

export interface CtcModel {
  card: ModelCard;
  session: CtcModelSession;
  textRules: TextRules;
}

export interface CtcModelSources {
  /** Parsed JSON of the card (models/quran-ctc-v1.json). */
  cardJson: unknown;
  /** Parsed JSON of the text rules the card names (models/quran-text-rules.json). */
  textRulesJson: unknown;
  onnxBytes: Uint8Array;
}

export interface CtcModelPaths {
  /** e.g. models/quran-ctc-v1.json; the .onnx defaults to the same path with the .onnx extension. */
  cardPath: string;
  onnxPath?: string;
}

export function defaultOnnxPathFor(cardPath: string): string {
  return cardPath.replace(/\.json$/i, "") + ".onnx";
}

export async function openCtcModel(sources: CtcModelSources, runtimeOptions: OnnxRuntimeOptions = {}): Promise<CtcModel> {
  const card = parseModelCard(sources.cardJson);
  const textRules = parseTextRules(sources.textRulesJson);
  checkAlphabetMatchesTextRules(card, textRules);
  const session = await openCtcModelSession(sources.onnxBytes, runtimeOptions);
  return { card, session, textRules };
}

/** Reads the card, the text rules it names (relative to the card) and the .onnx from disk. */
export async function loadCtcModel(paths: CtcModelPaths, runtimeOptions: OnnxRuntimeOptions = {}): Promise<CtcModel> {
  const cardPath = paths.cardPath.startsWith("file:") ? fileURLToPath(paths.cardPath) : paths.cardPath;
  const cardJson = JSON.parse(readFileSync(cardPath, "utf8"));
  const textRulesFile = parseModelCard(cardJson).textRulesFile;
  const textRulesJson = JSON.parse(readFileSync(path.resolve(path.dirname(cardPath), textRulesFile), "utf8"));
  const onnxBytes = readFileSync(paths.onnxPath ?? defaultOnnxPathFor(cardPath));
  return openCtcModel({ cardJson, textRulesJson, onnxBytes }, runtimeOptions);
}
