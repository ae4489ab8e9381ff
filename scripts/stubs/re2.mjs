// Stands in for @kubernetes-models/validate/runtime/re2 (re2-wasm) in the esbuild bundle: re2-wasm
// compiles an 860 kB WebAssembly module at load time and looks for re2.wasm next to the bundle. The
// schemas akops validates (prometheus-operator's PrometheusRule) use two patterns, both plain RE2 that
// JavaScript reads the same way once a leading inline `(?i)` becomes the `i` flag; anything else RE2
// has and JavaScript lacks is refused loudly rather than read differently. Vitest runs the real re2-wasm.
export default class RE2 {
  constructor(pattern, flags = "") {
    let source = String(pattern);
    let extra = "";
    if (source.includes("(?i)")) {
      source = source.replaceAll("(?i)", "");
      extra = "i";
    }
    if (/\(\?[a-zA-Z]|\\[pPQEz]|\[\[:/.test(source))
      throw new Error(`internal: RE2 pattern not supported by the bundle's stand-in: ${pattern}`);
    // biome-ignore lint/correctness/noConstructorReturn: a stand-in for the RE2 class, used as `new RE2(…)`.
    return new RegExp(source, flags + extra);
  }
}
