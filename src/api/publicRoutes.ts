/**
 * THE list of routes answered without an API key when API_KEY is set (the one place to change
 * it; src/api/apiKeyAuth.ts reads it). Open: the liveness check load balancers poll, the web
 * page with its static files, and the docs page with its files and the OpenAPI document it
 * renders; none holds job data, and everything the pages show of jobs comes from calls that need the key.
 */
const PUBLIC_EXACT_PATHS: readonly string[] = ["/health", "/", "/docs", "/openapi.json"];
const PUBLIC_PATH_PREFIXES: readonly string[] = ["/assets/", "/docs/"];
const READ_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD"]);

export function isPublicRoute(method: string, path: string): boolean {
  if (!READ_METHODS.has(method)) return false;
  return PUBLIC_EXACT_PATHS.includes(path) || PUBLIC_PATH_PREFIXES.some((prefix) => path.startsWith(prefix));
}
