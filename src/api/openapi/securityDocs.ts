/**
 * Adds what src/api/apiKeyAuth.ts and src/api/cors.ts do to every operation of the generated
 * document, from the same source of truth (src/api/publicRoutes.ts), so no route file has to
 * repeat it: the API key schemes, `security` and a 401 on every operation that is not public,
 * and a 403 on every operation that changes data (a page on a foreign origin).
 */
import { isPublicRoute } from "../publicRoutes.ts";
import { ErrorBody } from "../schemas/errorSchema.ts";
import type { OpenApiDocument } from "./openapiDocument.ts";

const HTTP_METHODS = ["get", "head", "post", "put", "patch", "delete"] as const;

const SECURITY_SCHEMES = {
  bearerKey: { type: "http", scheme: "bearer", description: "Authorization: Bearer <API_KEY> (when the server sets API_KEY)" },
  headerKey: { type: "apiKey", in: "header", name: "X-API-Key" },
  queryKey: { type: "apiKey", in: "query", name: "api_key", description: "GET/HEAD only (EventSource, <audio>); prefer a header" },
} as const;

/** ErrorBody is registered as a component by the routes' own error responses. */
const ERROR_SCHEMA_REF = `#/components/schemas/${String(ErrorBody.meta()?.id ?? "Error")}`;

function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: { $ref: ERROR_SCHEMA_REF } } } };
}

/** The document's path template as a concrete path isPublicRoute understands (`{asset}` → `x`). */
function samplePath(template: string): string {
  return template.replace(/\{[^}]+\}/g, "x");
}

export function withSecurityDocs(document: OpenApiDocument): OpenApiDocument {
  document.components = { ...document.components, securitySchemes: { ...SECURITY_SCHEMES } };
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, { responses?: Record<string, unknown>; security?: unknown } | undefined>)[method];
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      if (!isPublicRoute(method.toUpperCase(), samplePath(template))) {
        operation.security = [{ bearerKey: [] }, { headerKey: [] }, ...(method === "get" || method === "head" ? [{ queryKey: [] }] : [])];
        responses[401] = errorResponse("API_KEY is set and the request has no key or a wrong one");
      }
      if (method !== "get" && method !== "head") {
        responses[403] = errorResponse("Sent by a web page on an origin not allowed to change data (see CORS_ORIGINS)");
      }
    }
  }
  return document;
}
