/**
 * GET /openapi.json, generated (by @asteasolutions/zod-to-openapi) from the same zod schemas
 * that validate the requests and type the responses, so the document cannot drift from the code.
 *
 * Adding a route: write `registerXxxPaths(registry)` beside the others (src/api/openapi/), using
 * the schemas your route validates/answers with, and add it to ROUTE_DOCS below. The test hook
 * (test/support/openapiConformance.ts) checks every response of the test suite against this
 * document: an undocumented path, status or field fails the run.
 */
import { OpenApiGeneratorV31, OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { registerDocsPaths } from "./docsPaths.ts";
import { registerExportPaths } from "./exportPaths.ts";
import { registerHealthPaths } from "./healthPaths.ts";
import { registerJobPaths } from "./jobPaths.ts";
import { registerLivePaths } from "./livePaths.ts";
import { withSecurityDocs } from "./securityDocs.ts";
import { registerWebPagePaths } from "./webPagePaths.ts";
import { registerTranscribePaths } from "./transcribePaths.ts";

export type RouteDocs = (registry: OpenAPIRegistry) => void;

/** Every route's documentation, in the order the reference page lists them. */
const ROUTE_DOCS: readonly RouteDocs[] = [registerTranscribePaths, registerJobPaths, registerExportPaths, registerLivePaths, registerHealthPaths, registerDocsPaths, registerWebPagePaths];

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

export function buildOpenApiDocument(version: string): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  for (const register of ROUTE_DOCS) register(registry);
  return withSecurityDocs(new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "quran-splitter",
      version,
      description: "Offline service that splits a Quran recitation into one audio file per ayah, with text and times. "
        + "Every error answers {\"detail\": \"...\"}. Timestamps are UTC. CORS preflight (OPTIONS) is answered for the origins in CORS_ORIGINS. "
        + "With API_KEY set, every operation but the public ones (GET /health, the web page and the docs) needs the key.",
    },
  }));
}
