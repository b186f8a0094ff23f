// npm run check:pack: what `npm publish` would ship, and whether it works once installed.
//
// 1. `npm pack --dry-run --json`: the tarball holds dist/ (ES modules + .d.ts), cdn/, the type
//    declarations of every `exports` entry, custom-elements.json, README.md, LICENSE and
//    package.json, and nothing else (no sources, tests, demo, emulator, benchmarks, scripts…).
// 2. The tarball, installed in two throwaway projects (`npm install <tarball>`, dependencies from
//    the registry or the npm cache):
//    - a plain Node ES module script: every `exports` entry resolves (import.meta.resolve) to an
//      installed file; `./core` and `./adapters` are imported and used; the JSON entries are read;
//      `.` (elements: needs a DOM) and the CDN bundle are only resolved;
//    - a Vite app importing every entry and the README's "Use from npm" example as written, built with
//      `vite build` (this repository's Vite).
// Build first (`npm run build`, `npm run analyze` for the manifest). Exits 1 on any problem.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeBlocks } from './readme-blocks.mjs';

const started = Date.now();
const root = process.cwd();
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const problems = [];
const fail = (m) => problems.push(m);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
const step = (m) => console.log(`\n== ${m}`);

if (!existsSync('dist/index.js') || !existsSync('cdn/crm-profile.js')) {
  console.error('dist/ or cdn/ is missing: run `npm run build` first.');
  process.exit(1);
}

// ---- 1. the file list ------------------------------------------------------------------------
step('npm pack --dry-run: the file list');
const [dry] = JSON.parse(run(npm, ['pack', '--dry-run', '--json', '--ignore-scripts']));
const files = dry.files.map((f) => f.path).sort();
const has = (path) => files.includes(path);
const under = (dir) => files.some((f) => f.startsWith(`${dir}/`));

const ALLOWED_DIRS = ['dist', 'cdn', 'types'];
const ALLOWED_FILES = ['package.json', 'README.md', 'LICENSE', 'custom-elements.json'];
for (const f of files) {
  const top = f.split('/')[0];
  if (!(f.includes('/') ? ALLOWED_DIRS.includes(top) : ALLOWED_FILES.includes(f))) fail(`unexpected file in the package: ${f}`);
  if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(f) || /(^|\/)(test|tests|__tests__|fixtures|bench|emulator)\//.test(f)) fail(`test or tooling file in the package: ${f}`);
  if (/\.tsx?$/.test(f) && !/\.d\.ts$/.test(f)) fail(`TypeScript source in the package: ${f}`);
}
for (const f of ALLOWED_FILES) if (!has(f)) fail(`missing from the package: ${f}`);
for (const d of ['dist', 'cdn']) if (!under(d)) fail(`missing from the package: ${d}/`);
if (!has('cdn/crm-profile.js')) fail('missing from the package: cdn/crm-profile.js');
for (const entry of pkg.files ?? []) {
  const clean = entry.replace(/^\.\//, '').replace(/\/$/, '');
  if (!has(clean) && !under(clean)) fail(`package.json "files" lists ${entry}, which is not in the package`);
}
// Every chunk the CDN bundle imports is shipped.
for (const f of files.filter((x) => /^cdn\/.*\.js$/.test(x))) {
  const text = readFileSync(f, 'utf8');
  for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    const target = join(f, '..', m[1]).split('\\').join('/');
    if (!has(target)) fail(`${f} imports ${m[1]}, which is not in the package`);
  }
}

