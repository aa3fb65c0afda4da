/** Virtual module resolved by esbuild.config.mjs to piscina's worker bootstrap (dist/worker.js). */
declare module "piscina-worker-bootstrap";
