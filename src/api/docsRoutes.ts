/** GET /openapi.json (built once per app, on first request), GET /docs and its two assets. */
import Router from "@koa/router";
import { HttpError } from "./httpError.ts";
import { buildOpenApiDocument, type OpenApiDocument } from "./openapi/openapiDocument.ts";
import { DOCS_CONTENT_TYPES, DOCS_INIT_SCRIPT, DOCS_PAGE_HTML, isDocsAssetName, readDocsAsset } from "./docsAssets.ts";
import packageJson from "../../package.json" with { type: "json" };

export function docsRoutes(): Router {
  const router = new Router();
  let document: OpenApiDocument | null = null;
  const assets = new Map<string, Uint8Array>();

  router.get("/openapi.json", (ctx) => {
    document ??= buildOpenApiDocument(packageJson.version);
    ctx.body = document;
  });

  router.get("/docs", (ctx) => {
    ctx.type = "text/html; charset=utf-8";
    ctx.body = DOCS_PAGE_HTML;
  });

  router.get("/docs/init.js", (ctx) => {
    ctx.type = "text/javascript; charset=utf-8";
    ctx.body = DOCS_INIT_SCRIPT;
  });

  router.get("/docs/:asset", (ctx) => {
    const name = ctx.params.asset;
    if (!isDocsAssetName(name)) throw new HttpError(404, `No such docs asset: ${name}`);
    if (!assets.has(name)) assets.set(name, readDocsAsset(name));
    ctx.type = DOCS_CONTENT_TYPES[name];
    ctx.set("Cache-Control", "public, max-age=86400");
    ctx.body = Buffer.from(assets.get(name)!);
  });

  return router;
}
