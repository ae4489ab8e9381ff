import type { Command } from "commander";
import type { Io } from "../io.js";
import type { ExitBox } from "../main.js";

/** `akops price` — the TypeScript evaluator; wired in with the evaluator. */
export function registerPrice(_program: Command, _io: Io, _exit: ExitBox): void {}
