import type { Command } from "commander";
import type { Io } from "../io.js";
import type { ExitBox } from "../main.js";

/** `akops migrate` — provided by the packaging work (issue 6). */
export function registerMigrate(_program: Command, _io: Io, _exit: ExitBox): void {}
