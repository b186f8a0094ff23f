// npm run bench: runs every benchmark of bench/ in turn. Each prints its own table and writes
// bench/results/<name>.json. Pass a name to run one: npm run bench -- core-metrics (arguments after
// the name go to that benchmark). The browser benchmarks (first-paint, charts, drill-down,
// cms-listing, memory) drive the system Chromium headless through puppeteer-core (bench/browser.ts;
// CHROME_PATH to use another binary). A failing benchmark does not stop the others; the exit code
// says whether all passed.
import { spawnSync } from 'node:child_process';

const BENCHES = {
  'core-metrics': ['--import', 'tsx', 'bench/core-metrics.ts'],
  'bitrix24-requests': ['--import', 'tsx', 'bench/bitrix24-requests.ts'],
  'first-paint': ['--import', 'tsx', 'bench/first-paint.ts'],
  charts: ['--import', 'tsx', 'bench/charts.ts'],
  'drill-down': ['--import', 'tsx', 'bench/drill-down.ts'],
  'cms-listing': ['--import', 'tsx', 'bench/cms-listing.ts'],
  memory: ['--import', 'tsx', 'bench/memory.ts'],
};
const only = process.argv[2];
if (only && !(only in BENCHES)) {
  console.error(`Unknown benchmark "${only}". One of: ${Object.keys(BENCHES).join(', ')}.`);
  process.exit(2);
}
const failed = [];
for (const [name, args] of Object.entries(BENCHES)) {
  if (only && only !== name) continue;
  console.log(`\n# ${name}`);
  const { status, signal } = spawnSync(process.execPath, ['--expose-gc', ...args, ...process.argv.slice(3)], { stdio: 'inherit' });
  if (status !== 0) failed.push(`${name} (${signal ?? `exit ${status}`})`);
}
if (failed.length) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
