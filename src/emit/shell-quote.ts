/** A string that is safe to paste into bash as one word (produced only by `shq`). */
export type ShellWord = string & { readonly __brand: "ShellWord" };
/** A validated integer, safe in arithmetic and as a word. */
export type ShellInt = string & { readonly __brand: "ShellInt" };
/** A validated identifier (`^[a-z_][a-z0-9_]*$`), never escaped. */
export type ShellIdent = string & { readonly __brand: "ShellIdent" };
/** The body of a quoted here-document (`<<'DELIM'`), which bash takes verbatim (produced only by `heredocBody`). */
export type HeredocBody = string & { readonly __brand: "HeredocBody" };

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

/** `name=value` words for a bash array (`NAME=(…)`), each quoted by shq, separated by spaces. */
export function shqPairs(entries: readonly (readonly [string, string])[]): string {
  return entries.map(([name, value]) => shq(`${name}=${value}`)).join(" ");
}

/**
 * Like shq, but always single-quoted, even a safe word. For the keys of associative-array literals
 * (`['ibc/27…']=usd`): a bare key is read as arithmetic by shfmt, which would respace `ibc/27…`.
 */
export function shqQuoted(value: string): ShellWord {
  return `'${value.replace(/'/g, `'"'"'`)}'` as ShellWord;
}

/**
 * Program text (jq, bc) for a quoted here-document ending in a line `delimiter`: bash expands nothing
 * in it, so it reads as written. One trailing newline is dropped (the template puts the delimiter on
 * the next line); a line equal to the delimiter would end the document early and is an internal error.
 */
export function heredocBody(text: string, delimiter: string): HeredocBody {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  if (body.split("\n").includes(delimiter))
    throw new Error(`internal: a line of the here-document is its delimiter ${delimiter}`);
  return body as HeredocBody;
}

export function shellInt(value: number): ShellInt {
  if (!Number.isSafeInteger(value)) throw new Error(`internal: not an integer: ${value}`);
  return String(value) as ShellInt;
}

export function shellIdent(name: string): ShellIdent {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`internal: not a shell identifier: ${name}`);
  return name as ShellIdent;
}
