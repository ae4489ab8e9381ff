/** A string that is safe to paste into bash as one word (produced only by `shq`). */
export type ShellWord = string & { readonly __brand: "ShellWord" };
/** A validated integer, safe in arithmetic and as a word. */
export type ShellInt = string & { readonly __brand: "ShellInt" };
/** A validated identifier (`^[a-z_][a-z0-9_]*$`), never escaped. */
export type ShellIdent = string & { readonly __brand: "ShellIdent" };

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes a value for bash with the rule of CPython's shlex.quote: words made only of the safe set
 * stay as they are, everything else is single-quoted with `'` written as `'"'"'`.
 * This is the one function that puts configured values into generated shell.
 */
export function shq(value: string): ShellWord {
  if (value === "") return "''" as ShellWord;
  if (SAFE.test(value)) return value as ShellWord;
  return `'${value.replace(/'/g, `'"'"'`)}'` as ShellWord;
}

export function shellInt(value: number): ShellInt {
  if (!Number.isSafeInteger(value)) throw new Error(`internal: not an integer: ${value}`);
  return String(value) as ShellInt;
}

export function shellIdent(name: string): ShellIdent {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`internal: not a shell identifier: ${name}`);
  return name as ShellIdent;
}
