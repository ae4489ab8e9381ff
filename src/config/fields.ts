import { CronExpressionParser } from "./cron.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { describe } from "./yaml.js";

/** Where config values come from, so errors can name `file: path`. */
export interface ConfigCtx {
  file: string;
  diagnostics: Diagnostic[];
}

/** One typed setting: its default, what it accepts and how to read it. */
export interface Field<T> {
  readonly default: T;
  /** Returns undefined (after reporting) when the raw value is not acceptable. */
  read(raw: unknown, path: string, ctx: ConfigCtx): T | undefined;
}

type FieldValue<F> = F extends Field<infer T> ? T : never;
export type SectionOf<S extends Record<string, Field<unknown>>> = { readonly [K in keyof S]: FieldValue<S[K]> };

function err(ctx: ConfigCtx, path: string, what: string, raw: unknown): undefined {
  ctx.diagnostics.push(diag("AK333", [what, describe(raw)], { file: ctx.file, path }));
  return undefined;
}

/** @default def — an integer in [min, max] */
export function int(def: number, min: number, max: number): Field<number> {
  return {
    default: def,
    read(raw, path, ctx) {
      const n =
        typeof raw === "number" ? raw : typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(n)) return err(ctx, path, "an integer", raw);
      if (n < min || n > max) {
        ctx.diagnostics.push(diag("AK334", ["an integer", min, max, describe(raw)], { file: ctx.file, path }));
        return undefined;
      }
      return n;
    },
  };
}

/** @default def — true or false */
export function bool(def: boolean): Field<boolean> {
  return {
    default: def,
    read(raw, path, ctx) {
      return typeof raw === "boolean" ? raw : err(ctx, path, "true or false", raw);
    },
  };
}

/** @default def — one of the listed words */
export function oneOf<const T extends string>(values: readonly T[], def: T): Field<T> {
  return {
    default: def,
    read(raw, path, ctx) {
      if (typeof raw === "string" && (values as readonly string[]).includes(raw)) return raw as T;
      ctx.diagnostics.push(
        diag("AK335", [values.map((v) => `'${v}'`).join(", "), describe(raw)], { file: ctx.file, path }),
      );
      return undefined;
    },
  };
}

/** @default def — a string matching `pattern` (described as `what` in errors) */
export function text(def: string, pattern: RegExp, what: string): Field<string> {
  return {
    default: def,
    read(raw, path, ctx) {
      const s = typeof raw === "number" ? String(raw) : raw;
      return typeof s === "string" && pattern.test(s) ? s : err(ctx, path, what, raw);
    },
  };
}

/** Characters a path may hold: shell-safe, and no `:` (a path ends up in PATH, a `:`-separated list). */
const PATH_CHARS = /^[A-Za-z0-9_@%+=,./-]*$/;

/**
 * `//tmp/./x/` → `/tmp/x`: repeated slashes and `.` components dropped, no trailing slash. Undefined
 * for anything that is not an absolute path of PATH_CHARS without `..` (checked before normalising,
 * so nothing is hidden by it).
 */
export function normalizePath(raw: string): string | undefined {
  if (!raw.startsWith("/") || !PATH_CHARS.test(raw)) return undefined;
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return undefined;
  return `/${parts.join("/")}`;
}

/**
 * @default def — an absolute path made of safe characters, no `..` or `:`, normalised (`//tmp` is
 * `/tmp`); never `/` itself, which is not a directory (or file) of akops's own (AK340).
 */
