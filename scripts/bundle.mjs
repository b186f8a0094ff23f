// The bundler of what ships to browsers: the CDN bundle (scripts/build.mjs → cdn/), the Bitrix24
// app (scripts/build-bitrix24.mjs), the figures of `npm run size` and the pages of bench/. One
// function, so that the bytes measured are the bytes served.
//
//   rollup          modules → chunks. A module that every importer of a lazy chunk has already
//                   loaded stays in the entry: the first load is one file (esbuild's splitting
//                   made 21, and gzip compressed each alone: 62.5 KB against 53.8 KB as one file).
//   esbuild         TypeScript → JavaScript, module by module (useDefineForClassFields: false, as
//                   tsconfig.json: a field's default then goes through Lit's reactive accessor).
//   minify-css.mjs  the CSS inside our css`…` templates (src/**/*.styles.ts, src/styles/*.ts).
//   template-indent the indentation after line breaks in our html`…` templates (magic-string).
//   terser          minifies each chunk: 0.8 KB gzip less than esbuild's minifier on the entry,
//                   4.6 KB less on chart.js (2026-11-27).
//
// Lazy chunks (chart.js, the adapters, the overlays) are fetched by dynamic import() with URLs
// relative to the importing file: the output folder must be served as a whole.
import { dirname, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { transform } from 'esbuild';
import MagicString from 'magic-string';
import { parseAst } from 'rollup/parseAst';
import { minify } from 'terser';
import { minifyCssTemplates } from './minify-css.mjs';

/** The CDN bundle: one entry a page references, its chunks in chunks/. */
export const CDN = { input: { 'crm-profile': 'src/cdn.ts' }, dir: 'cdn' };
/** The installable Bitrix24 application's script (scripts/build-bitrix24.mjs adds its pages and zip). */
export const BITRIX24_APP = { input: { app: 'app/bitrix24/app.ts' }, dir: 'dist-bitrix24' };

const STYLES = /[\\/]src[\\/].*(\.styles|[\\/]styles[\\/][^\\/]+)\.ts$/;
const TSCONFIG = { compilerOptions: { useDefineForClassFields: false, verbatimModuleSyntax: true } };

/**
 * A module's stand-in for `npm run size -- --modules`: its export names bound to `undefined` (never
 * run, only measured). A module that re-exports another's names (`export *`) gets them from an
 * empty object (rollup's synthetic named exports).
 */
const stubOf = (names) => ({
  code: [...names.filter((n) => n !== 'default' && n !== '*').map((n) => `export const ${n} = undefined;`),
    ...(names.includes('default') ? ['export default undefined;'] : []), ...(names.includes('*') ? ['export const __stub = {};'] : [])].join('\n'),
  ...(names.includes('*') ? { syntheticNamedExports: '__stub' } : {}),
  map: null,
});

/**
 * Our TypeScript sources: `./x.js` specifiers resolve to `./x.ts`, then esbuild strips the types.
 * `stubs` (absolute id → export names) replaces those modules by stand-ins.
 */
const typescript = (stubs) => ({
  name: 'typescript',
  async resolveId(id, importer) {
    if (!importer || importer.includes('node_modules') || !id.startsWith('.') || !id.endsWith('.js')) return null;
    const ts = resolve(dirname(importer), `${id.slice(0, -3)}.ts`);
    return (await this.resolve(ts, importer, { skipSelf: true })) ?? null;
  },
  async load(id) {
    if (stubs.has(id)) return stubOf(stubs.get(id));
    if (!id.endsWith('.ts')) return null;
    const text = await readFile(id, 'utf8');
    const r = await transform(STYLES.test(id) ? minifyCssTemplates(text) : text, {
      loader: 'ts', target: 'es2022', tsconfigRaw: TSCONFIG, sourcefile: id, sourcemap: 'external',
    });
    return { code: r.code, map: r.map };
  },
});

/**
 * The indentation after each line break in the static text of our html`…` and svg`…` templates,
 * removed: a line break with spaces after it and one without are the same white space to HTML
 * (no template of ours has `pre` text or a textarea), and rollup composes the source map of the cut.
 */
const templateIndent = () => ({
  name: 'template-indent',
  transform(code, id) {
    if (!id.endsWith('.ts') || id.includes('node_modules') || !/\b(html|svg)`/.test(code)) return null;
    const s = new MagicString(code);
    const visit = (node) => {
      if (!node || typeof node.type !== 'string') return;
      if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && (node.tag.name === 'html' || node.tag.name === 'svg')) {
        for (const q of node.quasi.quasis) {
          for (const m of code.slice(q.start, q.end).matchAll(/\n[ \t]+/g)) s.remove(q.start + m.index + 1, q.start + m.index + m[0].length);
        }
      }
      for (const v of Object.values(node)) {
        if (Array.isArray(v)) v.forEach(visit);
        else if (v && typeof v === 'object') visit(v);
      }
    };
    visit(parseAst(code));
    return s.hasChanged() ? { code: s.toString(), map: s.generateMap({ hires: true }) } : null;
  },
});

/** terser on each chunk (`entriesOnly`: the entries only); `readable` keeps the names (CPU profiles). */
const terser = (readable, entriesOnly) => ({
  name: 'terser',
  async renderChunk(code, chunk, options) {
    if (entriesOnly && !chunk.isEntry) return null;
    const r = await minify(code, {
      module: true, ecma: 2020, compress: { passes: 2 }, mangle: !readable,
      format: { comments: /^!|@license|@preserve/i }, sourceMap: options.sourcemap ? { asObject: true } : false,
    });
    return { code: r.code ?? '', map: r.map ?? null };
  },
});

/**
 * Bundles `input` (name → entry module) into `dir`. Returns every output chunk: its file name (relative
 * to `dir`), code, static and dynamic imports, whether it is an entry, the modules it holds
 * (`modules`: absolute id → rendered length) and their export names (`exports`: id → names).
 *
 * For measurements only: `stubs` (absolute id → export names) bundles those modules as stand-ins
 * exporting `undefined`, and `entriesOnly` minifies just the entries (the other chunks stay as rollup
 * renders them).
 * @param {Record<string, string>} input
 * @param {{ dir: string, write?: boolean, sourcemap?: boolean, readable?: boolean, cwd?: string,
 *   stubs?: Map<string, string[]>, entriesOnly?: boolean }} options
 */
export async function bundle(input, {
  dir, write = true, sourcemap = true, readable = false, cwd = process.cwd(), stubs = new Map(), entriesOnly = false,
}) {
  const abs = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, resolve(cwd, v)]));
  const exportsOf = new Map();
  const build = await rollup({
    input: abs,
    plugins: [typescript(stubs), templateIndent(), nodeResolve(), { name: 'exports', moduleParsed: (info) => void exportsOf.set(info.id, info.exports ?? []) }],
    // The entry may export more than its own exports: the bindings its lazy chunks import from it.
    preserveEntrySignatures: 'allow-extension',
    onwarn(w, warn) {
      if (w.code === 'CIRCULAR_DEPENDENCY' && w.ids?.every((i) => i.includes('node_modules'))) return;
      warn(w);
    },
  });
  try {
    const out = {
      dir: resolve(cwd, dir), format: 'es', sourcemap, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js',
      plugins: [terser(readable, entriesOnly)],
    };
    const { output } = write ? await build.write(out) : await build.generate(out);
    return output.filter((o) => o.type === 'chunk').map((c) => ({
      fileName: c.fileName, code: c.code, imports: c.imports, dynamicImports: c.dynamicImports, isEntry: c.isEntry,
      facade: c.facadeModuleId, modules: Object.fromEntries(Object.entries(c.modules).map(([id, m]) => [id, m.renderedLength])),
      exports: Object.fromEntries(Object.keys(c.modules).map((id) => [id, exportsOf.get(id) ?? []])),
    }));
  } finally {
    await build.close();
  }
}

/** The chunk whose facade (entry or dynamic-import target) is `module` (a path relative to `cwd`). */
export const chunkOf = (chunks, module, cwd = process.cwd()) => chunks.find((c) => c.facade === resolve(cwd, module));

/** The minified and gzip -9 bytes of `files` (chunk file names), each file compressed on its own as served. */
export function bytesOf(chunks, files) {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const code = byName.get(f)?.code;
    if (code === undefined) throw new Error(`no chunk ${f} in the bundle`);
    raw += Buffer.byteLength(code);
    gzip += gzipSync(code, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** `file` and every chunk it imports statically (what loading it fetches), minus `loaded`. */
export function closure(chunks, file, loaded = new Set()) {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f) || loaded.has(f)) return;
    seen.add(f);
    for (const i of byName.get(f)?.imports ?? []) visit(i);
  };
  visit(file);
  return seen;
}
