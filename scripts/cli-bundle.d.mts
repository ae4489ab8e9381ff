import type { BuildOptions } from "esbuild";
/** esbuild options for the CLI bundle at `outfile`, built from the repository at `root`. */
export function cliBundleOptions(root: string, outfile: string): BuildOptions;
