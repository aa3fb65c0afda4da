/**
 * The optional form fields `surah`, `from_ayah`, `to_ayah` that help the aligner, validated
 * into AlignHints (400 with a detail naming the field on any mistake).
 */
import type { AlignHints } from "../pipeline/types.ts";
import { ayahCount, SURAH_COUNT } from "../quran/quranText.ts";
import { HttpError } from "./httpError.ts";

function parseOptionalInteger(fields: Record<string, string>, name: string, min: number, max: number, what: string): number | undefined {
  const raw = fields[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < min || value > max) {
    throw new HttpError(400, `${name} must be an integer between ${min} and ${max}${what}, got '${raw}'`);
  }
  return value;
}

export function parseAlignHints(fields: Record<string, string>): AlignHints {
  const surah = parseOptionalInteger(fields, "surah", 1, SURAH_COUNT, "");
  const hasRange = (fields.from_ayah ?? "").trim() !== "" || (fields.to_ayah ?? "").trim() !== "";
  if (surah === undefined) {
    if (hasRange) throw new HttpError(400, "from_ayah and to_ayah need the surah field as well");
    return {};
  }
  const count = ayahCount(surah);
  const forSurah = ` for surah ${surah}`;
  const fromAyah = parseOptionalInteger(fields, "from_ayah", 1, count, forSurah);
  const toAyah = parseOptionalInteger(fields, "to_ayah", 1, count, forSurah);
  if (fromAyah !== undefined && toAyah !== undefined && fromAyah > toAyah) {
    throw new HttpError(400, `from_ayah (${fromAyah}) must not be greater than to_ayah (${toAyah})`);
  }
  const hints: AlignHints = { surah };
  if (fromAyah !== undefined) hints.fromAyah = fromAyah;
  if (toAyah !== undefined) hints.toAyah = toAyah;
  return hints;
}

/** `split_audio` of the sync endpoint: true → zip, false/absent → metadata JSON. */
export function parseSplitAudio(fields: Record<string, string>): boolean {
  const raw = (fields.split_audio ?? "").trim().toLowerCase();
  if (raw === "" || raw === "false" || raw === "0" || raw === "no") return false;
  if (raw === "true" || raw === "1" || raw === "yes") return true;
  throw new HttpError(400, `split_audio must be true or false, got '${fields.split_audio}'`);
}
