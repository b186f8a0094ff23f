import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { Activity, Channel, ClientRef, CrmRecord, Deal, Direction, Invoice, RecordKind, RecordOfKind } from '../../src/core/model.js';
import { CHANNELS } from '../../src/core/model.js';
import { assertFilterFits } from '../../src/core/query-fit.js';
import {
  queryKey, type AggregateQuery, type AggregateRow, type RecordFilter, type RecordQuery, type SortField,
} from '../../src/core/query.js';
import { aggregateRecords, Aggregator, bucketIndex, compareRecords, compileFilter } from '../../src/core/records.js';

const C: ClientRef = { type: 'contact', id: '1' };
const f = (p: Omit<RecordFilter, 'client'> = {}): RecordFilter => ({ client: C, ...p });
const eur = (minor: number) => ({ minor, currency: 'EUR' });

function deal(id: string, p: Partial<Deal> = {}): Deal {
  return { id, title: `Deal ${id}`, pipelineId: 'p0', stageId: 'NEW', semantic: 'open', amount: eur(100), createdAt: 1000, ...p };
}
function inv(id: string, p: Partial<Invoice> = {}): Invoice {
  return { id, title: `Invoice ${id}`, stageId: 'N', semantic: 'open', amount: eur(50), createdAt: 1000, ...p };
}
function act(id: string, p: Partial<Activity> = {}): Activity {
  return { id, channel: 'call', direction: 'in', completed: true, createdAt: 1000, subject: `A${id}`, dealIds: [], ...p };
}

function ids<K extends RecordKind>(
  kind: K, filter: RecordFilter, records: readonly RecordOfKind[K][], map?: ReadonlyMap<string, string>,
): string[] {
  return records.filter(compileFilter(kind, filter, map)).map((r) => r.id);
}

function row(key: string, p: Partial<AggregateRow> = {}): AggregateRow {
  return { key, count: 0, amounts: {}, withoutAmount: 0, lastCreatedAt: null, ...p };
}

