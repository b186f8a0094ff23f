// An esbuild plugin for the CDN bundle: minifies the CSS inside Lit's css`…` templates of our own
// style modules (src/**/*.styles.ts, src/styles/*.ts), which esbuild leaves as written. Only the
// static text between `${…}` holes changes: comments go, runs of whitespace become one space, and
// the spaces around `{ } ;` and after `:` go. Spaces before `:` stay (`a :hover` and `a:hover`
// differ), after `,` too (custom properties keep their values' spaces), and quoted strings.
import { readFile } from 'node:fs/promises';
import { minifyCssTemplates } from './minify-css.mjs';

/** @returns {import('esbuild').Plugin} */
export const minifyCssLiterals = () => ({
  name: 'minify-css-literals',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*(\.styles|[\\/]styles[\\/][^\\/]+)\.ts$/ }, async (args) => ({
      contents: minifyCssTemplates(await readFile(args.path, 'utf8')),
      loader: 'ts',
    }));
  },
});
