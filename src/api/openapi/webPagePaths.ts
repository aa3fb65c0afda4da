import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { errorResponses, INTERNAL_ERROR } from "./responses.ts";

export function registerWebPagePaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get", path: "/", tags: ["service"], summary: "The web page: upload, watch, listen, correct (served offline)",
    responses: { 200: { description: "HTML page", content: { "text/html": { schema: z.string() } } }, ...errorResponses(INTERNAL_ERROR) },
  });
  registry.registerPath({
    method: "get", path: "/assets/{asset}", tags: ["service"], summary: "Script, stylesheet and fonts of the web page (content-hashed names)",
    request: { params: z.object({ asset: z.string().meta({ example: "app-5KQ3XQ2B.js" }) }) },
    responses: {
      200: {
        description: "The asset",
        content: Object.fromEntries(["text/javascript", "text/css", "font/woff2", "font/woff"].map((type) => [type, { schema: z.string() }])),
      },
      ...errorResponses({ 404: "No such asset", ...INTERNAL_ERROR }),
    },
  });
}
