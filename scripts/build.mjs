// npm run build:
//   dist/  the npm build: ES modules + .d.ts straight from tsc, lit and chart.js left external;
//   cdn/   cdn/crm-profile.js, the one minified ES module a page references (<script type="module">),
//          defining every element; chart.js, the data sources' adapters and the overlays are lazy
//          chunks in cdn/chunks/ (scripts/bundle.mjs: rollup, terser). `npm run size` checks the budgets.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundle, CDN } from './bundle.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const declared = /VERSION = '([^']+)'/.exec(readFileSync('src/version.ts', 'utf8'))?.[1];
if (declared !== pkg.version) {
  throw new Error(`src/version.ts VERSION (${declared}) differs from package.json version (${pkg.version}).`);
}

rmSync('dist', { recursive: true, force: true });
rmSync('cdn', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });

for (const c of await bundle(CDN.input, { dir: CDN.dir })) {
  const what = c.isEntry ? 'the entry' : c.facade ? `lazy: ${relative(process.cwd(), c.facade)}` : 'shared';
  console.log(`${CDN.dir}/${c.fileName}: ${(c.code.length / 1024).toFixed(1)} KiB, ${(gzipSync(c.code, { level: 9 }).length / 1024).toFixed(1)} KiB gzip (${what})`);
}
console.log('dist/: ES modules and type declarations (tsc)');
