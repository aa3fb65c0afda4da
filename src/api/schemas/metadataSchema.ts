/** The metadata contract (metadata.json in the zip, GET /jobs/{id}/metadata, sync POST /transcribe). */
import { z } from "zod";
import type { RecordingMetadata } from "../../pipeline/taskTypes.ts";

const Seconds = z.number().min(0);

export const AyahMetadataSchema = z.strictObject({
  surah_number: z.number().int().min(1).max(114),
  ayah_number: z.number().int().min(0).meta({ description: "0 for the basmala" }),
  ayah_text: z.string().meta({ description: "Uthmani text" }),
  filename: z.string().meta({ example: "surah_012_ayah_001.mp3" }),
  is_basmala: z.boolean(),
  duration_seconds: Seconds,
  cutoff_uncertain: z.boolean().meta({ description: "True when the recording may start or end inside this ayah" }),
  start_time: Seconds.meta({ description: "Seconds from the start of the recording" }),
  end_time: Seconds,
  confidence: z.number().min(0).max(1),
  edited: z.boolean().optional().meta({ description: "Present once boundaries were corrected (PUT /jobs/{id}/ayahs): true for each ayah a person moved" }),
  words: z.array(z.object({ word: z.string(), start_time: Seconds, end_time: Seconds })).optional(),
}).meta({ id: "AyahMetadata" });

export const RecordingMetadataSchema = z.strictObject({
  surah_number: z.number().int().min(1).max(114),
  total_ayahs: z.number().int().min(0),
  transcription: z.string(),
  ayahs: z.array(AyahMetadataSchema),
  diagnostics: z.object({
    audio_input_end_timestamp: z.string(),
    last_ayah_end_timestamp: z.string(),
    engine: z.string(),
  }).catchall(z.union([z.string(), z.number(), z.boolean(), z.null()])).meta({ description: "How the result was found (engine, non-Quran audio heard, repeats, low-confidence ayahs); more keys may appear" }),
}).meta({ id: "RecordingMetadata" });

/**
 * The worker builds metadata typed by RecordingMetadata (src/pipeline/taskTypes.ts); these two
 * lines fail the typecheck if that type and this schema drift apart in either direction.
 */
type SchemaMetadata = z.infer<typeof RecordingMetadataSchema>;
export const metadataTypeMatchesSchema: [RecordingMetadata extends SchemaMetadata ? true : false, SchemaMetadata extends RecordingMetadata ? true : false] = [true, true];
