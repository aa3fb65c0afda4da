/**
 * The multipart form of POST /transcribe/async and POST /transcribe: one zod schema validates the
 * text fields (400 with a detail naming the field) and is what /openapi.json documents.
 * Multipart fields arrive as text: a blank field counts as absent, digits become a number.
 */
import { z } from "zod";
import { EXPORT_FORMAT_NAMES, parseExportList, UnknownExportFormatError } from "../../export/exportFormats.ts";
import { FILE_NAMINGS } from "../../export/everyayahNaming.ts";
import type { ResultOutput } from "../../pipeline/taskTypes.ts";
import { ayahCount, SURAH_COUNT } from "../../quran/quranText.ts";
import { HttpError } from "../httpError.ts";

export const AUDIO_FIELD = "audio_file";
export const MIN_PRIORITY = -1000;
export const MAX_PRIORITY = 1000;
const MOST_AYAHS_IN_A_SURAH = Math.max(...Array.from({ length: SURAH_COUNT }, (_, index) => ayahCount(index + 1)));

function formText(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  const trimmed = raw.trim();
  if (trimmed === "") return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : raw;
}

/** An optional integer form field; every failure has the same message (the parser adds the value sent). */
function formInteger(name: string, min: number, max: number, suffix = "") {
  const error = (): string => `${name} must be an integer between ${min} and ${max}${suffix}`;
  return z.preprocess(formText, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional());
}

/** Comma-separated export format names; the list itself is checked by parseExportList. */
const ExportsField = z.preprocess((raw) => (typeof raw === "string" ? (raw.trim() || undefined) : raw), z.string().optional())
  .meta({ description: `Export files to add to the zip under exports/, comma-separated: ${EXPORT_FORMAT_NAMES.join(", ")}`, example: "quran-foundation,srt" });

const NamingField = z.preprocess(
  (raw) => (typeof raw === "string" ? (raw.trim().toLowerCase() || undefined) : raw),
  z.enum(FILE_NAMINGS as [string, ...string[]], { error: () => `naming must be one of ${FILE_NAMINGS.join(", ")}` }).optional(),
).meta({ description: "Ayah file names in the zip: spec (surah_036_ayah_001.mp3, default) or everyayah (036001.mp3; the basmala as 001001.mp3)" });

/** The form fields; `from_ayah`/`to_ayah` bounds are the surah's own when the surah is known. */
function uploadFields(ayahMax: number, suffix: string) {
  return z.object({
    surah: formInteger("surah", 1, SURAH_COUNT).meta({ description: "Surah number recited in the recording (optional hint)", example: 36 }),
    from_ayah: formInteger("from_ayah", 1, ayahMax, suffix).meta({ description: "First ayah recited (needs surah)", example: 1 }),
    to_ayah: formInteger("to_ayah", 1, ayahMax, suffix).meta({ description: "Last ayah recited (needs surah; ≥ from_ayah)", example: 83 }),
    priority: formInteger("priority", MIN_PRIORITY, MAX_PRIORITY)
      .meta({ description: "Queue priority: higher runs first, FIFO within a priority (default 0)", example: 0 }),
    exports: ExportsField,
    naming: NamingField,
  });
}

const SplitAudioField = z.preprocess(
  (raw) => (typeof raw === "string" ? (raw.trim().toLowerCase() || undefined) : raw),
  z.enum(["true", "false", "1", "0", "yes", "no"], { error: () => "split_audio must be true or false" }).optional(),
).meta({ description: "Sync only: true → the zip, false/absent → the metadata JSON" });

const AudioFileField = z.string().meta({ format: "binary", description: "The recording (.mp3 .wav .m4a .aac .ogg .opus .flac .webm .wma)" });

/** What /openapi.json shows: the async form and the sync form (async + split_audio). */
export const AsyncUploadForm = uploadFields(MOST_AYAHS_IN_A_SURAH, "").extend({ [AUDIO_FIELD]: AudioFileField }).meta({ id: "AsyncUploadForm" });
export const SyncUploadForm = AsyncUploadForm.extend({ split_audio: SplitAudioField }).meta({ id: "SyncUploadForm" });

export interface UploadForm {
  hints: { surah?: number; fromAyah?: number; toAyah?: number };
  priority: number;
  splitAudio: boolean;
  output: ResultOutput;
}

function resultOutputOf(form: { exports?: string; naming?: string }): ResultOutput {
  try {
    return { naming: (form.naming ?? "spec") as ResultOutput["naming"], exports: form.exports ? parseExportList(form.exports) : [] };
  } catch (error) {
    if (error instanceof UnknownExportFormatError) throw new HttpError(400, `exports: ${error.message}`);
    throw error;
  }
}

/** Cross-field rules: the range needs the surah and must not run backwards. */
function checkRange(form: { surah?: number; from_ayah?: number; to_ayah?: number }, ctx: z.RefinementCtx): void {
  if (form.surah === undefined && (form.from_ayah !== undefined || form.to_ayah !== undefined)) {
    ctx.addIssue({ code: "custom", message: "from_ayah and to_ayah need the surah field as well" });
  } else if (form.from_ayah !== undefined && form.to_ayah !== undefined && form.from_ayah > form.to_ayah) {
    ctx.addIssue({ code: "custom", message: `from_ayah (${form.from_ayah}) must not be greater than to_ayah (${form.to_ayah})` });
  }
}

function schemaFor(surah: number | undefined, sync: boolean) {
  const fields = surah === undefined ? uploadFields(MOST_AYAHS_IN_A_SURAH, "") : uploadFields(ayahCount(surah), ` for surah ${surah}`);
  return (sync ? fields.extend({ split_audio: SplitAudioField }) : fields).superRefine(checkRange);
}

/** The first problem as one sentence; a field's own problem also quotes the value sent. */
function describeIssue(issue: z.core.$ZodIssue, fields: Record<string, string>): string {
  const field = issue.path[0];
  if (issue.code === "custom" || typeof field !== "string") return issue.message;
  return `${issue.message}, got '${fields[field] ?? ""}'`;
}

/** Validates the text fields of an upload; throws a 400 HttpError whose detail names the field. */
export function parseUploadForm(fields: Record<string, string>, sync: boolean): UploadForm {
  const surah = uploadFields(MOST_AYAHS_IN_A_SURAH, "").shape.surah.safeParse(fields.surah);
  if (!surah.success) throw new HttpError(400, describeIssue({ ...surah.error.issues[0], path: ["surah"] }, fields));
  const parsed = schemaFor(surah.data, sync).safeParse(fields);
  if (!parsed.success) throw new HttpError(400, describeIssue(parsed.error.issues[0], fields));
  const form = parsed.data as { surah?: number; from_ayah?: number; to_ayah?: number; priority?: number; split_audio?: string; exports?: string; naming?: string };
  const hints: UploadForm["hints"] = {};
  if (form.surah !== undefined) hints.surah = form.surah;
  if (form.from_ayah !== undefined) hints.fromAyah = form.from_ayah;
  if (form.to_ayah !== undefined) hints.toAyah = form.to_ayah;
  const splitAudio = form.split_audio === "true" || form.split_audio === "1" || form.split_audio === "yes";
  return { hints, priority: form.priority ?? 0, splitAudio, output: resultOutputOf(form) };
}
