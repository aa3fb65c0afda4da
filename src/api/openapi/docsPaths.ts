import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { DOCS_ASSET_NAMES } from "../docsAssets.ts";
import { errorResponses, INTERNAL_ERROR } from "./responses.ts";

export function registerDocsPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get", path: "/openapi.json", tags: ["service"], summary: "This document (OpenAPI 3.1)",
    responses: { 200: { description: "The OpenAPI document", content: { "application/json": { schema: z.looseObject({ openapi: z.string() }) } } }, ...errorResponses(INTERNAL_ERROR) },
  });
  registry.registerPath({
    method: "get", path: "/docs", tags: ["service"], summary: "API reference page (Swagger UI, served offline)",
    responses: { 200: { description: "HTML page", content: { "text/html": { schema: z.string() } } }, ...errorResponses(INTERNAL_ERROR) },
  });
  registry.registerPath({
    method: "get", path: "/docs/init.js", tags: ["service"], summary: "The reference page's start-up script (no inline script: the page's CSP)",
    responses: { 200: { description: "JavaScript", content: { "text/javascript": { schema: z.string() } } }, ...errorResponses(INTERNAL_ERROR) },
  });
  registry.registerPath({
    method: "get", path: "/docs/{asset}", tags: ["service"], summary: "Script and stylesheet of the reference page",
    request: { params: z.object({ asset: z.enum(DOCS_ASSET_NAMES) }) },
    responses: {
      200: { description: "The asset", content: { "text/javascript": { schema: z.string() }, "text/css": { schema: z.string() } } },
      ...errorResponses({ 404: "No such asset", ...INTERNAL_ERROR }),
    },
  });
}
