/** Types of pageBuild.mjs (plain JavaScript so that esbuild.config.mjs can run it without tsx). */
export declare const WEB_ASSET_CONTENT_TYPES: Record<string, string>;
export declare function buildWebPage(root: string): Promise<Map<string, Uint8Array>>;
