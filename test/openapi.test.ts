// GET /openapi.json and /docs: the document describes exactly the routes the app has (so a new
// route without docs fails here), it is OpenAPI 3.1 generated from the code's schemas, and the
// reference page and its assets are served by the process itself (offline).
// The responses of the whole suite are checked against the document by test/support/openapiConformance.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type Router from "@koa/router";
import { Validator } from "@seriousme/openapi-schema-validator";
import { buildOpenApiDocument } from "../src/api/openapi/openapiDocument.ts";
import { startTestServer } from "./support/testServer.ts";

const METHODS = ["get", "post", "put", "delete", "patch"];

/** "METHOD /path/{param}" of every route the Koa app registers. */
function appRoutes(middleware: readonly unknown[]): string[] {
  const routes = new Set<string>();
  for (const fn of middleware) {
    const router = (fn as { router?: Router }).router;
    for (const layer of router?.stack ?? []) {
      for (const method of layer.methods) {
        if (method === "HEAD" || method === "OPTIONS") continue;
        routes.add(`${method} ${String(layer.path).replace(/:(\w+)/g, "{$1}")}`);
      }
    }
  }
  return [...routes].sort();
}

function documentedRoutes(): string[] {
  const document = buildOpenApiDocument("test");
  const routes: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) if ((item as Record<string, unknown>)[method]) routes.push(`${method.toUpperCase()} ${path}`);
  }
  return routes.sort();
}

test("every route of the app is documented, and every documented route exists", async () => {
  const server = await startTestServer();
  try {
    const routes = appRoutes(server.service.app.middleware);
    assert.ok(routes.length >= 10, routes.join(", "));
    assert.equal(documentedRoutes(), routes);
  } finally {
    await server.close();
  }
});

test("GET /openapi.json is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator), versioned like the package, with the error shape on every error", async () => {
  const server = await startTestServer();
  try {
    const response = await fetch(`${server.url}/openapi.json`);
    assert.is(response.status, 200);
    const document = await response.json() as { openapi: string; info: { version: string }; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
    assert.is(document.openapi, "3.1.0");
    const validity = await new Validator().validate(document as unknown as Record<string, unknown>);
    assert.ok(validity.valid, `the document is valid OpenAPI 3.1: ${JSON.stringify(validity.errors)?.slice(0, 800)}`);
    assert.match(document.info.version, /^\d+\.\d+\.\d+/);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        assert.ok("500" in operation.responses, `${method} ${path} documents 500`);
        for (const [status, answer] of Object.entries(operation.responses)) {
          if (Number(status) < 400) continue;
          assert.equal(answer.content?.["application/json"]?.schema, { $ref: "#/components/schemas/Error" }, `${method} ${path} ${status}`);
        }
      }
    }
    const form = (document as unknown as { components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> } })
      .components.schemas.AsyncUploadForm;
    assert.equal(Object.keys(form.properties).sort(), ["audio_file", "exports", "from_ayah", "naming", "priority", "surah", "to_ayah"]);
    assert.equal(form.required, ["audio_file"]);
    assert.equal(form.properties.surah, { type: "integer", minimum: 1, maximum: 114, description: "Surah number recited in the recording (optional hint)", example: 36 });
  } finally {
    await server.close();
  }
});

test("GET /docs renders the document with assets served locally", async () => {
  const server = await startTestServer();
  try {
    const page = await fetch(`${server.url}/docs`);
    assert.is(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    const html = await page.text();
    assert.not.match(html, /<script>/, "no inline script: the page's CSP allows scripts from 'self' only");
    assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    const init = await fetch(`${server.url}/docs/init.js`);
    assert.match(init.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.match(await init.text(), /url: "\/openapi\.json"/);
    assert.not.match(html, /https?:\/\//, "no external URL: the page works offline");
    const script = await fetch(`${server.url}/docs/swagger-ui-bundle.js`);
    assert.is(script.status, 200);
    assert.match(script.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.ok((await script.text()).includes("SwaggerUIBundle"));
    const css = await fetch(`${server.url}/docs/swagger-ui.css`);
    assert.is(css.status, 200);
    assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
    const missing = await fetch(`${server.url}/docs/nope.js`);
    assert.is(missing.status, 404);
    assert.equal(await missing.json(), { detail: "No such docs asset: nope.js" });
  } finally {
    await server.close();
  }
});

test.run();
