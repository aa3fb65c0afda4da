/** Stylesheets imported for their effect: esbuild bundles them into the page's app-<hash>.css. */
declare module "*.css";
