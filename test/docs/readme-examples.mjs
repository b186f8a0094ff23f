// The README's code examples, served by the test server (web-test-runner.config.mjs) so that
// test/docs/readme.test.ts runs them as they are written: README.md is read at each request, so
// an example edited in the README is the example tested.
//
//   GET /__readme/<section>/<n>           the n-th code block (from 1) under the heading whose slug is
//                                          <section>, as text (?raw: without the substitutions below)
//   GET /__readme/<section>/<n>+<m>.html  blocks n and m joined into one page (a page's markup and its
//                                          script, given as two blocks)
//   GET /__readme/<section>/<n>.js        the block as an ES module (TypeScript or TSX compiled by esbuild,
//                                          its bare imports pointed at the packages served here), with
//                                          `export { <names> }` added when ?export=a,b names its top-level
//                                          bindings, and `export const claims`: what its comments say a
//                                          line gives (below)
//
// A claim is a line `<expression>; // <value> …` (the value a number or a "string", then a space or
// the line's end; not a declaration or an import): the
// module exports `claims`, a list of [expression, () => its value, the value claimed], which the
// test compares (so `values.conversion.value; // 50 (…)` in the README is checked, not believed).
//
// A section's slug: see scripts/readme-blocks.mjs ("Use from a CDN / CMS (one script tag, attributes
// only)" → use-from-a-cdn-cms-one-script-tag-attributes-only).
// An unknown section or block answers 404 with the sections and their block counts.
//
// The only changes made to an example: its placeholder addresses become this test server's.
//   - any URL ending in /cdn/crm-profile.js          → /cdn/crm-profile.js (the CDN build: `npm run build` first)
//   - the bare specifier 'crm-profile-widgets'        → /src/index.ts (what the npm build is built from)
//   - https://crm.example (the host page's origin)    → http://localhost:<port>
//   - https://widgets.example (the child page's)      → http://127.0.0.1:<port> (another origin, same server);
//     its child.html → the child page's example, served from there
//   - https://crm.example.com/api… (a REST server)     → /api-auth/ (the contract over the demo data, bearer
//                                                        token "wtr-rest-token") in "Or: any backend…", else /api/
//   - https://<portal>.bitrix24.com/rest/1/…/ (webhook) → the Bitrix24 emulator's webhook
import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { codeBlocks } from '../../scripts/readme-blocks.mjs';
import { commonjsPath } from '../frameworks/wtr-commonjs.mjs';

const PREFIX = '/__readme/';
/** The section of the iframe's child page: the host page's example frames it. */
const CHILD_PAGE = 'the-child-page-e-g-https-widgets-example-child-html';