describe('compileFilter', () => {
  describe('dates', () => {
    const deals = [
      deal('1', { createdAt: 100, closedAt: 500 }),
      deal('2', { createdAt: 200 }),
      deal('3', { createdAt: 300, closedAt: 300 }),
    ];

    it('is half-open: includes a value exactly at from, excludes a value exactly at to', () => {
      expect(ids('deal', f({ dates: [{ fields: ['createdAt'], from: 200, to: 300 }] }), deals)).to.deep.equal(['2']);
      expect(ids('deal', f({ dates: [{ fields: ['createdAt'], from: 199, to: 301 }] }), deals)).to.deep.equal(['2', '3']);
      expect(ids('deal', f({ dates: [{ fields: ['createdAt'], from: 201, to: 300 }] }), deals)).to.deep.equal([]);
      expect(ids('deal', f({ dates: [{ fields: ['createdAt'], from: 100, to: 101 }] }), deals)).to.deep.equal(['1']);
    });

    it('treats a missing bound as unbounded', () => {
      expect(ids('deal', f({ dates: [{ fields: ['createdAt'], from: 200 }] }), deals)).to.deep.equal(['2', '3']);
      expect(ids('deal', f({ dates: [{ fields: ['createdAt'], to: 200 }] }), deals)).to.deep.equal(['1']);
      expect(ids('deal', f({ dates: [{ fields: ['createdAt'] }] }), deals)).to.deep.equal(['1', '2', '3']);
    });

    it('never matches a record whose date field is missing, even with open bounds', () => {
      expect(ids('deal', f({ dates: [{ fields: ['closedAt'] }] }), deals)).to.deep.equal(['1', '3']);
      expect(ids('deal', f({ dates: [{ fields: ['closedAt'], to: 10_000 }] }), deals)).to.deep.equal(['1', '3']);
      expect(ids('deal', f({ dates: [{ fields: ['closedAt'], from: 301, to: 500 }] }), deals)).to.deep.equal([]);
      expect(ids('deal', f({ dates: [{ fields: ['closedAt'], from: 300, to: 501 }] }), deals)).to.deep.equal(['1', '3']);
    });

    it('ORs several fields of one condition', () => {
      // Deal 1: created 100 (out), closed 500 (in). Deal 2: created 200, never closed. Deal 3: 300/300.
      expect(ids('deal', f({ dates: [{ fields: ['createdAt', 'closedAt'], from: 400, to: 600 }] }), deals)).to.deep.equal(['1']);
      expect(ids('deal', f({ dates: [{ fields: ['createdAt', 'closedAt'], from: 200, to: 301 }] }), deals)).to.deep.equal(['2', '3']);
      expect(ids('deal', f({ dates: [{ fields: ['closedAt', 'createdAt'], from: 0, to: 150 }] }), deals)).to.deep.equal(['1']);
      expect(ids('deal', f({ dates: [{ fields: ['createdAt', 'closedAt'], from: 501, to: 900 }] }), deals)).to.deep.equal([]);
    });

    it('ANDs several conditions', () => {
      const both = f({ dates: [{ fields: ['createdAt'], to: 250 }, { fields: ['closedAt'], from: 0 }] });
      expect(ids('deal', both, deals)).to.deep.equal(['1']);
      const none = f({ dates: [{ fields: ['createdAt'], from: 200 }, { fields: ['createdAt'], to: 200 }] });
      expect(ids('deal', none, deals)).to.deep.equal([]);
      const three = f({
        dates: [{ fields: ['createdAt'], from: 100 }, { fields: ['createdAt'], to: 1000 }, { fields: ['createdAt', 'closedAt'], from: 250 }],
      });
      expect(ids('deal', three, deals)).to.deep.equal(['1', '3']);
    });

    it('treats an empty list of conditions as absent', () => {
      expect(ids('deal', f({ dates: [] }), deals)).to.deep.equal(['1', '2', '3']);
    });

    it('uses dueAt and paidAt on invoices', () => {
      const invoices = [
        inv('1', { createdAt: 100, dueAt: 200, paidAt: 300 }),
        inv('2', { createdAt: 150, dueAt: 400 }),
        inv('3', { createdAt: 300 }),
      ];
      expect(ids('invoice', f({ dates: [{ fields: ['dueAt'], from: 200, to: 400 }] }), invoices)).to.deep.equal(['1']);
      expect(ids('invoice', f({ dates: [{ fields: ['dueAt'], from: 200, to: 401 }] }), invoices)).to.deep.equal(['1', '2']);
      expect(ids('invoice', f({ dates: [{ fields: ['paidAt'] }] }), invoices)).to.deep.equal(['1']);
      expect(ids('invoice', f({ dates: [{ fields: ['paidAt', 'createdAt'], from: 300, to: 301 }] }), invoices)).to.deep.equal(['1', '3']);
      expect(ids('invoice', f({ dates: [{ fields: ['createdAt'], from: 150, to: 300 }] }), invoices)).to.deep.equal(['2']);
    });

    it('uses createdAt on activities', () => {
      const acts = [act('1', { createdAt: 10 }), act('2', { createdAt: 20 }), act('3', { createdAt: 30 })];
      expect(ids('activity', f({ dates: [{ fields: ['createdAt'], from: 20, to: 30 }] }), acts)).to.deep.equal(['2']);
      expect(ids('activity', f({ dates: [{ fields: ['createdAt'], from: 11 }] }), acts)).to.deep.equal(['2', '3']);
    });
  });

  describe('list fields', () => {
    const deals = [
      deal('1', { semantic: 'won', stageId: 'WON', pipelineId: 'p1' }),
      deal('2', { semantic: 'lost', stageId: 'LOSE', pipelineId: 'p2' }),
      deal('3', { semantic: 'open', stageId: 'NEW', pipelineId: 'p1' }),
      deal('4', { semantic: 'open', stageId: 'PREP', pipelineId: 'p3' }),
    ];
    const invoices = [
      inv('1', { semantic: 'paid', stageId: 'P', dealId: '1' }),
      inv('2', { semantic: 'declined', stageId: 'D', dealId: '2' }),
      inv('3', { semantic: 'open', stageId: 'N' }),
      inv('4', { semantic: 'paid', stageId: 'P', dealId: '3' }),
    ];
    const pipelineOf = new Map(deals.map((d) => [d.id, d.pipelineId]));
    const acts = [
      act('1', { dealIds: ['1'], channel: 'call', direction: 'in', completed: true }),
      act('2', { dealIds: ['2', '3'], channel: 'email', direction: 'out', completed: false }),
      act('3', { dealIds: [], channel: 'chat', direction: 'none', completed: true }),
      act('4', { dealIds: ['4'], channel: 'email', direction: 'in', completed: false }),
      act('5', { dealIds: ['99'], channel: 'sms', direction: 'out', completed: true }),
    ];

    it('semantics on deals and invoices', () => {
      expect(ids('deal', f({ semantics: ['won', 'lost'] }), deals)).to.deep.equal(['1', '2']);
      expect(ids('deal', f({ semantics: ['open'] }), deals)).to.deep.equal(['3', '4']);
      expect(ids('invoice', f({ semantics: ['paid'] }), invoices)).to.deep.equal(['1', '4']);
      expect(ids('invoice', f({ semantics: ['declined', 'open'] }), invoices)).to.deep.equal(['2', '3']);
    });

    it('stages on deals and invoices', () => {
      expect(ids('deal', f({ stages: ['NEW', 'PREP'] }), deals)).to.deep.equal(['3', '4']);
      expect(ids('deal', f({ stages: ['NOPE'] }), deals)).to.deep.equal([]);
      expect(ids('invoice', f({ stages: ['P'] }), invoices)).to.deep.equal(['1', '4']);
    });

    it('dealIds: a deal by its id, an invoice by its linked deal, an activity by any bound deal', () => {
      expect(ids('deal', f({ dealIds: ['2', '4', '77'] }), deals)).to.deep.equal(['2', '4']);
      // Invoice 3 has no linked deal: never matches.
      expect(ids('invoice', f({ dealIds: ['1', '3'] }), invoices)).to.deep.equal(['1', '4']);
      expect(ids('invoice', f({ dealIds: ['4'] }), invoices)).to.deep.equal([]);
      // Activity 2 is bound to deals 2 and 3: one of them is enough. Activity 3 has no deal.
      expect(ids('activity', f({ dealIds: ['3'] }), acts)).to.deep.equal(['2']);
      expect(ids('activity', f({ dealIds: ['1', '2'] }), acts)).to.deep.equal(['1', '2']);
      expect(ids('activity', f({ dealIds: ['99'] }), acts)).to.deep.equal(['5']);
    });

    it('pipelines on deals', () => {
      expect(ids('deal', f({ pipelines: ['p1'] }), deals)).to.deep.equal(['1', '3']);
      expect(ids('deal', f({ pipelines: ['p2', 'p3'] }), deals)).to.deep.equal(['2', '4']);
    });

    it('pipelines on activities through the deal → pipeline map', () => {
      // Activity 2: deals 2 (p2) and 3 (p1). Activity 5's deal 99 is not in the map. Activity 3 has no deal.
      expect(ids('activity', f({ pipelines: ['p1'] }), acts, pipelineOf)).to.deep.equal(['1', '2']);
      expect(ids('activity', f({ pipelines: ['p2'] }), acts, pipelineOf)).to.deep.equal(['2']);
      expect(ids('activity', f({ pipelines: ['p3', 'p2'] }), acts, pipelineOf)).to.deep.equal(['2', '4']);
      expect(ids('activity', f({ pipelines: ['p9'] }), acts, pipelineOf)).to.deep.equal([]);
      // Without a map no deal has a known pipeline.
      expect(ids('activity', f({ pipelines: ['p1'] }), acts)).to.deep.equal([]);
    });

    it('channels, directions and completed on activities', () => {
      expect(ids('activity', f({ channels: ['email'] }), acts)).to.deep.equal(['2', '4']);
      expect(ids('activity', f({ channels: ['chat', 'sms', 'meeting'] }), acts)).to.deep.equal(['3', '5']);
      expect(ids('activity', f({ directions: ['in'] }), acts)).to.deep.equal(['1', '4']);
      expect(ids('activity', f({ directions: ['out', 'none'] }), acts)).to.deep.equal(['2', '3', '5']);
      expect(ids('activity', f({ completed: true }), acts)).to.deep.equal(['1', '3', '5']);
      expect(ids('activity', f({ completed: false }), acts)).to.deep.equal(['2', '4']);
    });

    it('treats empty lists as absent', () => {
      expect(ids('deal', f({ semantics: [], stages: [], pipelines: [], dealIds: [] }), deals)).to.deep.equal(['1', '2', '3', '4']);
      expect(ids('invoice', f({ semantics: [], stages: [], dealIds: [] }), invoices)).to.deep.equal(['1', '2', '3', '4']);
      expect(ids('activity', f({ channels: [], directions: [], pipelines: [], dealIds: [] }), acts, pipelineOf))
        .to.deep.equal(['1', '2', '3', '4', '5']);
    });

    it('ANDs different fields', () => {
      expect(ids('deal', f({ semantics: ['open', 'won'], pipelines: ['p1'] }), deals)).to.deep.equal(['1', '3']);
      expect(ids('deal', f({ semantics: ['open'], pipelines: ['p1'], stages: ['NEW', 'WON'] }), deals)).to.deep.equal(['3']);
      expect(ids('deal', f({ semantics: ['won'], dealIds: ['2'] }), deals)).to.deep.equal([]);
      expect(ids('invoice', f({ semantics: ['paid'], dealIds: ['3', '2'] }), invoices)).to.deep.equal(['4']);
      expect(ids('activity', f({ channels: ['email'], directions: ['in'] }), acts)).to.deep.equal(['4']);
      expect(ids('activity', f({ channels: ['email', 'call'], completed: true, pipelines: ['p1'] }), acts, pipelineOf))
        .to.deep.equal(['1']);
      expect(ids('activity', f({
        channels: ['email', 'call', 'chat'], completed: false, directions: ['out'], dealIds: ['3'],
        dates: [{ fields: ['createdAt'], from: 1000, to: 1001 }],
      }), acts)).to.deep.equal(['2']);
    });

    it('an empty filter matches everything', () => {
      expect(ids('deal', f(), deals)).to.deep.equal(['1', '2', '3', '4']);
      expect(ids('activity', f(), acts)).to.deep.equal(['1', '2', '3', '4', '5']);
    });
  });

  describe('paidLate', () => {
    const invoices = [
      inv('1', { semantic: 'paid', dueAt: 100, paidAt: 150 }), // late
      inv('2', { semantic: 'paid', dueAt: 100, paidAt: 100 }), // exactly at due: on time
      inv('3', { semantic: 'paid', dueAt: 100, paidAt: 50 }), // early
      inv('4', { semantic: 'open', dueAt: 100 }), // unpaid
      inv('5', { semantic: 'paid', paidAt: 150 }), // undated
      inv('6', { semantic: 'open' }), // neither
      inv('7', { semantic: 'paid', dueAt: 100, paidAt: 101 }), // 1 ms late
    ];

    it('true keeps invoices paid after their due date', () => {
      expect(ids('invoice', f({ paidLate: true }), invoices)).to.deep.equal(['1', '7']);
    });

    it('false keeps invoices paid on or before their due date', () => {
      expect(ids('invoice', f({ paidLate: false }), invoices)).to.deep.equal(['2', '3']);
    });

    it('combines with other fields', () => {
      expect(ids('invoice', f({ paidLate: true, dates: [{ fields: ['paidAt'], from: 102 }] }), invoices)).to.deep.equal(['1']);
    });
  });

  it('throws the same TypeError as assertFilterFits for a misplaced field', () => {
    expect(() => compileFilter('deal', f({ channels: ['call'] }))).to.throw(TypeError, 'channels');
    expect(() => compileFilter('activity', f({ dates: [{ fields: ['closedAt'] }] }))).to.throw(TypeError, 'closedAt');
  });
});

