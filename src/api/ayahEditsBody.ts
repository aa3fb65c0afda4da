/**
 * The body of PUT /jobs/{id}/ayahs: JSON, checked against the AyahEdits schema, with an error
 * that names the item and its ayah (the page shows it as is).
 */
import coBody from "co-body";
import type { Context } from "koa";
import type { AyahEdit } from "../pipeline/ayahEdits.ts";
import { HttpError } from "./httpError.ts";
import { AyahEditList } from "./schemas/liveSchemas.ts";

/** A list of a few thousand ayah times is far below this. */
const EDIT_BODY_LIMIT = "1mb";

async function readJson(ctx: Context): Promise<unknown> {
  if (!ctx.is("application/json")) throw new HttpError(415, "Send the ayahs as JSON (Content-Type: application/json)");
  try {
    return await coBody.json(ctx.req, { limit: EDIT_BODY_LIMIT, strict: true });
  } catch (error) {
    if ((error as { status?: number }).status === 413) throw new HttpError(413, `The body is larger than ${EDIT_BODY_LIMIT}`);
    throw new HttpError(400, `The body is not valid JSON: ${(error as Error).message}`);
  }
}

function describeItem(body: unknown, index: number): string {
  const item = Array.isArray(body) ? (body[index] as Record<string, unknown> | null) : null;
  const named = item && typeof item === "object" && Number.isInteger(item.surah_number) && Number.isInteger(item.ayah_number);
  return `Item ${index + 1}${named ? ` (Ayah ${String(item.surah_number)}:${String(item.ayah_number)})` : ""}`;
}

export async function readAyahEdits(ctx: Context): Promise<AyahEdit[]> {
  const body = await readJson(ctx);
  const parsed = AyahEditList.safeParse(body);
  if (parsed.success) return parsed.data;
  if (!Array.isArray(body)) throw new HttpError(400, "The body must be a JSON list of {surah_number, ayah_number, start_time, end_time}");
  if (body.length === 0) throw new HttpError(400, "The list of ayahs is empty");
  const issue = parsed.error.issues[0];
  const [index, field] = issue.path;
  const where = describeItem(body, Number(index));
  throw new HttpError(400, field === undefined ? `${where}: ${issue.message}` : `${where}: ${String(field)}: ${issue.message}`);
}
