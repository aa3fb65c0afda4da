/** The JSON export (quran-foundation) as /openapi.json documents it; the text exports are plain strings. */
import { z } from "zod";

const Segment = z.tuple([z.number().int(), z.number().int(), z.number().int()])
  .meta({ description: "[word_index (1-based over the verse's Uthmani words), start_ms, end_ms]", example: [1, 4250, 4600] });

const VerseTimestamp = z.strictObject({
  verse_key: z.string().meta({ example: "36:1" }),
  timestamp_from: z.number().int().meta({ description: "ms from the start of the recording" }),
  timestamp_to: z.number().int(),
  duration: z.number().int().meta({ description: "ms" }),
  segments: z.array(Segment),
});

export const QuranFoundationBody = z.strictObject({
  audio_file: z.strictObject({
    chapter_id: z.number().int().meta({ description: "The recording's surah" }),
    format: z.string().meta({ example: "mp3" }),
    timestamps: z.array(VerseTimestamp),
  }),
}).meta({ id: "QuranFoundationChapterAudio", description: "Quran.com / Quran Foundation API v4 chapter-audio shape" });