describe('assertFilterFits', () => {
  const misplaced: [RecordKind, Omit<RecordFilter, 'client'>, string][] = [
    ['deal', { channels: ['call'] }, 'channels'],
    ['invoice', { channels: ['email'] }, 'channels'],
    ['deal', { directions: ['in'] }, 'directions'],
    ['invoice', { directions: ['out'] }, 'directions'],
    ['deal', { completed: true }, 'completed'],
    ['invoice', { completed: false }, 'completed'],
    ['deal', { paidLate: true }, 'paidLate'],
    ['activity', { paidLate: false }, 'paidLate'],
    ['activity', { semantics: ['won'] }, 'semantics'],
    ['activity', { stages: ['NEW'] }, 'stages'],
    ['invoice', { pipelines: ['p1'] }, 'pipelines'],
    ['activity', { dates: [{ fields: ['closedAt'] }] }, 'closedAt'],
    ['invoice', { dates: [{ fields: ['closedAt'], from: 1 }] }, 'closedAt'],
    ['deal', { dates: [{ fields: ['dueAt'] }] }, 'dueAt'],
    ['activity', { dates: [{ fields: ['createdAt'] }, { fields: ['createdAt', 'paidAt'] }] }, 'paidAt'],
  ];
  for (const [kind, filter, field] of misplaced) {
    it(`rejects ${field} on ${kind} records, naming the field`, () => {
      let err: unknown;
      try {
        assertFilterFits(kind, f(filter));
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(TypeError);
      expect((err as TypeError).message).to.include(`"${field}"`);
      expect((err as TypeError).message).to.include(kind);
    });
  }

  it('accepts every field on the kinds it applies to', () => {
    expect(() => assertFilterFits('deal', f({
      semantics: ['won'], pipelines: ['p'], stages: ['s'], dealIds: ['1'], dates: [{ fields: ['createdAt', 'closedAt'] }],
    }))).not.to.throw();
    expect(() => assertFilterFits('invoice', f({
      semantics: ['paid'], stages: ['s'], dealIds: ['1'], paidLate: false, dates: [{ fields: ['createdAt', 'dueAt', 'paidAt'] }],
    }))).not.to.throw();
    expect(() => assertFilterFits('activity', f({
      pipelines: ['p'], channels: ['call'], directions: ['in'], completed: false, dealIds: ['1'], dates: [{ fields: ['createdAt'] }],
    }))).not.to.throw();
  });

  // Regression test (bug found in review and fixed).
  it('treats an empty list on a kind it does not apply to as absent', () => {
    expect(() => assertFilterFits('deal', f({ channels: [], directions: [] }))).not.to.throw();
    expect(() => assertFilterFits('activity', f({ semantics: [], stages: [] }))).not.to.throw();
  });
});

describe('bucketIndex', () => {
  const edges = [10, 20, 30];

  it('returns -1 before the first edge and from the last edge on (last edge exclusive)', () => {
    expect(bucketIndex(edges, 9)).to.equal(-1);
    expect(bucketIndex(edges, -Infinity)).to.equal(-1);
    expect(bucketIndex(edges, 30)).to.equal(-1);
    expect(bucketIndex(edges, 31)).to.equal(-1);
  });

  it('puts a value exactly at an edge in the bucket starting there', () => {
    expect(bucketIndex(edges, 10)).to.equal(0);
    expect(bucketIndex(edges, 19)).to.equal(0);
    expect(bucketIndex(edges, 20)).to.equal(1);
    expect(bucketIndex(edges, 29.999)).to.equal(1);
  });

  it('returns -1 with fewer than two edges', () => {
    expect(bucketIndex([], 5)).to.equal(-1);
    expect(bucketIndex([10], 10)).to.equal(-1);
    expect(bucketIndex([10], 11)).to.equal(-1);
    expect(bucketIndex([10, 11], 10)).to.equal(0);
  });

  it('agrees with a linear scan on many buckets', () => {
    const many = Array.from({ length: 38 }, (_, i) => i * 10 + (i % 3)); // 37 uneven buckets
    for (let t = -2; t <= 385; t++) {
      const linear = many.findIndex((e, i) => i < many.length - 1 && t >= e && t < many[i + 1]!);
      expect(bucketIndex(many, t), `t=${t}`).to.equal(linear);
    }
  });
});

describe('Aggregator / aggregateRecords', () => {
  const q = (kind: RecordKind, p: Partial<AggregateQuery> = {}): AggregateQuery & { kind: RecordKind } =>
    ({ kind, filter: f(), measure: 'count', ...p });

  it('ungrouped: exactly one row with key "" even with zero records', () => {
    expect(aggregateRecords(q('deal'), [])).to.deep.equal({ rows: [row('')] });
    expect(aggregateRecords(q('activity', { measure: 'sum' }), [])).to.deep.equal({ rows: [row('')] });
    expect(new Aggregator(q('invoice')).result()).to.deep.equal({ rows: [row('')] });
  });

  it('grouped: no rows without records', () => {
    expect(aggregateRecords(q('activity', { groupBy: 'channel' }), [])).to.deep.equal({ rows: [] });
    expect(aggregateRecords(q('deal', { groupBy: { by: 'bucket', field: 'createdAt', edges: [0, 1], keys: ['a'] } }), []))
      .to.deep.equal({ rows: [] });
  });

  it('sums amounts per currency in minor units and counts records without amount', () => {
    const deals = [
      deal('1', { amount: { minor: 999, currency: 'USD' }, createdAt: 50 }),
      deal('2', { amount: eur(10_01), createdAt: 400 }),
      deal('3', { amount: null, createdAt: 300 }),
      deal('4', { amount: eur(20_02), createdAt: 100 }),
      deal('5', { amount: { minor: 7, currency: 'JPY' }, createdAt: 200 }),
      deal('6', { amount: eur(0), createdAt: 10 }),
    ];
    const res = aggregateRecords(q('deal', { measure: 'sum' }), deals);
    expect(res).to.deep.equal({
      rows: [row('', { count: 6, amounts: { EUR: 30_03, JPY: 7, USD: 999 }, withoutAmount: 1, lastCreatedAt: 400 })],
    });
    // Currency keys come out sorted, whatever the order they were met in.
    expect(Object.keys(res.rows[0]!.amounts)).to.deep.equal(['EUR', 'JPY', 'USD']);
  });

  it('sums invoices too', () => {
    const invoices = [inv('1', { amount: eur(1) }), inv('2', { amount: eur(2) }), inv('3', { amount: null, createdAt: 5000 })];
    expect(aggregateRecords(q('invoice', { measure: 'sum' }), invoices).rows)
      .to.deep.equal([row('', { count: 3, amounts: { EUR: 3 }, withoutAmount: 1, lastCreatedAt: 5000 })]);
  });

  it('count measure leaves amounts empty and withoutAmount 0', () => {
    const deals = [deal('1', { amount: null }), deal('2', { amount: eur(5), createdAt: 7 })];
    expect(aggregateRecords(q('deal'), deals).rows).to.deep.equal([row('', { count: 2, lastCreatedAt: 1000 })]);
  });

  it('sum on activities counts only (they have no amount)', () => {
    const acts = [act('1', { createdAt: 3 }), act('2', { createdAt: 9 })];
    expect(aggregateRecords(q('activity', { measure: 'sum' }), acts).rows).to.deep.equal([row('', { count: 2, lastCreatedAt: 9 })]);
  });

  it('groups by channel, rows sorted by key, each with its own lastCreatedAt', () => {
    const acts = [
      act('1', { channel: 'email', createdAt: 5 }),
      act('2', { channel: 'call', createdAt: 7 }),
      act('3', { channel: 'email', createdAt: 9 }),
      act('4', { channel: 'chat', createdAt: 1 }),
      act('5', { channel: 'call', createdAt: 3 }),
    ];
    expect(aggregateRecords(q('activity', { groupBy: 'channel' }), acts).rows).to.deep.equal([
      row('call', { count: 2, lastCreatedAt: 7 }),
      row('chat', { count: 1, lastCreatedAt: 1 }),
      row('email', { count: 2, lastCreatedAt: 9 }),
    ]);
  });

  it('groups by semantic with sums per group', () => {
    const deals = [
      deal('1', { semantic: 'won', amount: eur(100), createdAt: 1 }),
      deal('2', { semantic: 'open', amount: null, createdAt: 2 }),
      deal('3', { semantic: 'won', amount: { minor: 5, currency: 'USD' }, createdAt: 3 }),
      deal('4', { semantic: 'lost', amount: eur(40), createdAt: 4 }),
      deal('5', { semantic: 'won', amount: eur(1), createdAt: 2 }),
    ];
    expect(aggregateRecords(q('deal', { measure: 'sum', groupBy: 'semantic' }), deals).rows).to.deep.equal([
      row('lost', { count: 1, amounts: { EUR: 40 }, lastCreatedAt: 4 }),
      row('open', { count: 1, withoutAmount: 1, lastCreatedAt: 2 }),
      row('won', { count: 3, amounts: { EUR: 101, USD: 5 }, lastCreatedAt: 3 }),
    ]);
  });

  it('groups by currency; records without amount go to key ""', () => {
    const invoices = [
      inv('1', { amount: { minor: 3, currency: 'USD' } }),
      inv('2', { amount: null, createdAt: 2000 }),
      inv('3', { amount: eur(4) }),
      inv('4', { amount: eur(6), createdAt: 3000 }),
    ];
    expect(aggregateRecords(q('invoice', { measure: 'sum', groupBy: 'currency' }), invoices).rows).to.deep.equal([
      row('', { count: 1, withoutAmount: 1, lastCreatedAt: 2000 }),
      row('EUR', { count: 2, amounts: { EUR: 10 }, lastCreatedAt: 3000 }),
      row('USD', { count: 1, amounts: { USD: 3 }, lastCreatedAt: 1000 }),
    ]);
  });

  it('groups deals by pipeline', () => {
    const deals = [deal('1', { pipelineId: 'p2' }), deal('2', { pipelineId: 'p1', createdAt: 1 }), deal('3', { pipelineId: 'p2', createdAt: 5000 })];
    expect(aggregateRecords(q('deal', { groupBy: 'pipeline' }), deals).rows).to.deep.equal([
      row('p1', { count: 1, lastCreatedAt: 1 }),
      row('p2', { count: 2, lastCreatedAt: 5000 }),
    ]);
  });

  describe('activities by pipeline', () => {
    const pipelineOf = new Map([['1', 'p1'], ['2', 'p2'], ['3', 'p1']]);
    const acts = [
      act('1', { dealIds: ['1', '2'], createdAt: 10 }), // p1 and p2: once in each
      act('2', { dealIds: ['1', '3'], createdAt: 20 }), // both p1: once
      act('3', { dealIds: [], createdAt: 30 }), // no deal: ''
      act('4', { dealIds: ['99'], createdAt: 40 }), // unknown deal: ''
      act('5', { dealIds: ['2'], createdAt: 50 }),
    ];

    it('counts an activity once in each distinct pipeline of its deals, "" when none', () => {
      expect(aggregateRecords(q('activity', { groupBy: 'pipeline' }), acts, pipelineOf).rows).to.deep.equal([
        row('', { count: 2, lastCreatedAt: 40 }),
        row('p1', { count: 2, lastCreatedAt: 20 }),
        row('p2', { count: 2, lastCreatedAt: 50 }),
      ]);
    });

    it('ignores bound deals outside the dealIds filter; none left → ""', () => {
      const query = q('activity', { groupBy: 'pipeline', filter: f({ dealIds: ['2'] }) });
      // Feed every activity (not pre-filtered) to see where each one goes.
      expect(aggregateRecords(query, acts, pipelineOf).rows).to.deep.equal([
        row('', { count: 3, lastCreatedAt: 40 }), // 2 (deals 1, 3 filtered out), 3, 4
        row('p2', { count: 2, lastCreatedAt: 50 }), // 1 (only deal 2 counts), 5
      ]);
      const filtered = acts.filter(compileFilter('activity', query.filter, pipelineOf));
      expect(aggregateRecords(query, filtered, pipelineOf).rows).to.deep.equal([row('p2', { count: 2, lastCreatedAt: 50 })]);
    });

    it('counts a pipeline once even when it repeats after a second pipeline', () => {
      const map = new Map([['1', 'p1'], ['2', 'p2'], ['3', 'p1'], ['4', 'p2'], ['5', 'p3']]);
      const many = [
        act('1', { dealIds: ['1', '2', '4', '3', '2'], createdAt: 5 }), // p1, p2, p2, p1, p2
        act('2', { dealIds: ['2', '5', '4', '5', '1'], createdAt: 6 }), // p2, p3, p2, p3, p1
      ];
      expect(aggregateRecords(q('activity', { groupBy: 'pipeline' }), many, map).rows).to.deep.equal([
        row('p1', { count: 2, lastCreatedAt: 6 }),
        row('p2', { count: 2, lastCreatedAt: 6 }),
        row('p3', { count: 1, lastCreatedAt: 6 }),
      ]);
    });

    it('puts everything in "" without a deal → pipeline map', () => {
      expect(aggregateRecords(q('activity', { groupBy: 'pipeline' }), acts).rows).to.deep.equal([row('', { count: 5, lastCreatedAt: 50 })]);
    });

    // Regression test (bug found in review and fixed).
    it('does not count an activity under a pipeline the pipelines filter excludes', () => {
      const query = q('activity', { groupBy: 'pipeline', filter: f({ pipelines: ['p1'] }) });
      const filtered = acts.filter(compileFilter('activity', query.filter, pipelineOf));
      expect(filtered.map((a) => a.id)).to.deep.equal(['1', '2']);
      expect(aggregateRecords(query, filtered, pipelineOf).rows).to.deep.equal([row('p1', { count: 2, lastCreatedAt: 20 })]);
    });
  });

  it('groups into time buckets, rows in the order of keys (not alphabetical), empty buckets omitted', () => {
    const groupBy = { by: 'bucket' as const, field: 'createdAt' as const, edges: [0, 10, 20, 30, 40], keys: ['z', 'a', 'm', 'b'] };
    const acts = [
      act('1', { createdAt: 25 }), // m
      act('2', { createdAt: 0 }), // z (exactly at the first edge)
      act('3', { createdAt: 40 }), // at the last edge: out
      act('4', { createdAt: -1 }), // before: out
      act('5', { createdAt: 30 }), // b
      act('6', { createdAt: 9 }), // z
      act('7', { createdAt: 39 }), // b
    ];
    expect(aggregateRecords(q('activity', { groupBy }), acts).rows).to.deep.equal([
      row('z', { count: 2, lastCreatedAt: 9 }),
      row('m', { count: 1, lastCreatedAt: 25 }),
      row('b', { count: 2, lastCreatedAt: 39 }),
    ]);
  });

  it('buckets deals by closedAt, skipping deals without it; sums per bucket', () => {
    const groupBy = { by: 'bucket' as const, field: 'closedAt' as const, edges: [100, 200, 300], keys: ['2026-02', '2026-01'] };
    const deals = [
      deal('1', { closedAt: 150, amount: eur(1), createdAt: 5 }),
      deal('2', { amount: eur(1000) }),
      deal('3', { closedAt: 200, amount: eur(30), createdAt: 6 }),
      deal('4', { closedAt: 199, amount: null, createdAt: 7 }),
      deal('5', { closedAt: 300, amount: eur(5000) }),
    ];
    expect(aggregateRecords(q('deal', { measure: 'sum', groupBy }), deals).rows).to.deep.equal([
      row('2026-02', { count: 2, amounts: { EUR: 1 }, withoutAmount: 1, lastCreatedAt: 7 }),
      row('2026-01', { count: 1, amounts: { EUR: 30 }, lastCreatedAt: 6 }),
    ]);
  });

  it('adds up exactly to Number.MAX_SAFE_INTEGER and throws a RangeError past it', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const ok = aggregateRecords(q('deal', { measure: 'sum' }), [deal('1', { amount: eur(max - 1) }), deal('2', { amount: eur(1) })]);
    expect(ok.rows[0]!.amounts).to.deep.equal({ EUR: max });
    const agg = new Aggregator<'deal'>(q('deal', { measure: 'sum' }));
    agg.add(deal('1', { amount: eur(max) }));
    agg.add(deal('2', { amount: { minor: 1, currency: 'USD' } })); // another currency is its own total
    expect(() => agg.add(deal('3', { amount: eur(1) }))).to.throw(RangeError, 'EUR');
    // Counts without sums never overflow on amounts.
    expect(aggregateRecords(q('deal'), [deal('1', { amount: eur(max) }), deal('2', { amount: eur(max) })]).rows[0]!.count).to.equal(2);
  });

  it('result() can be read repeatedly and reflects later adds', () => {
    const agg = new Aggregator<'activity'>(q('activity', { groupBy: 'channel' }));
    agg.add(act('1', { channel: 'sms', createdAt: 1 }));
    expect(agg.result().rows).to.deep.equal([row('sms', { count: 1, lastCreatedAt: 1 })]);
    agg.add(act('2', { channel: 'call', createdAt: 2 }));
    expect(agg.result().rows).to.deep.equal([row('call', { count: 1, lastCreatedAt: 2 }), row('sms', { count: 1, lastCreatedAt: 1 })]);
  });
});

