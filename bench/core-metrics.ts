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
import { bucketIndex } from '../src/core/query.js';

const ACTIVITIES = Number(process.argv[2] ?? 1_000_000);
const DEALS = Number(process.argv[3] ?? 100_000);
const RUNS = 7;
const client: ClientRef = { type: 'contact', id: '1' };

const t0 = performance.now();
const data = generateDemoData({ seed: 1, heavy: { client, activities: ACTIVITIES, deals: DEALS } });
const genMs = performance.now() - t0;
const t1 = performance.now();
const adapter = new DemoAdapter(data);
const indexMs = performance.now() - t1;
const mine = adapter.recordsOf(client);

/** The floor: every number of the registry by hand, one loop per record kind over the same arrays. */
function floor(ctx: MetricContext) {
  const { from, to } = ctx.period;
  const now = ctx.now;
  const { edges } = timeBuckets(ctx.period, autoBucketUnit(ctx.period), ctx.locale);
  const bucketsOf = () => new Array<number>(edges.length - 1).fill(0);
  const sum = (bag: Record<string, number>, c: string, m: number) => (bag[c] = (bag[c] ?? 0) + m);
  let won = 0, dealsInP = 0, closed = 0, lost = 0, open = 0;
  const wonBag: Record<string, number> = {}, lostBag: Record<string, number> = {}, openBag: Record<string, number> = {};
  const inP = new Set<string>();
  const pipelineOf = new Map<string, string>();
  const dealsPerPipeline = new Map<string, number>();
  const created = bucketsOf(), wonPerBucket = bucketsOf();
  for (const d of mine.deal) {
    const c = d.createdAt >= from && d.createdAt < to;
    const cl = d.closedAt !== undefined && d.closedAt >= from && d.closedAt < to;
    if (c || cl) {
      dealsInP++;
      inP.add(d.id);
      pipelineOf.set(d.id, d.pipelineId);
      dealsPerPipeline.set(d.pipelineId, (dealsPerPipeline.get(d.pipelineId) ?? 0) + 1);
    }
    if (c) { const i = bucketIndex(edges, d.createdAt); if (i >= 0) created[i]!++; }
    if (cl && d.semantic !== 'open') {
      closed++;
      if (d.semantic === 'won') {
        won++;
        if (d.amount) sum(wonBag, d.amount.currency, d.amount.minor);
        const i = bucketIndex(edges, d.closedAt!); if (i >= 0) wonPerBucket[i]!++;
      } else { lost++; if (d.amount) sum(lostBag, d.amount.currency, d.amount.minor); }
    }
    if (d.semantic === 'open' && d.createdAt < to) { open++; if (d.amount) sum(openBag, d.amount.currency, d.amount.minor); }
  }
  let issued = 0, paid = 0, onTime = 0, overdue = 0;
  const issuedBag: Record<string, number> = {}, paidBag: Record<string, number> = {};
  const paidPerBucket = bucketsOf();
  for (const inv of mine.invoice) {
    if (inv.semantic === 'paid' && inv.paidAt !== undefined) { const i = bucketIndex(edges, inv.paidAt); if (i >= 0) paidPerBucket[i]!++; }
    if (inv.createdAt < from || inv.createdAt >= to) continue;
    issued++;
    if (inv.amount) sum(issuedBag, inv.amount.currency, inv.amount.minor);
    if (inv.semantic === 'paid') {
      paid++;
      if (inv.amount) sum(paidBag, inv.amount.currency, inv.amount.minor);
      if (inv.paidAt !== undefined && inv.dueAt !== undefined && inv.paidAt <= inv.dueAt) onTime++;
    } else if (inv.semantic === 'open' && inv.dueAt !== undefined && inv.dueAt < now) overdue++;
  }
  let activities = 0, bound = 0;
  const perChannel = new Map<string, number>(), incoming = new Map<string, number>();
  const boundPerPipeline = new Map<string, number>();
  for (const a of mine.activity) {
    if (a.createdAt < from || a.createdAt >= to) continue;
    activities++;
    perChannel.set(a.channel, (perChannel.get(a.channel) ?? 0) + 1);
    if (a.direction === 'in') incoming.set(a.channel, (incoming.get(a.channel) ?? 0) + 1);
    let isBound = false;
    let p0: string | undefined;
    for (const id of a.dealIds) {
      const p = pipelineOf.get(id);
      if (p === undefined) continue;
      if (!isBound) { isBound = true; p0 = p; boundPerPipeline.set(p, (boundPerPipeline.get(p) ?? 0) + 1); }
      else if (p !== p0) boundPerPipeline.set(p, (boundPerPipeline.get(p) ?? 0) + 1); // demo activities have ≤ 2 deals
    }
    if (isBound) bound++;
  }
  return {
    won, wonBag, lost, lostBag, open, openBag, dealsInP, closed, issued, paid, onTime, overdue, issuedBag, paidBag,
    activities, bound, perChannel, incoming, dealsPerPipeline, boundPerPipeline, created, wonPerBucket, paidPerBucket,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const gc = (globalThis as { gc?: () => void }).gc;

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  gc?.(); // run with --expose-gc (npm run bench does): each run starts from a collected heap
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
