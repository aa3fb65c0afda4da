/**
 * Loading the acoustic model once per worker: card + ONNX session + the text rules its labels
 * follow, checked against each other. File reads happen here (the edge); the worker keeps the
 * returned `CtcModel` in its context object and passes it to ctcPosteriors.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkAlphabetMatchesTextRules, loadModelCard, type ModelCard } from "./modelCard.ts";
import { openCtcModelSession, type CtcModelSession, type OnnxRuntimeOptions } from "./onnxSession.ts";
import { loadTextRules, type TextRules } from "../quran/spokenText.ts";

export interface CtcModel {
  card: ModelCard;
  session: CtcModelSession;
  textRules: TextRules;
}

export interface CtcModelPaths {
  /** e.g. models/quran-ctc-v1.json; the .onnx defaults to the same path with the .onnx extension. */
  cardPath: string;
  onnxPath?: string;
}

export function defaultOnnxPathFor(cardPath: string): string {
  return cardPath.replace(/\.json$/i, "") + ".onnx";
}

export async function loadCtcModel(paths: CtcModelPaths, runtimeOptions: OnnxRuntimeOptions = {}): Promise<CtcModel> {
  const cardPath = paths.cardPath.startsWith("file:") ? fileURLToPath(paths.cardPath) : paths.cardPath;
  const card = loadModelCard(cardPath);
  const textRules = loadTextRules(path.resolve(path.dirname(cardPath), card.textRulesFile));
  checkAlphabetMatchesTextRules(card, textRules);
  const session = await openCtcModelSession(readFileSync(paths.onnxPath ?? defaultOnnxPathFor(cardPath)), runtimeOptions);
  return { card, session, textRules };
}