describe('compareRecords', () => {
  const sorted = (records: CrmRecord[], field: SortField | undefined, direction: 'asc' | 'desc' = 'asc'): string[] =>
    [...records].sort(compareRecords(field === undefined ? undefined : { field, direction })).map((r) => r.id);

  it('sorts by createdAt, and by createdAt desc without a sort', () => {
    const deals = [deal('1', { createdAt: 30 }), deal('2', { createdAt: 10 }), deal('3', { createdAt: 20 })];
    expect(sorted(deals, 'createdAt', 'asc')).to.deep.equal(['2', '3', '1']);
    expect(sorted(deals, 'createdAt', 'desc')).to.deep.equal(['1', '3', '2']);
    expect(sorted(deals, undefined)).to.deep.equal(['1', '3', '2']);
  });

  it('sorts by closedAt with missing values last in both directions', () => {
    const deals = [deal('1'), deal('2', { closedAt: 50 }), deal('3', { closedAt: 20 }), deal('4'), deal('5', { closedAt: 80 })];
    expect(sorted(deals, 'closedAt', 'asc')).to.deep.equal(['3', '2', '5', '1', '4']);
    expect(sorted(deals, 'closedAt', 'desc')).to.deep.equal(['5', '2', '3', '1', '4']);
  });

  it('sorts invoices by dueAt and paidAt with missing values last', () => {
    const invoices = [inv('1', { dueAt: 5, paidAt: 9 }), inv('2', { paidAt: 3 }), inv('3', { dueAt: 7 }), inv('4', { dueAt: 1, paidAt: 4 })];
    expect(sorted(invoices, 'dueAt', 'asc')).to.deep.equal(['4', '1', '3', '2']);
    expect(sorted(invoices, 'dueAt', 'desc')).to.deep.equal(['3', '1', '4', '2']);
    expect(sorted(invoices, 'paidAt', 'asc')).to.deep.equal(['2', '4', '1', '3']);
    expect(sorted(invoices, 'paidAt', 'desc')).to.deep.equal(['1', '4', '2', '3']);
  });

  it('sorts by amount (minor units), null amounts last, ties by numeric id', () => {
    const deals = [
      deal('10', { amount: eur(5) }), deal('2', { amount: null }), deal('9', { amount: eur(5) }),
      deal('1', { amount: eur(-3) }), deal('3', { amount: eur(700) }), deal('11', { amount: null }),
    ];
    expect(sorted(deals, 'amount', 'asc')).to.deep.equal(['1', '9', '10', '3', '2', '11']);
    expect(sorted(deals, 'amount', 'desc')).to.deep.equal(['3', '9', '10', '1', '2', '11']);
  });

  it('sorts by title (deals, invoices) or subject (activities)', () => {
    const deals = [deal('1', { title: 'beta' }), deal('2', { title: 'Alpha' }), deal('3', { title: 'gamma' })];
    expect(sorted(deals, 'title', 'asc')).to.deep.equal(['2', '1', '3']);
    expect(sorted(deals, 'title', 'desc')).to.deep.equal(['3', '1', '2']);
    const acts = [act('1', { subject: 'Call back' }), act('2', { subject: 'Agenda' }), act('3', { subject: 'Call back' })];
    expect(sorted(acts, 'title', 'asc')).to.deep.equal(['2', '1', '3']);
    expect(sorted(acts, 'title', 'desc')).to.deep.equal(['1', '3', '2']);
  });

  it('sorts by numeric id, not lexically', () => {
    const acts = [act('10'), act('9'), act('100'), act('1')];
    expect(sorted(acts, 'id', 'asc')).to.deep.equal(['1', '9', '10', '100']);
    expect(sorted(acts, 'id', 'desc')).to.deep.equal(['100', '10', '9', '1']);
  });

  it('breaks ties by ascending numeric id in both directions', () => {
    const acts = [act('20', { createdAt: 5 }), act('3', { createdAt: 5 }), act('100', { createdAt: 5 }), act('4', { createdAt: 6 })];
    expect(sorted(acts, 'createdAt', 'asc')).to.deep.equal(['3', '20', '100', '4']);
    expect(sorted(acts, 'createdAt', 'desc')).to.deep.equal(['4', '3', '20', '100']);
    // Activities have no amount: all tie, so the order is by id.
    expect(sorted(acts, 'amount', 'desc')).to.deep.equal(['3', '4', '20', '100']);
  });

  it('returns 0 only for the same id', () => {
    const cmp = compareRecords({ field: 'createdAt', direction: 'asc' });
    expect(cmp(act('5'), act('5'))).to.equal(0);
    expect(cmp(act('5'), act('6'))).to.be.below(0);
    expect(cmp(act('6'), act('5'))).to.be.above(0);
  });

  // Regression test (bug found in review and fixed).
  it('breaks collation ties of different title strings by numeric id', () => {
    const deals = [deal('2', { title: 'Caf\u00e9' }), deal('1', { title: 'Cafe\u0301' })];
    expect(sorted(deals, 'title', 'asc')).to.deep.equal(['1', '2']);
    expect(sorted(deals, 'title', 'desc')).to.deep.equal(['1', '2']);
  });
});

