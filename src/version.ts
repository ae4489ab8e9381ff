declare const __AKOPS_VERSION__: string | undefined;

/** The generator version written into every header; esbuild defines it from package.json. */
export const VERSION: string = typeof __AKOPS_VERSION__ === "string" ? __AKOPS_VERSION__ : "0.0.0-dev";

/** Golden files are generated with this version so that a release does not rewrite them all. */
export const TEST_VERSION = "0.0.0-test";
