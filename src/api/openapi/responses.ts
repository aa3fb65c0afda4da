/** Small builders for the response objects of route docs, so every route writes errors the same way. */
import type { ResponseConfig } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import { ErrorBody } from "../schemas/errorSchema.ts";

export function jsonResponse(description: string, schema: z.ZodType): ResponseConfig {
  return { description, content: { "application/json": { schema } } };
}

/** `{detail}` responses by status, each with the cases that produce it. */
export function errorResponses(byStatus: Record<number, string>): Record<number, ResponseConfig> {
  const responses: Record<number, ResponseConfig> = {};
  for (const [status, description] of Object.entries(byStatus)) responses[Number(status)] = jsonResponse(description, ErrorBody);
  return responses;
}

/** Every route may fail inside; the detail never leaks the cause (it is logged). */
export const INTERNAL_ERROR = { 500: "Internal server error (details are in the server log, never in the response)" };
