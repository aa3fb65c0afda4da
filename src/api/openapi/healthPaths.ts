import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { HealthBody } from "../schemas/healthSchema.ts";
import { errorResponses, INTERNAL_ERROR, jsonResponse } from "./responses.ts";

export function registerHealthPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get", path: "/health", tags: ["service"], summary: "Liveness, worker state and queue size",
    responses: { 200: jsonResponse("Service state", HealthBody), ...errorResponses(INTERNAL_ERROR) },
  });
}
