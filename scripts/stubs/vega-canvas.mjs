// Stands in for vega-canvas in the bundled chart renderer. vega-canvas tries `await import('canvas')`
// at top level (node-canvas, a native module akops does not install) and returns null without it,
// which makes vega estimate text widths: exactly what this stub does, minus the top-level await that
// a CommonJS bundle cannot hold.
export function canvas() {
  return null;
}
export function image() {
  return null;
}