export function absPath(def: string, kind: "directory" | "file" = "directory"): Field<string> {
  return {
    default: def,
    read(raw, path, ctx) {
      const p = typeof raw === "string" ? normalizePath(raw) : undefined;
      if (p === undefined) {
        ctx.diagnostics.push(diag("AK337", [describe(raw)], { file: ctx.file, path }));
        return undefined;
      }
      if (p === "/") {
        const what = kind === "file" ? "a file" : "a directory of akops's own";
        ctx.diagnostics.push(diag("AK340", [describe(raw), what, def], { file: ctx.file, path }));
        return undefined;
      }
      return p;
    },
  };
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** @default defSeconds — seconds as a number, or a duration like `90s`, `2m`, `6h`, `1d` */
export function duration(defSeconds: number, min = 0, max = 366 * 86400): Field<number> {
  return {
    default: defSeconds,
    read(raw, path, ctx) {
      let n: number | undefined;
      if (typeof raw === "number" && Number.isSafeInteger(raw)) n = raw;
      else if (typeof raw === "string") {
        const m = /^(\d+)([smhd]?)$/.exec(raw.trim());
        if (m) n = Number(m[1]) * (UNIT[m[2] || "s"] ?? 1);
      }
      if (n === undefined) return err(ctx, path, "a duration in seconds or like '90s', '2m', '6h', '1d'", raw);
      if (n < min || n > max) {
        ctx.diagnostics.push(
          diag("AK334", ["a duration in seconds", min, max, describe(raw)], { file: ctx.file, path }),
        );
        return undefined;
      }
      return n;
    },
  };
}

/** @default def — a five-field cron schedule (or @hourly, @daily, …) as /etc/cron.d takes it */
export function cron(def: string): Field<string> {
  return {
    default: def,
    read(raw, path, ctx) {
      const why = cronError(raw);
      if (why === undefined) return String(raw).trim().replace(/\s+/g, " ");
      ctx.diagnostics.push(diag("AK336", [String(raw), why], { file: ctx.file, path }));
      return undefined;
    },
  };
}

/** Why a schedule is not a valid cron.d schedule, or undefined when it is. */
export function cronError(raw: unknown): string | undefined {
  if (typeof raw !== "string") return "expected a string";
  const s = raw.trim();
  if (/^@(hourly|daily|weekly|monthly|yearly|annually|midnight)$/.test(s)) return undefined;
  if (s.includes("%")) return "'%' is not allowed in a schedule";
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(s)) return "control characters are not allowed in a schedule";
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields (minute hour day month weekday), got ${fields.length}`;
  const step = singleValueStep(fields);
  if (step) return step;
  try {
    CronExpressionParser.parse(s);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.toLowerCase() : "invalid";
  }
}

const CRON_FIELDS = [
  ["minute", 59],
  ["hour", 23],
  ["day of month", 31],
  ["month", 12],
  ["day of week", 6],
] as const;

/**
 * `5/15` (a step on a single start value) is minute 5 alone to Debian's (Vixie) cron, but 5, 20,
 * 35, 50 to cron-parser, Kubernetes and a systemd `*:05/15`: refused, with the range form that
 * every one of them reads the same way.
 */
function singleValueStep(fields: readonly string[]): string | undefined {
  for (const [i, field] of fields.entries()) {
    for (const item of field.split(",")) {
      const m = /^(\d+)\/(\d+)$/.exec(item);
      if (!m) continue;
      const [name, max] = CRON_FIELDS[i]!;
      return `'${item}' in the ${name} field means ${m[1]} alone to Debian's cron but every ${m[2]} from ${m[1]} to systemd and Kubernetes: write '${m[1]}-${max}/${m[2]}'`;
    }
  }
  return undefined;
}

/**
 * Reads one mapping against a spec: absent keys take their defaults, unknown keys warn (AK332),
 * bad values report and fall back to the default so that every error in the file is found in one run.
 */
export function readSection<S extends Record<string, Field<unknown>>>(
  raw: unknown,
  path: string,
  ctx: ConfigCtx,
  spec: S,
): SectionOf<S> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(spec)) out[k] = f.default;
  if (raw === undefined || raw === null) return out as SectionOf<S>;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    err(ctx, path, "a mapping", raw);
    return out as SectionOf<S>;
  }
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const sub = path ? `${path}.${k}` : k;
    const f = spec[k];
    if (!f) {
      ctx.diagnostics.push(diag("AK332", [k, Object.keys(spec).join(", ")], { file: ctx.file, path: sub }));
      continue;
    }
    const value = f.read(v, sub, ctx);
    if (value !== undefined) out[k] = value;
  }
  return out as SectionOf<S>;
}
