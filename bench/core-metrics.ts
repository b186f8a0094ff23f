/**
 * Core metrics at scale: one client with 1 000 000 activities and 100 000 deals.
 *
 * Measures `evaluateMetrics` (every metric of the registry, through the demo adapter's batched
 * aggregate) beside the floor: the same numbers computed by hand-written loops over the very same
 * arrays, one pass per record kind. Prints medians of RUNS runs and their ratio, checks that both
 * give the same numbers, and writes bench/results/core-metrics.json.
 *
 *   node --expose-gc --import tsx bench/core-metrics.ts [activities] [deals]   (or: npm run bench)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { DemoAdapter } from '../src/adapters/demo/demo-adapter.js';
import { generateDemoData } from '../src/adapters/demo/generate.js';
import { evaluateMetrics, timeBuckets, autoBucketUnit } from '../src/core/evaluate.js';
import type { MetricContext } from '../src/core/metrics.js';
import type { ClientRef } from '../src/core/model.js';
import { resolvePeriod } from '../src/core/period.js';
import { bucketIndex } from '../src/core/records.js';
import { lowerBoundOf } from '../src/adapters/demo/columnar.js';

const ACTIVITIES = Number(process.argv[2] ?? 1_000_000);
const DEALS = Number(process.argv[3] ?? 100_000);
const RUNS = 7;
const client: ClientRef = { type: 'contact', id: '1' };

const t0 = performance.now();
const data = generateDemoData({ seed: 1, heavy: { client, activities: ACTIVITIES, deals: DEALS } });
const genMs = performance.now() - t0;
const t1 = performance.now();
const adapter = new DemoAdapter(data);
await adapter.columnsOf(client); // the columns are built on first use: count them in the index time
const indexMs = performance.now() - t1;
const mine = adapter.recordsOf(client);

const cols = await adapter.columnsOf(client);
const dealCols = cols.deal!, invCols = cols.invoice!, actCols = cols.activity!;
if (!cols.deal || !cols.invoice || !cols.activity) throw new Error('the benchmark data must be columnar');

/**
 * The floor: every number of the registry by hand, one loop per record kind over the same columns
 * the adapter's aggregate reads (adapter.columnsOf), with the same binary search on createdAt.
 */
