// The esbuild options of the CDN bundle, shared by scripts/build.mjs (writes cdn/) and
// scripts/size.mjs (builds the same thing in memory and measures it).
//
// cdn/crm-profile.js is the only file a page references. Code splitting keeps chart.js and the
// adapters behind source="demo" / "bitrix24:…" / "rest:…" in cdn/chunks/, fetched by dynamic
// import() only when needed. esbuild also moves code shared by the entry and those chunks into
// small shared chunks that crm-profile.js imports statically: they load with it (relative URLs,
// so the whole cdn/ folder must be served together). The CSS of our css`…` templates is minified
// (scripts/minify-css-literals.mjs), which esbuild does not do.
import { minifyCssLiterals } from './minify-css-literals.mjs';

/** @type {import('esbuild').BuildOptions} */
export const cdnOptions = {
  entryPoints: { 'crm-profile': 'src/cdn.ts' },
  outdir: 'cdn',
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  chunkNames: 'chunks/[name]-[hash]',
  tsconfig: 'tsconfig.json', // legacy decorators, useDefineForClassFields: false (Lit)
  logLevel: 'warning',
  plugins: [minifyCssLiterals()],
};
