/**
 * The web page: GET / (the HTML shell, with a fresh style nonce per response, see
 * securityHeaders.ts) and GET /assets/{asset} (its script, stylesheet and fonts, content-hashed
 * names, cached for a year). The files are loaded once per app, on the first request.
 */
import crypto from "node:crypto";
import Router from "@koa/router";
import { HttpError } from "./httpError.ts";
import { webPageHtml } from "../web/pageHtml.ts";
import { loadWebAssets, webAssetContentType, type WebAssets } from "../web/webAssets.ts";

export function webPageRoutes(): Router {
  const router = new Router();
  let assets: Promise<WebAssets> | null = null;
  const loaded = (): Promise<WebAssets> => {
    assets ??= loadWebAssets().catch((error: unknown) => {
      assets = null; // a failed build (a syntax error while editing the page) is retried on the next request
      throw error;
    });
    return assets;
  };

  router.get("/", async (ctx) => {
    const nonce = crypto.randomBytes(18).toString("base64");
    (ctx.state as { cspNonce?: string }).cspNonce = nonce;
    ctx.type = "text/html; charset=utf-8";
    ctx.set("Cache-Control", "no-cache");
    ctx.body = webPageHtml(await loaded(), nonce);
  });

  router.get("/assets/:asset", async (ctx) => {
    const name = ctx.params.asset;
    const bytes = (await loaded()).files.get(name);
    if (!bytes) throw new HttpError(404, `No such asset: ${name}`);
    ctx.type = webAssetContentType(name);
    ctx.set("Cache-Control", "public, max-age=31536000, immutable");
    ctx.body = Buffer.from(bytes);
  });

  return router;
}
