import type { ShellIdent, ShellInt, ShellWord } from "./shell-quote.js";

/** Text produced by a TS emitter from already-quoted parts (a data block, a list of lines). */
export type Fragment = string & { readonly __brand: "Fragment" };

export type Slot = ShellWord | ShellInt | ShellIdent | Fragment;

/** Marks emitter-built text as a fragment. Callers must have quoted every value inside it. */
export function fragment(text: string): Fragment {
  return text as Fragment;
}

const SLOT = /\{\{([a-z][a-z0-9_]*)\}\}/g;

/**
 * Fills a logic-less template's `{{slot}}`s. A slot the template names but the caller did not give,
 * or one the caller gave but the template does not use, is an internal error: templates and emitters
 * must change together.
 */
export function render(template: string, slots: Record<string, Slot>, name = "template"): string {
  const used = new Set<string>();
  const out = template.replace(SLOT, (_, key: string) => {
    const value = slots[key];
    if (value === undefined) throw new Error(`internal: ${name}: unknown slot {{${key}}}`);
    used.add(key);
    return value;
  });
  const unused = Object.keys(slots).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`internal: ${name}: unused slot(s) ${unused.join(", ")}`);
  return out;
}