/** The example with this test server's addresses in place of its placeholders (see the header). */
export function withTestAddresses(text, section, port) {
  const rest = section.startsWith('or-any-backend') ? '/api-auth/' : '/api/';
  return text
    .replace(/https?:\/\/[^\s'"`]+\/cdn\/crm-profile\.js/g, '/cdn/crm-profile.js')
    .replace(/(from\s+|import\s+)'crm-profile-widgets'/g, "$1'/src/index.ts'")
    .replace(/https:\/\/crm\.example\.com\/api[^\s'"`]*/g, rest)
    .replace(/https:\/\/[\w-]+\.bitrix24\.com\/rest\/1\/[^\s'"`/]+\//g, `http://localhost:${port}/rest/1/demo-webhook-code/`)
    .replace(/https:\/\/widgets\.example\/child\.html/g, `http://127.0.0.1:${port}${PREFIX}${CHILD_PAGE}/1.html`)
    .replace(/https:\/\/crm\.example(?![.\w])/g, `http://localhost:${port}`)
    .replace(/https:\/\/widgets\.example(?![.\w])/g, `http://127.0.0.1:${port}`);
}

/**
 * A compiled example's bare imports (`'react'`, `'vue/dist/vue.esm-browser.js'`, and the
 * `'react/jsx-runtime'` that esbuild adds for JSX) pointed where this server serves them: React's
 * CommonJS entries pre-bundled by test/frameworks/wtr-commonjs.mjs, any other package from
 * /node_modules/ (URLs stay as they are), as an import map would: this middleware's answers skip
 * the runner's node-resolve.
 */
export function withServedPackages(js) {
  return js.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"'./][^"']*)\2/g, (all, lead, q, id) => (/^[a-z][\w+.-]*:/i.test(id) ? all : `${lead}${q}${commonjsPath(id) ?? `/node_modules/${id}`}${q}`));
}

/** The claims of an example's lines (see the header), as the source of an exported array. */
export function claimsOf(text) {
  const claims = [];
  for (const line of text.split('\n')) {
    // (Not a comment line, nor a declaration: `const x = …; // 5` claims nothing of an expression.)
    const m = /^\s*(?!\/\/|const |let |var |import |export )(.+?);\s*\/\/\s*("[^"]*"|-?\d[\d.]*)(?:\s|$)/.exec(line);
    if (m) claims.push(`[${JSON.stringify(m[1])}, () => (${m[1]}), ${m[2].startsWith('"') ? m[2] : JSON.stringify(m[2])}]`);
  }
  return `export const claims = [\n  ${claims.join(',\n  ')}\n];\n`;
}

/** Koa middleware serving the README's examples under /__readme/. */
export function readmeExamples(readmePath) {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(PREFIX)) return next();
    const sections = codeBlocks(readFileSync(readmePath, 'utf8'));
    const [section, file = ''] = ctx.path.slice(PREFIX.length).split('/');
    const [, numbers, ext] = /^([\d+]+)(?:\.(html|js))?$/.exec(file) ?? [];
    const blocks = numbers?.split('+').map((n) => sections.get(section)?.[Number(n) - 1]);
    if (!blocks || blocks.some((b) => !b)) {
      ctx.status = 404;
      ctx.type = 'text/plain';
      ctx.body = `No code block ${file} under "${section}". Sections with code blocks:\n${[...sections].filter(([, b]) => b.length).map(([s, b]) => `${s}: ${b.length}`).join('\n')}\n`;
      return undefined;
    }
    const port = ctx.host.split(':')[1] ?? '80';
    const text = blocks.map((b) => ('raw' in ctx.query ? b.text : withTestAddresses(b.text, section, port)));
    if (ext === 'html') {
      // A script block joined to a page's markup runs as a module after it.
      ctx.type = 'text/html';
      ctx.body = text.map((t, i) => (blocks[i].lang === 'html' ? t : `<script type="module">\n${t}</script>\n`)).join('');
    } else if (ext === 'js') {
      const names = String(ctx.query.export ?? '').split(',').filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
      const code = `${text.join('')}${names.length ? `export { ${names.join(', ')} };\n` : ''}${claimsOf(text.join(''))}`;
      const tsx = blocks.some((b) => b.lang === 'tsx');
      const js = (await transform(code, { loader: tsx ? 'tsx' : 'ts', jsx: 'automatic', format: 'esm', target: 'es2022' })).code;
      ctx.type = 'text/javascript';
      ctx.body = withServedPackages(js);
    } else {
      ctx.type = 'text/plain';
      ctx.body = text.join('');
    }
    return undefined;
  };
}

/**
 * The README's Node example of "Or: any backend through the REST contract" (the contract server
 * over the complete adapter of "The interface in brief"), run in the test runner's Node process as a
 * server command (`executeServerCommand('readme-contract-server')`): its modules are written to a
 * temporary folder as they are, their imports pointed at this repository (`'crm-profile-widgets'`
 * → src/core and src/adapters, which need no DOM; `./server/rest/node.js` → a stand-in re-exporting
 * server/rest/node.ts that remembers the servers started, to close them), port 8025 made 0 (any
 * free port). Answers what the started server gave for contact 7, with and without the token.
 */
export function readmeNodeExamples(readmePath) {
  return {
    name: 'readme-node-examples',
    async executeCommand({ command }) {
      if (command !== 'readme-contract-server') return undefined;
      const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const { pathToFileURL } = await import('node:url');
      const { tsImport } = await import('tsx/esm/api');
      const sections = codeBlocks(readFileSync(readmePath, 'utf8'));
      const adapter = sections.get('the-interface-in-brief')?.find((b) => b.lang === 'js')?.text;
      const server = sections.get('or-any-backend-through-the-rest-contract')?.find((b) => b.lang === 'ts')?.text;
      if (!adapter || !server) throw new Error('README.md: the adapter or the contract server example is missing');
      const repo = (path) => JSON.stringify(new URL(`../../${path}`, import.meta.url).href);
      const dir = mkdtempSync(join(tmpdir(), 'readme-node-'));
      const started = [];
      globalThis.__readmeServers = started;
      const token = 'readme-example-token';
      const before = process.env.CRM_API_TOKEN;
      process.env.CRM_API_TOKEN = token;
      try {
        writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n'); // (ES modules, top-level await)
        writeFileSync(join(dir, 'crm.ts'), `export * from ${repo('src/core/index.ts')};\nexport * from ${repo('src/adapters/index.ts')};\n`);
        writeFileSync(join(dir, 'rest-node.ts'), `export * from ${repo('server/rest/node.ts')};
import { startContractServer as start } from ${repo('server/rest/node.ts')};
export const startContractServer: typeof start = async (...args) => {
  const s = await start(...args);
  (globalThis as unknown as { __readmeServers: { close(): Promise<void> }[] }).__readmeServers.push(s);
  return s;
};\n`);
        writeFileSync(join(dir, 'my-adapter.ts'), `${adapter.replace(/'crm-profile-widgets'/g, "'./crm.ts'")}\nexport { myAdapter };\n`);
        writeFileSync(join(dir, 'server.ts'), `${server.replace(/'\.\/server\/rest\/node\.js'/g, "'./rest-node.ts'")
          .replace(/'\.\/my-adapter\.js'/g, "'./my-adapter.ts'").replace(/startContractServer\(8025\b/g, 'startContractServer(0')}\nexport { baseUrl };\n`);
        const { baseUrl } = await tsImport(pathToFileURL(join(dir, 'server.ts')).href, import.meta.url);
        const client = await fetch(`${baseUrl}/clients/contact/7`, { headers: { authorization: `Bearer ${token}` } });
        const anonymous = await fetch(`${baseUrl}/clients/contact/7`);
        return { baseUrl, status: client.status, client: await client.json(), withoutToken: anonymous.status };
      } finally {
        for (const s of started) await s.close();
        if (before === undefined) delete process.env.CRM_API_TOKEN;
        else process.env.CRM_API_TOKEN = before;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
