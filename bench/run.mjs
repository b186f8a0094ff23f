// npm run bench: runs every benchmark of bench/ in turn. Each prints its own table and writes
// bench/results/<name>.json. Pass a name to run one: npm run bench -- core-metrics
import { execFileSync } from 'node:child_process';

const BENCHES = {
  'core-metrics': ['--import', 'tsx', 'bench/core-metrics.ts'],
  'bitrix24-requests': ['--import', 'tsx', 'bench/bitrix24-requests.ts'],
};
const only = process.argv[2];
for (const [name, args] of Object.entries(BENCHES)) {
  if (only && only !== name) continue;
  console.log(`\n# ${name}`);
  execFileSync(process.execPath, ['--expose-gc', ...args, ...process.argv.slice(3)], { stdio: 'inherit' });
}