describe('queryKey', () => {
  const make = (): AggregateQuery => ({
    kind: 'activity',
    filter: { client: { type: 'contact', id: '1' }, channels: ['call', 'email'], dates: [{ fields: ['createdAt'], from: 0, to: 10 }] },
    measure: 'count',
    groupBy: { by: 'bucket', field: 'createdAt', edges: [0, 5, 10], keys: ['a', 'b'] },
  });

  it('is the same for equal queries built separately', () => {
    expect(queryKey(make())).to.equal(queryKey(make()));
    expect(queryKey(make())).to.equal(queryKey(structuredClone(make())));
    const rq = (): RecordQuery => ({ kind: 'deal', filter: f({ semantics: ['won'] }), sort: { field: 'amount', direction: 'desc' }, page: { offset: 20, limit: 20 } });
    expect(queryKey(rq())).to.equal(queryKey(rq()));
  });

  it('ignores optional fields set to undefined', () => {
    const a: AggregateQuery = { kind: 'deal', filter: f(), measure: 'sum' };
    const b: AggregateQuery = { kind: 'deal', filter: { client: C, semantics: undefined }, measure: 'sum', groupBy: undefined };
    expect(queryKey(a)).to.equal(queryKey(b));
  });

  it('differs whenever any part of the query differs', () => {
    const base = make();
    const variants: AggregateQuery[] = [
      { ...base, kind: 'deal' },
      { ...base, measure: 'sum' },
      { ...base, groupBy: 'channel' },
      { ...base, groupBy: undefined },
      { ...base, filter: { ...base.filter, client: { type: 'company', id: '1' } } },
      { ...base, filter: { ...base.filter, client: { type: 'contact', id: '2' } } },
      { ...base, filter: { ...base.filter, channels: ['call'] } },
      { ...base, filter: { ...base.filter, completed: false } },
      { ...base, filter: { ...base.filter, dates: [{ fields: ['createdAt'], from: 0, to: 11 }] } },
      { ...base, filter: { ...base.filter, dates: [{ fields: ['createdAt'], from: 0 }] } },
      { ...base, groupBy: { by: 'bucket', field: 'createdAt', edges: [0, 5, 10], keys: ['a', 'c'] } },
    ];
    const keys = new Set([queryKey(base), ...variants.map(queryKey)]);
    expect(keys.size).to.equal(variants.length + 1);
    const page = (offset: number, limit: number): RecordQuery => ({ kind: 'deal', filter: f(), page: { offset, limit } });
    expect(queryKey(page(0, 20))).not.to.equal(queryKey(page(20, 20)));
    expect(queryKey(page(0, 20))).not.to.equal(queryKey(page(0, 50)));
    expect(queryKey({ ...page(0, 20), sort: { field: 'id', direction: 'asc' } }))
      .not.to.equal(queryKey({ ...page(0, 20), sort: { field: 'id', direction: 'desc' } }));
  });

  // Regression test (bug found in review and fixed).
  it('differs for infinite bounds of opposite sign', () => {
    const withFrom = (from: number): AggregateQuery => ({ kind: 'deal', filter: f({ dates: [{ fields: ['createdAt'], from }] }), measure: 'count' });
    expect(queryKey(withFrom(Infinity))).not.to.equal(queryKey(withFrom(-Infinity)));
  });
});

