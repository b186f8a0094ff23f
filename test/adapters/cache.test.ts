/**
 * cachedAdapter: results kept per call key for a TTL (an injected clock, no sleeping), identical
 * calls in flight shared, each caller's abort its own, failures never kept, invalidate(), and
 * everything else forwarded.
 */
import { expect } from '@open-wc/testing';
import { cachedAdapter, cacheKeys, CachedAdapter, DEFAULT_TTL_MS } from '../../src/adapters/cache.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import { METRICS, type MetricId } from '../../src/core/metrics.js';
import { resolvePeriod } from '../../src/core/period.js';
import type { AggregateQuery, RecordQuery } from '../../src/core/query.js';
import { CountingAdapter, demo, fakeClock } from './counting-adapter.js';

const CONTACT = { type: 'contact', id: '1' } as const;
const ctxOf = (period: string) => ({ client: CONTACT, period: resolvePeriod(period, demo.now, 'UTC', 'en'), now: demo.now, locale: 'en' });
const ALL = Object.keys(METRICS) as MetricId[];

const dealsOf = (from: number, to: number): AggregateQuery => ({
  kind: 'deal', measure: 'count', filter: { client: CONTACT, dates: [{ fields: ['createdAt'], from, to }] },
});
const page = (offset: number): RecordQuery<'deal'> => ({ kind: 'deal', filter: { client: CONTACT }, page: { offset, limit: 5 } });

/** Whether a promise is still pending after the current microtasks. */
async function pending(p: Promise<unknown>): Promise<boolean> {
  const mark = Symbol('pending');
  return (await Promise.race([p.then(() => 'settled', () => 'settled'), new Promise((r) => setTimeout(() => r(mark), 0))])) === mark;
}

