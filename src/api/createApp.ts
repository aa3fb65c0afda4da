/**
 * Builds the Koa application (no listen: src/main.ts is the only place that listens).
 * Order matters: security headers and CORS first so error responses carry them too, then the
 * single error mapper, then the API key check (src/api/publicRoutes.ts lists what it lets
 * through), then the routes.
 */
import Koa from "koa";
import type { AppDeps } from "./appDeps.ts";
import { apiKeyAuth } from "./apiKeyAuth.ts";
import { corsMiddleware } from "./cors.ts";
import { errorMiddleware } from "./errorMiddleware.ts";
import { exportRoutes } from "./exportRoutes.ts";
import { docsRoutes } from "./docsRoutes.ts";
import { healthRoutes } from "./healthRoutes.ts";
import { jobEditRoutes } from "./jobEditRoutes.ts";
import { jobEventRoutes } from "./jobEventRoutes.ts";
import { jobMediaRoutes } from "./jobMediaRoutes.ts";
import { jobRoutes } from "./jobRoutes.ts";
import { securityHeaders } from "./securityHeaders.ts";
import { transcribeRoutes } from "./transcribeRoutes.ts";
import { webPageRoutes } from "./webPageRoutes.ts";

export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.use(securityHeaders());
  app.use(corsMiddleware(deps.corsOrigins));
  app.use(errorMiddleware(deps.log));
  app.use(apiKeyAuth(deps.apiKeys));
  for (const router of [
    healthRoutes(deps),
    // Before jobEditRoutes: DELETE /jobs/finished must not be taken for DELETE /jobs/{id}.
    jobRoutes(deps),
    exportRoutes(deps),
    jobEditRoutes(deps),
    jobMediaRoutes(deps),
    jobEventRoutes(deps),
    transcribeRoutes(deps),
    docsRoutes(),
    webPageRoutes(),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  // Errors are answered by errorMiddleware; Koa's own handler would print them a second time.
  app.silent = true;
  return app;
}
