/**
 * Test hook, loaded into every test process by test/run.mjs (`--import`): wraps global fetch so
 * each response from a local test server (in-process or a child process, source or bundle) is
 * checked against the OpenAPI document the code generates (the same one GET /openapi.json
 * serves): the path and method must be documented, the status listed, the content type one of
 * that status's, and a JSON body must validate (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses).
 *
 * A mismatch rejects that fetch (the test fails where it happened) and fails the run at exit,
 * even if a test swallowed the error. At exit a summary line says how many responses were checked.
 * OPTIONS (CORS preflight) is not an API operation and is not checked. A response outside the
 * documented operations (404 for a path no route has, 405/501 for another method on a documented
 * path, 401/403 from the key and origin checks that run before routing, a test's own app) must
 * still have the documented error shape {detail}.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { buildOpenApiDocument } from "../../src/api/openapi/openapiDocument.ts";

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };

const DOCUMENT_ID = "https://quran-splitter.local/openapi.json";
const document = buildOpenApiDocument("test");
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormatsModule as unknown as (ajv: Ajv2020) => void)(ajv);
ajv.addSchema(document as object, DOCUMENT_ID);

/** Templates with fewer parameters first, so /jobs/finished wins over /jobs/{id}. */
const templates = Object.keys(document.paths ?? {})
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    params: (template.match(/\{/g) ?? []).length,
  }))
  .sort((a, b) => a.params - b.params);

const validators = new Map<string, ValidateFunction>();
const seen = new Set<string>();
const violations: string[] = [];
let checked = 0;

function pointer(...segments: string[]): string {
  return segments.map((segment) => encodeURIComponent(segment.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");
}

function validatorFor(template: string, method: string, status: string): ValidateFunction {
  const key = `${method} ${template} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    const ref = `${DOCUMENT_ID}#/${pointer("paths", template, method, "responses", status, "content", "application/json", "schema")}`;
    validate = ajv.compile({ $ref: ref });
    validators.set(key, validate);
  }
  return validate;
}

function operationOf(method: string, pathname: string): { template: string; operation: Operation } | null {
  for (const { template, pattern } of templates) {
    const operation = (document.paths?.[template] as Record<string, Operation> | undefined)?.[method];
    if (pattern.test(pathname) && operation) return { template, operation };
  }
  return null;
}

/** The problem with this response, or null when it matches the document. */
async function mismatch(method: string, pathname: string, response: Response): Promise<string | null> {
  const found = operationOf(method, pathname);
  if (!found) {
    // No such operation: a path no route has (404) or a documented path with another method
    // (405/501), answered by the router and the error middleware; it must still be {detail}.
    // With API_KEY set the key is checked before routing (no route list for strangers): 401, and
    // a foreign page's change is refused before routing too: 403.
    const knownPath = templates.some(({ pattern }) => pattern.test(pathname));
    const expected = [...(knownPath ? [405, 501] : [404, 500]), 401, 403];
    if (!expected.includes(response.status)) return `undocumented operation (status ${response.status})`;
    return errorShapeProblem(response);
  }
  const status = String(response.status);
  const documented = found.operation.responses[status];
  if (!documented) return `status ${status} is not documented for ${method.toUpperCase()} ${found.template}`;
  seen.add(`${method.toUpperCase()} ${found.template} ${status}`);
  const contentType = (response.headers.get("content-type") ?? "").split(";")[0].trim();
  const content = documented.content ?? {};
  if (Object.keys(content).length === 0) return null;
  if (!(contentType in content)) return `content type '${contentType}' is not documented (${Object.keys(content).join(", ")})`;
  if (contentType !== "application/json") return null;
  const body: unknown = JSON.parse(await response.clone().text());
  const validate = validatorFor(found.template, method, status);
  if (validate(body)) return null;
  return `body does not match the schema: ${ajv.errorsText(validate.errors)}\n  body: ${JSON.stringify(body).slice(0, 500)}`;
}

const validateError = ajv.compile({ $ref: `${DOCUMENT_ID}#/components/schemas/Error` });

async function errorShapeProblem(response: Response): Promise<string | null> {
  const body: unknown = JSON.parse(await response.clone().text());
  return validateError(body) ? null : `error body is not {detail}: ${JSON.stringify(body).slice(0, 200)}`;
}

function methodOf(input: Parameters<typeof fetch>[0], init?: RequestInit): string {
  return (init?.method ?? (input instanceof Request ? input.method : "GET")).toLowerCase();
}

const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const response = await realFetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = methodOf(input, init);
  if (!["127.0.0.1", "localhost"].includes(url.hostname) || method === "options") return response;
  checked += 1;
  const problem = await mismatch(method, url.pathname, response);
  if (problem) {
    const message = `OpenAPI mismatch: ${method.toUpperCase()} ${url.pathname} → ${problem}`;
    violations.push(message);
    throw new Error(message);
  }
  return response;
};

/** What the run covered: "METHOD /template status" of every checked response. */
export function seenOperations(): ReadonlySet<string> {
  return seen;
}

process.on("exit", () => {
  console.log(`\nOpenAPI conformance: ${checked} responses checked against /openapi.json, ${violations.length} mismatches, `
    + `${seen.size} documented method/path/status combinations seen`);
  if (violations.length > 0) {
    console.log(violations.map((line) => `  ${line}`).join("\n"));
    process.exitCode = 1;
  }
});
