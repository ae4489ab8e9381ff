/** `gen all …` of the shipped example into `out` (without the node and akops words), to run from the repository's root. */
export function exampleGenAllArgs(out: string): string[];
