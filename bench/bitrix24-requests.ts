/**
 * HTTP requests of one full profile through the Bitrix24 adapter, against the Bitrix24 emulator
 * (in-process, no network), for a client with 1 000 / 10 000 / 100 000 activities and 2 500 deals —
 * beside the naive strategy: read every record page by page (one request per 50 rows, as
 * `listAll` / BX24 `callMethod` + `next()` does) and compute the numbers locally.
 *
 * "A full profile" = what <crm-profile> asks at once: the client card, the header's communication
 * load and every metric of the registry (each widget evaluates its own), with reference data
 * already cached. Prints requests, batch sub-commands, in-process wall time (median of RUNS), and
 * the time the portal's rate limit alone would impose at 2 requests/s with a burst of 50.
 *
 *   node --import tsx bench/bitrix24-requests.ts [activities…]   (or: npm run bench -- bitrix24-requests)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Bitrix24Emulator } from '../emulator/bitrix24/emulator.js';
import { Bitrix24Adapter } from '../src/adapters/bitrix24/adapter.js';
import { Bitrix24Client, WebhookTransport } from '../src/adapters/bitrix24/client.js';
import { generateDemoData } from '../src/adapters/demo/generate.js';
import { evaluateMetrics } from '../src/core/evaluate.js';
import { METRICS, type MetricContext, type MetricId } from '../src/core/metrics.js';
import type { ClientRef } from '../src/core/model.js';
import { resolvePeriod } from '../src/core/period.js';

const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const ACTIVITIES = SIZES.length ? SIZES : [1_000, 10_000, 100_000];
const DEALS = 2_500;
const RUNS = 3;
const client: ClientRef = { type: 'contact', id: '1' };
const ALL = Object.keys(METRICS) as MetricId[];

/** Seconds the rate limit (leaky bucket, 2/s drain, burst 50) makes n back-to-back requests take. */
const rateLimitSeconds = (n: number): number => Math.max(0, n - 50) / 2;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  activities: number;
  strategy: string;
  requests: number;
  commands: number;
  ms: number;
  rateLimitS: number;
}

async function measure(emulator: Bitrix24Emulator, ctx: MetricContext, strategy: 'adapter' | 'naive'): Promise<Omit<Row, 'activities' | 'strategy'> & { values: unknown }> {
  const times: number[] = [];
  let requests = 0;
  let commands = 0;
  let values: unknown;
  // The naive strategy at 100 000 activities takes minutes: measured once there.
  const runs = strategy === 'naive' && emulator.data.activities.length > 50_000 ? 1 : RUNS;
  for (let run = 0; run < runs; run++) {
    const http = new Bitrix24Client({
      transport: new WebhookTransport('http://localhost/rest/1/demo-webhook-code/', { fetch: emulator.fetch }),
      throttle: { rate: 1e6, burst: 1e6 },
    });
    const adapter = new Bitrix24Adapter({ client: http, onIssue: () => {} });
    await adapter.referenceData(); // cached before the profile, as the claim says
    emulator.reset();
    const t = performance.now();
    if (strategy === 'adapter') {
      const [, , ...widgets] = await Promise.all([
        adapter.getClient(client),
        evaluateMetrics(adapter, ctx, ['communication-load']),
        ...ALL.map((id) => evaluateMetrics(adapter, ctx, [id])),
      ]);
      values = Object.assign({}, ...widgets);
    } else {
      // Every record read page by page (sequential pages, one request each), numbers computed here.
      await adapter.getClient(client);
      values = await evaluateMetrics(adapter, ctx, ALL, { local: true });
    }
    times.push(performance.now() - t);
    const stats = emulator.stats();
    requests = stats.requests;
    commands = Object.entries(stats.calls).filter(([m]) => m !== 'batch').reduce((n, [, c]) => n + c, 0);
  }
  return { requests, commands, ms: median(times), rateLimitS: rateLimitSeconds(requests), values };
}

const rows: Row[] = [];
for (const n of ACTIVITIES) {
  const data = generateDemoData({ seed: 1, heavy: { client, activities: n, deals: DEALS } });
  const emulator = new Bitrix24Emulator({ data, rateLimit: false });
  const ctx: MetricContext = { client, period: resolvePeriod('all-time', data.now, 'UTC', 'en'), now: data.now, locale: 'en' };
  const ours = await measure(emulator, ctx, 'adapter');
  const naive = await measure(emulator, ctx, 'naive');
  if (JSON.stringify(ours.values) !== JSON.stringify(naive.values)) throw new Error(`the two strategies disagree at ${n} activities`);
  rows.push({ activities: n, strategy: 'adapter (batched counts)', requests: ours.requests, commands: ours.commands, ms: ours.ms, rateLimitS: ours.rateLimitS });
  rows.push({ activities: n, strategy: 'naive (list everything)', requests: naive.requests, commands: naive.commands, ms: naive.ms, rateLimitS: naive.rateLimitS });
}

console.log(`One full profile (${ALL.length} metrics + client card), ${DEALS} deals, reference data cached; in-process emulator, median of ${RUNS} (naive at > 50 000 activities: 1 run).`);
console.log('activities  strategy                   HTTP requests  REST commands  wall ms   rate-limit wait at 2/s');
for (const r of rows) {
  console.log(`${String(r.activities).padStart(10)}  ${r.strategy.padEnd(25)}  ${String(r.requests).padStart(13)}  ${String(r.commands).padStart(13)}  ${r.ms.toFixed(0).padStart(7)}  ${r.rateLimitS.toFixed(1).padStart(8)} s`);
}
for (const n of ACTIVITIES) {
  const [a, b] = rows.filter((r) => r.activities === n);
  console.log(`${n} activities: naive / adapter = ${(b!.requests / a!.requests).toFixed(0)}× the requests, ${(b!.ms / a!.ms).toFixed(1)}× the wall time`);
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/bitrix24-requests.json', import.meta.url), `${JSON.stringify({ deals: DEALS, runs: RUNS, rows }, null, 2)}\n`);
