// npm run build:
//   dist/  the npm build: ES modules + .d.ts straight from tsc, lit and chart.js left external;
//   cdn/   one self-contained, minified ES module for <script type="module"> (everything bundled).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const declared = /VERSION = '([^']+)'/.exec(readFileSync('src/version.ts', 'utf8'))?.[1];
if (declared !== pkg.version) {
  throw new Error(`src/version.ts VERSION (${declared}) differs from package.json version (${pkg.version}).`);
}

rmSync('dist', { recursive: true, force: true });
rmSync('cdn', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });

await build({
  entryPoints: { 'crm-profile': 'src/index.ts' },
  outdir: 'cdn',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  tsconfig: 'tsconfig.json',
});

for (const file of ['cdn/crm-profile.js']) {
  const bytes = statSync(file).size;
  const gz = gzipSync(readFileSync(file)).length;
  console.log(`${file}: ${(bytes / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzip`);
}
console.log('dist/: ES modules and type declarations (tsc)');
