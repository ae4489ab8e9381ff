// Templates are embedded as text by esbuild (--loader:.tmpl=text) and by the vitest plugin in vitest.config.ts.
declare module "*.tmpl" {
  const text: string;
  export default text;
}
