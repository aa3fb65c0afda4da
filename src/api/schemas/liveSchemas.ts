/**
 * Bodies of the endpoints the web page uses (SSE, audio, waveform, corrections, cancel);
 * additions to the spec. /openapi.json is generated from these; the routes validate with them.
 */
import { z } from "zod";
import { JobId, JobStatusEnum } from "./jobSchemas.ts";

export const WaveformBody = z.strictObject({
  duration_seconds: z.number().min(0),
  peaks_per_second: z.number().int().min(1).meta({ description: "50, fewer for recordings over ~2 h (at most 400 000 peaks)" }),
  peaks: z.array(z.number().min(0).max(1)).meta({ description: "Loudest |sample| of each bucket, 0..1, 3 decimals" }),
}).meta({ id: "Waveform" });

export const AyahEditItem = z.strictObject({
  surah_number: z.number().int(),
  ayah_number: z.number().int().meta({ description: "0 = the basmala before the surah, -1 = the isti'adha" }),
  start_time: z.number().meta({ description: "Seconds from the start of the recording" }),
  end_time: z.number(),
});

export const AyahEditList = z.array(AyahEditItem).min(1)
  .meta({ id: "AyahEdits", description: "Only the ayahs you change, in recitation order; a repeated ayah's k-th entry is its k-th occurrence" });

export const AyahEditResult = z.strictObject({
  success: z.literal(true),
  job_id: JobId,
  status: JobStatusEnum.meta({ description: "queued: the re-cut is queued; completed: nothing changed" }),
  message: z.string().meta({ example: "Re-cut queued for 2 changed ayah(s)" }),
  edited_ayahs: z.number().int().min(0),
}).meta({ id: "AyahEditResult" });

export const CancelResult = z.strictObject({
  success: z.literal(true),
  job_id: JobId,
  status: JobStatusEnum.meta({ description: "cancelled; completed when a re-cut was dropped (the earlier result stays)" }),
  message: z.string().meta({ example: "Job cancelled" }),
}).meta({ id: "CancelResult" });

export type AyahEditRequest = z.infer<typeof AyahEditList>;
