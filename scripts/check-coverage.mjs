// Coverage gate of `npm test`: the pure core (src/core) must keep ≥ 90 % of its lines covered.
// Reads coverage/coverage-summary.json written by @web/test-runner's json-summary reporter.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const MIN = { 'src/core/': 90, 'src/adapters/': 85 };
const summary = JSON.parse(readFileSync('coverage/coverage-summary.json', 'utf8'));
let failed = false;
for (const [prefix, min] of Object.entries(MIN)) {
  let covered = 0;
  let total = 0;
  for (const [file, data] of Object.entries(summary)) {
    if (file === 'total' || !relative(process.cwd(), file).startsWith(prefix)) continue;
    covered += data.lines.covered;
    total += data.lines.total;
  }
  const pct = total === 0 ? 0 : (covered / total) * 100;
  const ok = total > 0 && pct >= min;
  console.log(`coverage ${prefix.padEnd(14)} lines ${pct.toFixed(2)} % (${covered}/${total}), minimum ${min} % ${ok ? 'ok' : 'FAILED'}`);
  failed ||= !ok;
}
if (failed) process.exit(1);
