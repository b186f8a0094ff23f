// npm run build:
//   dist/  the npm build: ES modules + .d.ts straight from tsc, lit and chart.js left external;
//   cdn/   cdn/crm-profile.js, the one minified ES module a page references (<script type="module">),
//          defining every element; chart.js and the data sources' adapters are lazy chunks in
//          cdn/chunks/ (scripts/cdn-options.mjs). `npm run size` checks the budgets.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { cdnOptions } from './cdn-options.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const declared = /VERSION = '([^']+)'/.exec(readFileSync('src/version.ts', 'utf8'))?.[1];
if (declared !== pkg.version) {
  throw new Error(`src/version.ts VERSION (${declared}) differs from package.json version (${pkg.version}).`);
}

rmSync('dist', { recursive: true, force: true });
rmSync('cdn', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });

const { metafile } = await build({ ...cdnOptions, metafile: true });

for (const [file, out] of Object.entries(metafile.outputs)) {
  if (!file.endsWith('.js')) continue;
  const data = readFileSync(file);
  const what = out.entryPoint === cdnOptions.entryPoints['crm-profile'] ? 'the entry' : out.entryPoint ? `lazy: ${out.entryPoint}` : 'shared';
  console.log(`${file}: ${(data.length / 1024).toFixed(1)} KiB, ${(gzipSync(data, { level: 9 }).length / 1024).toFixed(1)} KiB gzip (${what})`);
}
console.log('dist/: ES modules and type declarations (tsc)');
