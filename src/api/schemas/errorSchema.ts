/** The one error shape of the API: every 4xx and 5xx answers `{"detail": "..."}`. */
import { z } from "zod";

export const ErrorBody = z.strictObject({
  detail: z.string().meta({ description: "What went wrong, in words a person understands", example: "Job not found" }),
}).meta({ id: "Error" });