// The exports map: every target (and its types) is in the package.
const exportsMap = typeof pkg.exports === 'string' ? { '.': pkg.exports } : pkg.exports;
const targets = (value) => (typeof value === 'string' ? [['default', value]] : Object.entries(value).flatMap(([cond, v]) => targets(v).map(([c, t]) => [c === 'default' ? cond : `${cond}.${c}`, t])));
for (const [key, value] of Object.entries(exportsMap)) {
  if (key.includes('*')) continue;
  for (const [cond, target] of targets(value)) {
    if (!has(target.replace(/^\.\//, ''))) fail(`exports["${key}"].${cond} → ${target}: not in the package`);
  }
  if (typeof value === 'object' && /\.js$/.test(value.default ?? value.import ?? '') && !value.types) fail(`exports["${key}"] has no "types"`);
}
console.log(`${files.length} files, ${(dry.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${(dry.size / 1024).toFixed(0)} KiB packed; top level: ${[...new Set(files.map((f) => (f.includes('/') ? `${f.split('/')[0]}/` : f)))].join(', ')}`);

// ---- 2. install the tarball ----------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'crm-pack-'));
try {
  step('npm pack: the tarball');
  const [packed] = JSON.parse(run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work]));
  const tarball = join(work, packed.filename);
  console.log(tarball);

  const install = (dir) => run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball], dir);
  const subpaths = Object.keys(exportsMap).filter((k) => !k.includes('*'));
  const spec = (key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`);

  // A plain Node ES module script.
  step('a Node ES module script: every exports entry');
  const nodeApp = join(work, 'node-app');
  mkdirSync(nodeApp);
  writeFileSync(join(nodeApp, 'package.json'), JSON.stringify({ name: 'node-app', private: true, type: 'module' }));
  install(nodeApp);
  writeFileSync(join(nodeApp, 'check.mjs'), `
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const subpaths = ${JSON.stringify(subpaths.map((k) => [k, spec(k)]))};
const out = {};
for (const [key, spec] of subpaths) {
  const url = import.meta.resolve(spec);
  if (!existsSync(fileURLToPath(url))) throw new Error(spec + ' resolves to ' + url + ', which does not exist');
  out[key] = url.replace(/^.*node_modules\\//, '');
}
// ./core: pure TypeScript, no DOM.
const core = await import(${JSON.stringify(spec('./core'))});
const march = core.resolvePeriod('month:2026-03', Date.UTC(2026, 3, 15), 'UTC', 'en');
if (march.from !== Date.UTC(2026, 2, 1) || march.to !== Date.UTC(2026, 3, 1)) throw new Error('./core resolvePeriod gave ' + JSON.stringify(march));
const money = core.parseMoney('19999.99', 'EUR');
if (money.minor !== 1999999 || money.currency !== 'EUR') throw new Error('./core parseMoney gave ' + JSON.stringify(money));
out.core = Object.keys(core).length + ' exports';
// ./adapters: the demo source answers, through the core.
if (subpaths.some(([k]) => k === './adapters')) {
  const { DemoAdapter } = await import(${JSON.stringify(spec('./adapters'))});
  const demo = new DemoAdapter({ seed: 1 });
  const client = await demo.getClient({ type: 'contact', id: '1' });
  const values = await core.evaluateMetrics(demo, {
    client: { type: 'contact', id: '1' }, period: core.resolvePeriod('last-90-days', demo.now, 'UTC', 'en'), now: demo.now, locale: 'en',
  }, ['won-value', 'conversion']);
  if (!client.name || !('conversion' in values)) throw new Error('./adapters DemoAdapter answered ' + JSON.stringify({ client, values }));
  out.adapters = 'DemoAdapter: ' + client.name;
}
for (const [key, spec] of subpaths.filter(([, s]) => s.endsWith('.json'))) {
  const json = (await import(spec, { with: { type: 'json' } })).default;
  if (!json || typeof json !== 'object') throw new Error(spec + ': not JSON');
}
const manifest = subpaths.find(([k]) => k === './custom-elements.json');
if (manifest) {
  const cem = (await import(manifest[1], { with: { type: 'json' } })).default;
  const tags = cem.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter(Boolean);
  if (!tags.includes('crm-profile')) throw new Error('custom-elements.json names no <crm-profile>');
  out.manifest = tags.join(' ');
}
console.log(JSON.stringify(out, null, 1));
`);
  console.log(run(process.execPath, ['check.mjs'], nodeApp).trim());

  // A Vite app importing every entry.
  step('a Vite app importing every exports entry: vite build');
  const viteApp = join(work, 'vite-app');
  mkdirSync(viteApp);
  writeFileSync(join(viteApp, 'package.json'), JSON.stringify({ name: 'vite-app', private: true, type: 'module' }));
  install(viteApp);
  writeFileSync(join(viteApp, 'index.html'), '<!doctype html>\n<html><head><script type="module" src="./main.js"></script></head>\n<body><crm-profile source="demo" entity-type="contact" entity-id="1"></crm-profile></body></html>\n');
  // The README's "Use from npm" imports, as written (a name the package does not export fails the build).
  const readmeImports = codeBlocks(readFileSync('README.md', 'utf8')).get('use-from-npm')?.find((b) => /^(ts|js)$/.test(b.lang))?.text;
  if (!readmeImports?.includes(`'${pkg.name}`)) fail('README.md: no import example under "Use from npm"');
  writeFileSync(join(viteApp, 'main.js'), `${readmeImports ?? ''}
${subpaths.map((k, i) => `import * as entry${i} from ${JSON.stringify(spec(k))};`).join('\n')}
// (What the README's imports name is used: a name the package lacks cannot go unnoticed.)
document.body.dataset.readme = String([${[...(readmeImports ?? '').matchAll(/import\s*\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.trim().split(/\s+as\s+/).pop())).filter((n) => n && !n.startsWith('type ')).map((n) => `typeof ${n}`).join(', ')}]);
const entries = { ${subpaths.map((k, i) => `${JSON.stringify(k)}: entry${i}`).join(', ')} };
document.body.dataset.entries = Object.entries(entries).map(([k, m]) => k + ':' + Object.keys(m).length).join(' ');
`);
  writeFileSync(join(viteApp, 'vite.config.mjs'), 'export default { logLevel: "warn", build: { chunkSizeWarningLimit: 2000 } };\n');
  run(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build'], viteApp);
  const assets = readdirSync(join(viteApp, 'dist', 'assets'));
  const js = assets.filter((a) => a.endsWith('.js'));
  if (!existsSync(join(viteApp, 'dist', 'index.html')) || js.length === 0) fail('vite build wrote no index.html or no JavaScript');
  const bundle = js.map((a) => readFileSync(join(viteApp, 'dist', 'assets', a), 'utf8')).join('\n');
  for (const tag of ['crm-profile', 'crm-widget', 'crm-period-picker']) if (!bundle.includes(tag)) fail(`the Vite build does not contain <${tag}>`);
  console.log(`vite build: ${js.length} JavaScript files (${assets.join(', ')})`);
} catch (e) {
  fail(`${e.message}${e.stdout ? `\n${e.stdout}` : ''}${e.stderr ? `\n${e.stderr}` : ''}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
if (problems.length) {
  console.error(`\ncheck:pack failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('check:pack: ok');