function floor(ctx: MetricContext) {
  const { from, to } = ctx.period;
  const now = ctx.now;
  const { edges } = timeBuckets(ctx.period, autoBucketUnit(ctx.period), ctx.locale);
  const bucketsOf = () => new Array<number>(edges.length - 1).fill(0);
  const sum = (bag: Record<string, number>, c: string, m: number) => (bag[c] = (bag[c] ?? 0) + m);
  const d = dealCols;
  const dCur = d.currencies.values;
  const WON = d.semantics.get('won') ?? -1, LOST = d.semantics.get('lost') ?? -1, OPEN = d.semantics.get('open') ?? -1;
  let won = 0, dealsInP = 0, closed = 0, lost = 0, open = 0;
  const wonBag: Record<string, number> = {}, lostBag: Record<string, number> = {}, openBag: Record<string, number> = {};
  const inP = new Uint8Array(cols.deals.count);
  const np = cols.deals.pipelines.size;
  const dealsPerPipelineCode = new Array<number>(np).fill(0);
  const created = bucketsOf(), wonPerBucket = bucketsOf();
  for (let r = 0; r < d.n; r++) {
    const createdAt = d.createdAt[r]!, closedAt = d.closedAt[r]!, sem = d.semantic[r]!, cur = d.currency[r]!;
    const c = createdAt >= from && createdAt < to;
    const cl = closedAt >= from && closedAt < to; // NaN: not closed
    if (c || cl) {
      dealsInP++;
      inP[d.deal[r]!] = 1;
      dealsPerPipelineCode[d.pipeline[r]!]!++;
    }
    if (c) { const i = bucketIndex(edges, createdAt); if (i >= 0) created[i]!++; }
    if (cl && sem !== OPEN) {
      closed++;
      if (sem === WON) {
        won++;
        if (cur >= 0) sum(wonBag, dCur[cur]!, d.minor[r]!);
        const i = bucketIndex(edges, closedAt); if (i >= 0) wonPerBucket[i]!++;
      } else if (sem === LOST) { lost++; if (cur >= 0) sum(lostBag, dCur[cur]!, d.minor[r]!); }
    }
    if (sem === OPEN && createdAt < to) { open++; if (cur >= 0) sum(openBag, dCur[cur]!, d.minor[r]!); }
  }
  const v = invCols;
  const iCur = v.currencies.values;
  const PAID = v.semantics.get('paid') ?? -1, IOPEN = v.semantics.get('open') ?? -1;
  let issued = 0, paid = 0, onTime = 0, overdue = 0;
  const issuedBag: Record<string, number> = {}, paidBag: Record<string, number> = {};
  const paidPerBucket = bucketsOf();
  for (let r = 0; r < v.n; r++) {
    const sem = v.semantic[r]!, paidAt = v.paidAt[r]!, dueAt = v.dueAt[r]!, createdAt = v.createdAt[r]!, cur = v.currency[r]!;
    if (sem === PAID && paidAt === paidAt) { const i = bucketIndex(edges, paidAt); if (i >= 0) paidPerBucket[i]!++; }
    if (createdAt < from || createdAt >= to) continue;
    issued++;
    if (cur >= 0) sum(issuedBag, iCur[cur]!, v.minor[r]!);
    if (sem === PAID) {
      paid++;
      if (cur >= 0) sum(paidBag, iCur[cur]!, v.minor[r]!);
      if (paidAt <= dueAt) onTime++; // NaN: absent
    } else if (sem === IOPEN && dueAt < now) overdue++;
  }
  const a = actCols;
  const IN = a.directions.get('in') ?? -1;
  const nc = a.channels.size;
  const perChannelCode = new Array<number>(nc).fill(0), incomingCode = new Array<number>(nc).fill(0);
  const boundPerPipelineCode = new Array<number>(np).fill(0);
  const pipelineOf = cols.deals.pipeline;
  const { dealOff, deals, channel, direction } = a;
  // Activities are sorted by createdAt: the period is one slice.
  const lo = lowerBoundOf(a.createdAt, from), hi = lowerBoundOf(a.createdAt, to);
  let bound = 0;
  for (let r = lo; r < hi; r++) {
    const ch = channel[r]!;
    perChannelCode[ch]!++;
    if (direction[r] === IN) incomingCode[ch]!++;
    let p0 = -1;
    for (let k = dealOff[r]!, e = dealOff[r + 1]!; k < e; k++) {
      const dl = deals[k]!;
      if (!inP[dl]) continue;
      const p = pipelineOf[dl]!;
      if (p0 < 0) { p0 = p; boundPerPipelineCode[p]!++; }
      else if (p !== p0) boundPerPipelineCode[p]!++; // demo activities have ≤ 2 deals
    }
    if (p0 >= 0) bound++;
  }
  const activities = hi - lo;
  const named = (counts: number[], names: readonly string[]) =>
    new Map(counts.flatMap((n, i) => (n > 0 ? [[names[i]!, n] as const] : [])));
  return {
    won, wonBag, lost, lostBag, open, openBag, dealsInP, closed, issued, paid, onTime, overdue, issuedBag, paidBag,
    activities, bound,
    perChannel: named(perChannelCode, a.channels.values), incoming: named(incomingCode, a.channels.values),
    dealsPerPipeline: named(dealsPerPipelineCode, cols.deals.pipelines.values),
    boundPerPipeline: named(boundPerPipelineCode, cols.deals.pipelines.values),
    created, wonPerBucket, paidPerBucket,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const gc = (globalThis as { gc?: () => void }).gc;

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  // Run with --expose-gc (npm run bench does): each run starts from a collected heap, after a
  // pause that lets V8's concurrent sweeping finish (else it slows the run that follows).
  if (gc) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const s = performance.now();
  const value = await fn();
  return { ms: performance.now() - s, value };
}

const rows: Record<string, unknown>[] = [];
for (const period of ['all-time', 'current-year', 'last-30-days']) {
  const ctx: MetricContext = {
    client, period: resolvePeriod(period, data.now, 'Europe/Paris', 'fr'), now: data.now,
    currency: 'EUR', rates: data.reference.rates!, locale: 'fr',
  };
  const ours: number[] = [];
  const base: number[] = [];
  let last: Awaited<ReturnType<typeof evaluateMetrics>> | undefined;
  let f: ReturnType<typeof floor> | undefined;
  // One warm-up of each, then RUNS alternating runs (so both see the same machine state).
  await evaluateMetrics(adapter, ctx);
  floor(ctx);
  for (let i = 0; i < RUNS; i++) {
    const a = await time(() => evaluateMetrics(adapter, ctx));
    ours.push(a.ms);
    last = a.value;
    const b = await time(() => floor(ctx));
    base.push(b.ms);
    f = b.value;
  }
  // The two must agree, or the comparison means nothing.
  const v = last!;
  const checks: [string, unknown, unknown][] = [
    ['won deals', v.conversion.counts.won, f!.won],
    ['activities', v.conversion.counts.activities, f!.activities],
    ['deals in P', v['communication-load'].counts.deals, f!.dealsInP],
    ['bound activities', v['communication-load'].counts.activities, f!.bound],
    ['closed', v['deal-conversion-closed'].counts.closed, f!.closed],
    ['issued', v['invoice-conversion'].counts.issued, f!.issued],
    ['paid', v['invoice-conversion'].counts.paid, f!.paid],
    ['on time', v['invoice-paid-on-time'].counts.onTime, f!.onTime],
    ['overdue', v['invoice-overdue-share'].counts.overdue, f!.overdue],
    ['won EUR', v['won-value'].money!.lines.find((l) => l.currency === 'EUR')?.amount.minor ?? 0, f!.wonBag.EUR ?? 0],
    ['open EUR', v['sales-open'].money!.lines.find((l) => l.currency === 'EUR')?.amount.minor ?? 0, f!.openBag.EUR ?? 0],
    ['channels', Object.fromEntries(v['load-by-channel'].groups!.map((g) => [g.key, g.count])), Object.fromEntries(f!.perChannel)],
    ['per pipeline', v['communication-load'].groups!.map((g) => g.count).join(','), [...f!.dealsPerPipeline].sort().map(([, n]) => n).join(',')],
    ['won series', v['trend-deals-won'].groups!.map((g) => g.count).join(','), f!.wonPerBucket.join(',')],
  ];
  const canon = (x: unknown) => JSON.stringify(x && typeof x === 'object' ? Object.entries(x).sort() : x);
  const wrong = checks.filter(([, a, b]) => canon(a) !== canon(b));
  if (wrong.length) {
    console.error('The floor and the core disagree:', wrong);
    process.exitCode = 1;
  }
  const row = {
    period,
    activitiesInPeriod: f!.activities,
    dealsInPeriod: f!.dealsInP,
    coreMedianMs: +median(ours).toFixed(2),
    floorMedianMs: +median(base).toFixed(2),
    ratio: +(median(ours) / median(base)).toFixed(2),
    runs: RUNS,
    agree: wrong.length === 0,
  };
  rows.push(row);
}

console.log(`Core metrics: client with ${mine.activity.length.toLocaleString('en')} activities, ${mine.deal.length.toLocaleString('en')} deals, ${mine.invoice.length.toLocaleString('en')} invoices`);
console.log(`(data generated in ${genMs.toFixed(0)} ms, indexed in ${indexMs.toFixed(0)} ms; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'})`);
console.table(rows);
console.log('Targets: ratio ≤ 2 and core ≤ 100 ms.');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/core-metrics.json', JSON.stringify({
  date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length,
  activities: mine.activity.length, deals: mine.deal.length, invoices: mine.invoice.length, rows,
}, null, 2));
