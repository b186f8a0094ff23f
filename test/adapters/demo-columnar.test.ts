import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { fetchAll } from '../../src/core/evaluate.js';
import { NO_DEAL } from '../../src/core/metrics.js';
import { CHANNELS, type ClientRef, type RecordKind, type RecordOfKind } from '../../src/core/model.js';
import {
  type AggregateQuery, type AggregateResult, type DateCondition, type DateField, type GroupBy, type RecordFilter,
} from '../../src/core/query.js';
import { aggregateRecords } from '../../src/core/records.js';

/**
 * The demo adapter answers aggregates of clients with many records from a columnar index
 * (src/adapters/demo/columnar.ts; here every client's, `columnarFrom: 0`): for random queries over a
 * generated dataset, its answer must deep-equal the reference `aggregateRecords` over the records
 * `records()` lists for the same filter.
 */
describe('demo adapter: columnar aggregates equal the reference', () => {
  const source = new DemoAdapter({ seed: 11, contacts: 25, companies: 8 }, { columnarFrom: 0 });
  const { data } = source;
  const pipelineOf = new Map(data.deals.map((d) => [d.id, d.pipelineId]));
  const dealIds = data.deals.map((d) => d.id);
  const pipelines = [...new Set(data.deals.map((d) => d.pipelineId)), 'nope'];
  const stages = [...new Set([...data.deals, ...data.invoices].map((r) => r.stageId)), 'nope'];
  const currencies = [...new Set(data.deals.flatMap((d) => (d.amount ? [d.amount.currency] : [])))];
  const times = [...data.deals, ...data.invoices, ...data.activities].map((r) => r.createdAt);
  const tMin = Math.min(...times) - 86_400_000;
  const tMax = data.now + 86_400_000;
  const clients: ClientRef[] = data.clients.map((c) => ({ type: c.type, id: c.id }));

  const DATE_FIELDS: Record<RecordKind, readonly DateField[]> = {
    deal: ['createdAt', 'closedAt'], invoice: ['createdAt', 'dueAt', 'paidAt'], activity: ['createdAt'],
  };
  const instant = fc.oneof(
    fc.integer({ min: tMin, max: tMax }),
    fc.constantFrom(...times.slice(0, 50)), // exact record instants: edges
  );
  const dateCond = (kind: RecordKind): fc.Arbitrary<DateCondition> =>
    fc.record({
      fields: fc.subarray([...DATE_FIELDS[kind]], { minLength: 1 }),
      from: fc.option(instant, { nil: undefined }),
      to: fc.option(instant, { nil: undefined }),
    }).map(({ fields, from, to }) => ({ fields, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }));
  const ids = fc.oneof(
    fc.subarray(dealIds, { maxLength: 60 }),
    fc.constant(dealIds.filter((_, i) => i % 2 === 0)),
    fc.constant([NO_DEAL]),
    fc.subarray(dealIds, { maxLength: 5 }).map((xs) => [...xs, '999999']),
  );
  // Mostly absent fields, so that most random filters still match records.
  const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: a, weight: 1 });

  const filterOf = (kind: RecordKind): fc.Arbitrary<Omit<RecordFilter, 'client'>> => {
    const common = {
      dates: opt(fc.array(dateCond(kind), { maxLength: 2 })),
      dealIds: opt(ids),
    };
    if (kind === 'activity') {
      return fc.record({
        ...common,
        pipelines: opt(fc.subarray(pipelines)),
        channels: opt(fc.subarray([...CHANNELS])),
        directions: opt(fc.subarray(['in', 'out', 'none'] as const)),
        completed: opt(fc.boolean()),
      }, { requiredKeys: [] });
    }
    if (kind === 'deal') {
      return fc.record({
        ...common,
        semantics: opt(fc.subarray(['open', 'won', 'lost'] as const)),
        stages: opt(fc.subarray(stages, { maxLength: 4 })),
        pipelines: opt(fc.subarray(pipelines)),
      }, { requiredKeys: [] });
    }
    return fc.record({
      ...common,
      semantics: opt(fc.subarray(['open', 'paid', 'declined'] as const)),
      stages: opt(fc.subarray(stages, { maxLength: 4 })),
      paidLate: opt(fc.boolean()),
    }, { requiredKeys: [] });
  };
  const bucket = (kind: RecordKind): fc.Arbitrary<GroupBy> =>
    fc.record({
      field: fc.constantFrom(...DATE_FIELDS[kind]),
      edges: fc.uniqueArray(instant, { minLength: 2, maxLength: 6 }).map((xs) => xs.sort((a, b) => a - b)),
      dup: fc.boolean(),
    }).map(({ field, edges, dup }) => ({
      by: 'bucket' as const, field, edges,
      keys: edges.slice(1).map((_, i) => (dup && i === 1 ? 'k0' : `k${i}`)),
    }));
  const groupOf = (kind: RecordKind): fc.Arbitrary<GroupBy | undefined> => {
    const plain: GroupBy[] = kind === 'activity' ? ['channel', 'pipeline'] : kind === 'deal' ? ['pipeline', 'currency', 'semantic'] : ['currency', 'semantic'];
    return fc.oneof(fc.constant(undefined), fc.constantFrom(...plain), bucket(kind));
  };
  const query: fc.Arbitrary<AggregateQuery> = fc.constantFrom<RecordKind>('deal', 'invoice', 'activity').chain((kind) =>
    fc.record({
      client: fc.constantFrom(...clients.slice(0, 6)),
      filter: filterOf(kind),
      measure: fc.constantFrom('count' as const, 'sum' as const),
      groupBy: groupOf(kind),
    }).map(({ client, filter, measure, groupBy }) => ({
      kind, filter: { client, ...filter }, measure, ...(groupBy ? { groupBy } : {}),
    })));

  const reference = async (q: AggregateQuery): Promise<AggregateResult> => {
    const items = await fetchAll(source, q.kind, q.filter);
    return aggregateRecords(q as AggregateQuery & { kind: RecordKind }, items as RecordOfKind[RecordKind][], pipelineOf);
  };

  it('for random single queries', async () => {
    await fc.assert(fc.asyncProperty(query, async (q) => {
      const [got] = await source.aggregate([q]);
      expect(got).to.deep.equal(await reference(q));
    }), { numRuns: 400 });
  });

  it('for random batches (shared filters and deal id lists)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(query, { minLength: 1, maxLength: 8 }), ids, async (qs, shared) => {
      // Half the queries of a kind that can take it share one deal id list (identity-keyed in the adapter).
      const batch = qs.map((q, i) => (i % 2 === 0 ? { ...q, filter: { ...q.filter, dealIds: shared } } : q));
      const got = await source.aggregate(batch);
      for (let i = 0; i < batch.length; i++) expect(got[i], `query ${i}`).to.deep.equal(await reference(batch[i]!));
    }), { numRuns: 150 });
  });

  it('answers the same whether a client has fewer records than `columnarFrom` (the reference path) or not', async () => {
    const mixed = new DemoAdapter(data, { columnarFrom: 40 });
    const sample = fc.sample(fc.array(query, { minLength: 1, maxLength: 6 }), { numRuns: 60, seed: 5 });
    const sizes = new Set<boolean>();
    for (const batch of sample) {
      for (const q of batch) sizes.add(mixed.recordsOf(q.filter.client)[q.kind].length >= 40);
      expect(await mixed.aggregate(batch)).to.deep.equal(await source.aggregate(batch));
    }
    expect([...sizes].sort()).to.deep.equal([false, true]);
  });

  it('compares meaningful answers (most random queries match records)', async () => {
    const sample = fc.sample(query, { numRuns: 200, seed: 3 });
    let nonEmpty = 0;
    for (const q of sample) if ((await source.aggregate([q]))[0]!.rows.some((r) => r.count > 0)) nonEmpty++;
    expect(nonEmpty).to.be.greaterThan(60);
  });

  it('keeps the reference errors: a misplaced field, a sum overflow', async () => {
    const ref = clients[0]!;
    let e: unknown;
    try {
      await source.aggregate([{ kind: 'deal', filter: { client: ref, channels: ['call'] }, measure: 'count' }]);
    } catch (err) { e = err; }
    expect(e).to.be.instanceOf(TypeError);
    const huge = new DemoAdapter({
      ...data,
      deals: data.deals.map((d) => (d.amount ? { ...d, amount: { minor: Number.MAX_SAFE_INTEGER - 1, currency: currencies[0]! } } : d)),
    }, { columnarFrom: 0 });
    const owner = data.deals.find((d) => d.amount && d.contactIds.length > 0)!;
    const mine = huge.recordsOf({ type: 'contact', id: owner.contactIds[0]! }).deal.filter((d) => d.amount).length;
    if (mine > 1) {
      e = undefined;
      try {
        await huge.aggregate([{ kind: 'deal', filter: { client: { type: 'contact', id: owner.contactIds[0]! } }, measure: 'sum' }]);
      } catch (err) { e = err; }
      expect(e).to.be.instanceOf(RangeError);
    }
  });
});