describe('cachedAdapter', () => {
  it('answers exactly as the wrapped adapter, every metric (push-down and local paths)', async () => {
    const cached = cachedAdapter(new CountingAdapter());
    const ctx = ctxOf('last-90-days');
    expect(await evaluateMetrics(cached, ctx, ALL)).to.deep.equal(await evaluateMetrics(demo, ctx, ALL));
    expect(await evaluateMetrics(cached, ctx, ALL, { local: true })).to.deep.equal(await evaluateMetrics(demo, ctx, ALL, { local: true }));
    expect(await cached.getClient(CONTACT)).to.deep.equal(await demo.getClient(CONTACT));
    expect(await cached.referenceData!()).to.deep.equal(await demo.referenceData());
  });

  it('going back to a period already seen asks the source nothing (A → B → A)', async () => {
    const source = new CountingAdapter();
    const cached = cachedAdapter(source);
    const a = await evaluateMetrics(cached, ctxOf('last-30-days'), ALL);
    const afterA = source.total;
    expect(afterA).to.be.greaterThan(0);
    await evaluateMetrics(cached, ctxOf('last-90-days'), ALL);
    const afterB = source.total;
    expect(afterB).to.be.greaterThan(afterA);
    expect(await evaluateMetrics(cached, ctxOf('last-30-days'), ALL)).to.deep.equal(a);
    expect(source.total).to.equal(afterB);
  });

  it('keeps results for the TTL only (injected clock)', async () => {
    const clock = fakeClock(1_000_000);
    const source = new CountingAdapter();
    const cached = cachedAdapter(source, { ttlMs: 60_000, now: clock.now });
    await cached.getClient(CONTACT);
    clock.advance(59_999);
    await cached.getClient(CONTACT);
    expect(source.calls.getClient).to.equal(1);
    clock.advance(1);
    await cached.getClient(CONTACT);
    expect(source.calls.getClient).to.equal(2);
    // The new answer is kept a whole TTL from when it was read.
    clock.advance(59_999);
    await cached.getClient(CONTACT);
    expect(source.calls.getClient).to.equal(2);
    expect(DEFAULT_TTL_MS).to.equal(300_000);
  });

  it('ttlMs 0 keeps nothing, but still shares identical requests in flight', async () => {
    const source = new CountingAdapter();
    const cached = cachedAdapter(source, { ttlMs: 0 });
    await cached.getClient(CONTACT);
    await cached.getClient(CONTACT);
    expect(source.calls.getClient).to.equal(2);
    const both = await Promise.all([cached.getClient(CONTACT), cached.getClient(CONTACT)]);
    expect(source.calls.getClient).to.equal(3);
    expect(both[0]).to.equal(both[1]);
    expect(cached.size).to.equal(0);
  });

  it('shares identical calls in flight: one request, every caller gets the answer', async () => {
    const source = new CountingAdapter();
    source.hold = true;
    const cached = cachedAdapter(source);
    const calls = [cached.getClient(CONTACT), cached.getClient(CONTACT), cached.records(page(0)), cached.records(page(0)), cached.records(page(5))];
    await Promise.resolve();
    expect(source.calls.getClient).to.equal(1);
    expect(source.calls.records).to.equal(2);
    source.release();
    const [c1, c2, p1, p2, p3] = await Promise.all(calls);
    expect(c1).to.equal(c2);
    expect(p1).to.equal(p2);
    expect(p3).to.deep.equal(await demo.records(page(5)));
  });

  it('an aggregate batch asks only the queries neither kept nor in flight, each once', async () => {
    const source = new CountingAdapter();
    const cached = cachedAdapter(source);
    const [q1, q2, q3] = [dealsOf(0, demo.now), dealsOf(demo.now - 86_400_000 * 30, demo.now), dealsOf(demo.now - 86_400_000 * 90, demo.now)];
    const first = await cached.aggregate!([q1, q2], undefined);
    expect(source.queries).to.equal(2);
    const second = await cached.aggregate!([q2, q3, q1, q3], undefined);
    expect(source.calls.aggregate).to.equal(2);
    expect(source.queries).to.equal(3); // only q3, once
    expect(second[0]).to.equal(first[1]);
    expect(second[2]).to.equal(first[0]);
    expect(second[1]).to.deep.equal((await demo.aggregate([q3]))[0]);
    expect(second[3]).to.equal(second[1]);
  });

  it('a partial failure: a caller whose queries were in another caller\'s failed batch asks for them once more, alone', async () => {
    const ACTS: AggregateQuery = { kind: 'activity', filter: { client: CONTACT }, measure: 'count' };
    const q1 = dealsOf(0, demo.now);
    const asked: string[][] = [];
    const partly: CrmAdapter = {
      label: 'partly down', now: demo.now,
      getClient: (ref, signal) => demo.getClient(ref, signal),
      records: (q, signal) => demo.records(q, signal),
      aggregate: async (qs, signal) => {
        asked.push(qs.map((q) => q.kind));
        await Promise.resolve();
        if (qs.some((q) => q.kind === 'activity')) throw new AdapterError('network', 'The activity store is down');
        return demo.aggregate(qs, signal);
      },
    };
    const cached = cachedAdapter(partly, { ttlMs: 0 });
    // The first caller's batch has deals and activities; the second joins it for the deals only.
    const [both, deals] = await Promise.allSettled([cached.aggregate!([q1, ACTS]), cached.aggregate!([q1])]);
    expect(both.status).to.equal('rejected');
    expect(deals.status, 'the deals do not fail with the activities').to.equal('fulfilled');
    expect((deals as PromiseFulfilledResult<unknown[]>).value).to.deep.equal(await demo.aggregate([q1]));
    expect(asked).to.deep.equal([['deal', 'activity'], ['deal']]);
    // A caller's own failure is not asked again.
    asked.length = 0;
    const own = await Promise.allSettled([cached.aggregate!([ACTS])]);
    expect(own[0]!.status).to.equal('rejected');
    expect(asked).to.deep.equal([['activity']]);
  });

  it('a caller that aborts gets "aborted"; the shared request goes on for the others', async () => {
    const source = new CountingAdapter();
    source.hold = true;
    const cached = cachedAdapter(source);
    const one = new AbortController();
    const first = cached.getClient(CONTACT, one.signal);
    const second = cached.getClient(CONTACT, new AbortController().signal);
    await Promise.resolve();
    one.abort();
    const error = await first.then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(AdapterError);
    expect((error as AdapterError).kind).to.equal('aborted');
    expect(await pending(second)).to.equal(true);
    expect(source.signals[0]!.aborted).to.equal(false);
    source.release();
    expect((await second).name).to.equal((await demo.getClient(CONTACT)).name);
    expect(source.calls.getClient).to.equal(1);
    // The answer is kept: the next caller does not ask again.
    await cached.getClient(CONTACT);
    expect(source.calls.getClient).to.equal(1);
  });

  it('a request nobody waits for any more is aborted and not kept', async () => {
    const source = new CountingAdapter();
    source.hold = true;
    const cached = cachedAdapter(source);
    const a = new AbortController();
    const b = new AbortController();
    const calls = [cached.aggregate!([dealsOf(0, demo.now)], a.signal), cached.aggregate!([dealsOf(0, demo.now)], b.signal)];
    await Promise.resolve();
    a.abort();
    expect(source.signals[0]!.aborted).to.equal(false);
    b.abort();
    expect(source.signals[0]!.aborted).to.equal(true);
    for (const c of calls) expect(((await c.then(() => undefined, (e: unknown) => e)) as AdapterError).kind).to.equal('aborted');
    source.release();
    expect(cached.size).to.equal(0);
    source.hold = false;
    await cached.aggregate!([dealsOf(0, demo.now)], undefined);
    expect(source.calls.aggregate).to.equal(2);
  });

  it('an aborted signal refuses at once, without asking the source', async () => {
    const source = new CountingAdapter();
    const cached = cachedAdapter(source);
    const ctl = new AbortController();
    ctl.abort();
    const error = await cached.records(page(0), ctl.signal).then(() => undefined, (e: unknown) => e);
    expect((error as AdapterError).kind).to.equal('aborted');
    expect(source.total).to.equal(0);
  });

  it('never keeps a failure: the next call asks again', async () => {
    const source = new CountingAdapter();
    const cached = cachedAdapter(source);
    source.failing = 'network';
    const shared = await Promise.allSettled([cached.getClient(CONTACT), cached.getClient(CONTACT)]);
    expect(shared.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    expect(source.calls.getClient).to.equal(1);
    expect(cached.size).to.equal(0);
    source.failing = false;
    expect((await cached.getClient(CONTACT)).id).to.equal('1');
    expect(source.calls.getClient).to.equal(2);
  });

  it('invalidate() drops every result and calls the wrapped adapter\'s', async () => {
    const source = new CountingAdapter();
    const cached = cachedAdapter(source);
    await evaluateMetrics(cached, ctxOf('last-30-days'), ['conversion']);
    await cached.getClient(CONTACT);
    const before = source.total;
    cached.invalidate();
    expect(source.invalidated).to.equal(1);
    expect(cached.size).to.equal(0);
    await evaluateMetrics(cached, ctxOf('last-30-days'), ['conversion']);
    await cached.getClient(CONTACT);
    expect(source.total).to.equal(before * 2);
  });

  it('forwards label, now, page size, layouts and peer averages; optional calls exist exactly when the wrapped adapter has them', async () => {
    const layouts = new DemoAdapter(demo.data, { layouts: true, maxPageSize: 7 });
    const cached = cachedAdapter(layouts);
    expect([cached.label, cached.now, cached.maxPageSize]).to.deep.equal([layouts.label, layouts.now, 7]);
    await cached.saveLayout!('k', { version: 1, items: [] });
    expect(await cached.loadLayout!('k')).to.deep.equal({ version: 1, items: [] });
    const period = resolvePeriod('last-30-days', demo.now, 'UTC', 'en');
    expect(await cached.peerAverages!('contact', period)).to.deep.equal(await demo.peerAverages('contact', period));
    const bare: CrmAdapter = { label: 'Bare', getClient: (ref) => demo.getClient(ref), records: (q) => demo.records(q) };
    const plain = cachedAdapter(bare);
    expect([plain.aggregate, plain.referenceData, plain.peerAverages, plain.loadLayout, plain.saveLayout]).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
    expect([plain.now, plain.maxPageSize]).to.deep.equal([undefined, undefined]);
    plain.invalidate(); // without an invalidate of its own: nothing to forward
    // The local path (no aggregate) reads records through the cache, once per distinct page.
    const ctx = ctxOf('last-30-days');
    expect(await evaluateMetrics(plain, ctx, ALL)).to.deep.equal(await evaluateMetrics(demo, ctx, ALL));
    expect(cached).to.be.instanceOf(CachedAdapter);
  });

  it('keys: the client, the call and the query', () => {
    expect(cacheKeys.client(CONTACT)).to.equal('contact:1|client');
    expect(cacheKeys.aggregate(dealsOf(1, 2))).to.match(/^contact:1\|aggregate\|\{"kind":"deal"/);
    expect(cacheKeys.records(page(5))).to.match(/^contact:1\|records\|.*"offset":5/);
    expect(cacheKeys.reference()).to.equal('*|reference');
  });

  it('keeps at most maxEntries results, dropping the oldest', async () => {
    const source = new CountingAdapter();
    const cached = cachedAdapter(source, { maxEntries: 2 });
    for (const offset of [0, 5, 10]) await cached.records(page(offset));
    expect(cached.size).to.equal(2);
    await cached.records(page(10));
    await cached.records(page(5));
    expect(source.calls.records).to.equal(3);
    await cached.records(page(0));
    expect(source.calls.records).to.equal(4);
  });

  it('reports when each answer handed out was read (onServe) and each read once (onFetch)', async () => {
    const clock = fakeClock(5_000);
    const served: [number, string][] = [];
    const fetched: string[] = [];
    const cached = cachedAdapter(new CountingAdapter(), {
      now: clock.now, onServe: (at, key) => served.push([at, key]), onFetch: (key, _v, at) => fetched.push(`${key}@${at}`),
    });
    await cached.getClient(CONTACT);
    clock.advance(1000);
    await cached.getClient(CONTACT);
    await cached.getClient({ type: 'company', id: '2' });
    expect(served).to.deep.equal([[5_000, 'contact:1|client'], [5_000, 'contact:1|client'], [6_000, 'company:2|client']]);
    expect(fetched).to.deep.equal(['contact:1|client@5000', 'company:2|client@6000']);
  });
});