describe('aggregateRecords over compileFilter (property)', () => {
  const pipelineOf = new Map([['1', 'p1'], ['2', 'p2'], ['3', 'p1']]);
  const someOf = <T>(xs: readonly T[]) => fc.subarray([...xs]);
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

  const activityArb = (id: number) => fc.record({
    channel: fc.constantFrom(...CHANNELS),
    direction: fc.constantFrom<Direction>('in', 'out', 'none'),
    completed: fc.boolean(),
    createdAt: fc.integer({ min: 0, max: 50 }),
    dealIds: someOf(['1', '2', '3', '4']),
  }).map((p): Activity => act(String(id), p));

  const activitiesArb = fc.integer({ min: 0, max: 12 }).chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => activityArb(i + 1))) as fc.Arbitrary<Activity[]>);

  const dateCondArb = fc.record({ from: maybe(fc.integer({ min: 0, max: 50 })), to: maybe(fc.integer({ min: 0, max: 50 })) })
    .map(({ from, to }) => ({ fields: ['createdAt' as const], ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }));

  const filterArb = fc.record({
    dates: maybe(fc.array(dateCondArb, { maxLength: 2 })),
    channels: maybe(someOf<Channel>(CHANNELS)),
    directions: maybe(someOf<Direction>(['in', 'out', 'none'])),
    completed: maybe(fc.boolean()),
    dealIds: maybe(someOf(['1', '2', '3', '4'])),
    pipelines: maybe(someOf(['p1', 'p2', 'p3'])),
  }, { requiredKeys: [] }).map((p) => f(Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined))));

  it('row counts add up to the filtered length, ungrouped and grouped by channel, and each channel row reconciles', () => {
    fc.assert(fc.property(activitiesArb, filterArb, (records, filter) => {
      const pred = compileFilter('activity', filter, pipelineOf);
      const matching = records.filter(pred);
      const flat = aggregateRecords({ kind: 'activity', filter, measure: 'count' }, matching, pipelineOf);
      expect(flat.rows.length).to.equal(1);
      expect(flat.rows[0]!.key).to.equal('');
      expect(flat.rows[0]!.count).to.equal(matching.length);
      expect(flat.rows[0]!.lastCreatedAt).to.equal(matching.length ? Math.max(...matching.map((a) => a.createdAt)) : null);

      const byChannel = aggregateRecords({ kind: 'activity', filter, measure: 'count', groupBy: 'channel' }, matching, pipelineOf);
      expect(byChannel.rows.reduce((s, r) => s + r.count, 0)).to.equal(matching.length);
      expect(byChannel.rows.map((r) => r.key)).to.deep.equal([...new Set(matching.map((a) => a.channel))].sort());
      for (const r of byChannel.rows) {
        // The drill-down of a row (the same filter narrowed to its channel) lists exactly `count` records.
        const narrowed = { ...filter, channels: [r.key as Channel] };
        const inRow = matching.filter((a) => a.channel === r.key);
        // (the row's key always passes filter.channels, so narrowing to it keeps the rest of the filter)
        const drill = records.filter(compileFilter('activity', narrowed, pipelineOf));
        expect(drill.length).to.equal(r.count);
        expect(inRow.length).to.equal(r.count);
      }
    }), { numRuns: 300 });
  });

  it('deal sums per currency equal the filtered amounts, grouped by semantic or not', () => {
    const dealArb = (id: number) => fc.record({
      semantic: fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
      pipelineId: fc.constantFrom('p1', 'p2'),
      createdAt: fc.integer({ min: 0, max: 50 }),
      amount: fc.option(fc.record({ minor: fc.integer({ min: -1000, max: 100_000 }), currency: fc.constantFrom('EUR', 'USD') }), { nil: null }),
    }).map((p): Deal => deal(String(id), p));
    const dealsArb = fc.integer({ min: 0, max: 12 }).chain((n) =>
      fc.tuple(...Array.from({ length: n }, (_, i) => dealArb(i + 1))) as fc.Arbitrary<Deal[]>);
    const dealFilterArb = fc.record({
      semantics: maybe(someOf(['open', 'won', 'lost'] as const)),
      pipelines: maybe(someOf(['p1', 'p2'])),
      dates: maybe(fc.array(dateCondArb, { maxLength: 2 })),
    }, { requiredKeys: [] }).map((p) => f(Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined))));

    fc.assert(fc.property(dealsArb, dealFilterArb, (deals, filter) => {
      const matching = deals.filter(compileFilter('deal', filter));
      const expected: Record<string, number> = {};
      for (const d of matching) if (d.amount) expected[d.amount.currency] = (expected[d.amount.currency] ?? 0) + d.amount.minor;
      const flat = aggregateRecords({ kind: 'deal', filter, measure: 'sum' }, matching).rows[0]!;
      expect(flat.count).to.equal(matching.length);
      expect(flat.amounts).to.deep.equal(expected);
      expect(flat.withoutAmount).to.equal(matching.filter((d) => d.amount === null).length);
      const grouped = aggregateRecords({ kind: 'deal', filter, measure: 'sum', groupBy: 'semantic' }, matching).rows;
      expect(grouped.reduce((s, r) => s + r.count, 0)).to.equal(matching.length);
      expect(grouped.reduce((s, r) => s + r.withoutAmount, 0)).to.equal(flat.withoutAmount);
      for (const c of Object.keys(expected)) expect(grouped.reduce((s, r) => s + (r.amounts[c] ?? 0), 0)).to.equal(expected[c]);
    }), { numRuns: 200 });
  });
});
