// A @web/test-runner plugin serving CommonJS-only packages to the browser as ES modules.
// React 19 ships CommonJS only (no ES module, no UMD build), which the test runner's node-resolve
// cannot hand to a browser. Like Vite's dependency pre-bundling, this bundles the listed entries
// once with esbuild (already a devDependency) into ES modules that share their chunks (one React for
// react, react-dom/client and react/jsx-runtime), serves them under /__commonjs/ and points the bare
// imports there. Named exports are those the package exports when required in Node.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const PREFIX = '/__commonjs/';
const ENTRIES = ['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom', 'react-dom/client'];
const fileOf = (id) => `${id.replace(/[^a-z0-9]+/gi, '_')}.js`;

/** Where the plugin (with its default entries) serves a package entry, or undefined when it does not. */
export const commonjsPath = (id) => (ENTRIES.includes(id) ? PREFIX + fileOf(id) : undefined);

/**
 * The names a CommonJS module exports, read by requiring it in a child Node process (requiring
 * React here would run its development build against the test runner's patched console).
 */
function exportNames(id, mode) {
  const script = `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(id)}))))`;
  const out = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_ENV: mode }, encoding: 'utf8' });
  return JSON.parse(out).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
}

/** @param {{ entries?: string[], mode?: 'development' | 'production' }} [options] */
export function commonjsPackages({
  entries = ENTRIES,
  mode = 'development',
} = {}) {
  /** @type {Promise<Map<string, string>> | undefined} */
  let files;

  async function bundle() {
    /** Entry facades: the CommonJS module as default export plus each of its names as a named export. */
    const facades = new Map(entries.map((id) => [id,
      `import m from ${JSON.stringify(id)};\nexport default m;\nexport const { ${exportNames(id, mode).join(', ')} } = m;\n`]));
    const result = await build({
      entryPoints: Object.fromEntries(entries.map((id) => [fileOf(id).slice(0, -3), `facade:${id}`])),
      bundle: true, splitting: true, format: 'esm', target: 'es2022', write: false, outdir: '/out',
      define: { 'process.env.NODE_ENV': JSON.stringify(mode) }, logLevel: 'silent',
      plugins: [{
        name: 'facades',
        setup(b) {
          b.onResolve({ filter: /^facade:/ }, (a) => ({ path: a.path.slice('facade:'.length), namespace: 'facade' }));
          b.onLoad({ filter: /.*/, namespace: 'facade' }, (a) => ({ contents: facades.get(a.path), resolveDir: process.cwd(), loader: 'js' }));
        },
      }],
    });
    return new Map(result.outputFiles.map((f) => [f.path.slice('/out/'.length), f.text]));
  }

  return {
    name: 'commonjs-packages',
    resolveImport({ source }) {
      if (entries.includes(source)) return PREFIX + fileOf(source);
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      files ??= bundle();
      const body = (await files).get(context.path.slice(PREFIX.length));
      return body === undefined ? undefined : { body, type: 'js' };
    },
  };
}
