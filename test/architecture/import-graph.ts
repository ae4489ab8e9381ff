import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep, posix } from "node:path";
import ts from "typescript";

/** File (repo-relative POSIX path under the root given) → the files it imports, each with the line of the import. */
export type ImportGraph = Map<string, { to: string; line: number }[]>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) ? [p] : [];
  });
}

function resolveSpecifier(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined; // packages and node: built-ins are not ours
  const base = resolve(dirname(fromFile), spec);
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
}

/**
 * Every import of every .ts file under `srcDir`: `import … from`, `export … from`, bare `import "x"`,
 * `import type`, and dynamic `import()` (TypeScript's own pre-processor finds them, comments and
 * strings excluded). Paths are relative to `rootDir`.
 */
export function importGraph(srcDir: string, rootDir: string): ImportGraph {
  const name = (p: string) => relative(rootDir, p).split(sep).join(posix.sep);
  const graph: ImportGraph = new Map();
  for (const file of files(srcDir)) {
    const text = readFileSync(file, "utf8");
    const info = ts.preProcessFile(text, true, true);
    const edges: { to: string; line: number }[] = [];
    for (const ref of info.importedFiles) {
      const target = resolveSpecifier(file, ref.fileName);
      if (target === undefined) continue;
      edges.push({ to: name(target), line: text.slice(0, ref.pos).split("\n").length });
    }
    graph.set(name(file), edges);
  }
  return graph;
}

/** Every cycle of the graph (one per strongly connected component), each as a path `a → b → … → a`. */
export function findCycles(graph: ImportGraph): string[][] {
  // Tarjan's strongly connected components.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const { to: w } of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).some((e) => e.to === v);
      if (comp.length > 1 || selfLoop) components.push(comp);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);

  // For each component, one concrete cycle through its smallest member (breadth-first, inside the component).
  return components.map((comp) => {
    const members = new Set(comp);
    const start = [...comp].sort()[0]!;
    const prev = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const { to: w } of graph.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [start];
          for (let u: string | undefined = v; u !== undefined && u !== start; u = prev.get(u)) path.splice(1, 0, u);
          return [...path, start];
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    return [...comp, comp[0]!];
  });
}

/** A layer: a file or folder prefix and its rank (higher ranks may import lower ones, never the reverse). */
export interface Layer {
  prefix: string;
  rank: number;
}

/** The layer of a file: the longest matching prefix. */
export function layerOf(layers: readonly Layer[], file: string): Layer | undefined {
  return layers
    .filter((l) => file === l.prefix || file.startsWith(l.prefix.endsWith("/") ? l.prefix : `${l.prefix}/`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

/** Every import from a lower layer to a higher one, and every file that belongs to no layer, as messages naming the edge. */
export function layerViolations(graph: ImportGraph, layers: readonly Layer[]): string[] {
  const out: string[] = [];
  const files = new Set([...graph.keys(), ...[...graph.values()].flatMap((es) => es.map((e) => e.to))]);
  for (const f of [...files].sort()) if (!layerOf(layers, f)) out.push(`${f} is in no layer: add it to LAYERS`);
  for (const [from, edges] of graph) {
    const a = layerOf(layers, from);
    for (const e of edges) {
      const b = layerOf(layers, e.to);
      if (a && b && a.rank < b.rank)
        out.push(
          `${from}:${e.line} imports ${e.to}: ${a.prefix} (rank ${a.rank}) must not import ${b.prefix} (rank ${b.rank})`,
        );
    }
  }
  return out;
}
