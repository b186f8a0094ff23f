import { expect } from '@open-wc/testing';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import type { DemoActivity, DemoDataset, DemoDeal, DemoInvoice } from '../../src/adapters/demo/generate.js';
import { AdapterError, isAdapterError, throwIfAborted, type AdapterErrorKind } from '../../src/adapters/errors.js';
import type { Client, ClientRef, CrmRecord, RecordKind, RecordOfKind } from '../../src/core/model.js';
import { type AggregateQuery, type RecordFilter, type RecordQuery, type SortSpec } from '../../src/core/query.js';
import { aggregateRecords, compareRecords } from '../../src/core/records.js';

const eur = (minor: number) => ({ minor, currency: 'EUR' });

function deal(id: string, createdAt: number, p: Partial<DemoDeal> = {}): DemoDeal {
  return { id, title: `Deal ${id}`, pipelineId: '0', stageId: 'NEW', semantic: 'open', amount: eur(100_00), createdAt, contactIds: [], ...p };
}
function inv(id: string, createdAt: number, p: Partial<DemoInvoice> = {}): DemoInvoice {
  return { id, title: `Invoice ${id}`, stageId: 'N', semantic: 'open', amount: eur(10_00), createdAt, ...p };
}
function act(id: string, createdAt: number, p: Partial<DemoActivity> = {}): DemoActivity {
  return { id, channel: 'call', direction: 'in', completed: true, createdAt, subject: `A${id}`, dealIds: [], contactIds: [], companyIds: [], ...p };
}

const ada: Client = { type: 'contact', id: '1', name: 'Ada Martin', emails: ['ada@acme.example'], phones: ['+33 1 00'], company: { id: '10', name: 'Acme' } };
const bob: Client = { type: 'contact', id: '2', name: 'Bob Stone', emails: [], phones: [] };
const cy: Client = { type: 'contact', id: '3', name: 'Cy Lone', emails: [], phones: [] };
const acme: Client = { type: 'company', id: '10', name: 'Acme', emails: [], phones: [], industry: 'IT', website: 'https://acme.example' };

const ADA: ClientRef = { type: 'contact', id: '1' };
const BOB: ClientRef = { type: 'contact', id: '2' };
const CY: ClientRef = { type: 'contact', id: '3' };
const ACME: ClientRef = { type: 'company', id: '10' };

/**
 * Who reaches what (by hand):
 * - Ada (contact 1): deals 1, 2 (secondary contact); invoices 1 (direct), 4 (through deal 2);
 *   activities 1 (direct), 2 (through deal 2 only), 6 (direct and through deal 1).
 * - Bob (contact 2): deals 2, 3, 4; invoices 2, 4; activities 2, 3, 5.
 * - Acme (company 10): deals 1, 3 (companyId); invoices 1 (through deal 1), 2 (through deal 3), 3 (direct);
 *   activities 3 (through deal 3), 4 (direct), 6 (through deal 1).
 * - Cy (contact 3): nothing.
 */
const tiny: DemoDataset = {
  seed: 0,
  now: 10_000,
  clients: [ada, bob, cy, acme],
  deals: [
    deal('1', 100, { contactIds: ['1'], companyId: '10', semantic: 'won', amount: eur(500_00), closedAt: 900, pipelineId: '0' }),
    deal('2', 200, { contactIds: ['2', '1'], pipelineId: '1', amount: { minor: 70_00, currency: 'USD' } }),
    deal('3', 300, { contactIds: ['2'], companyId: '10', semantic: 'lost', amount: null, closedAt: 800, pipelineId: '1' }),
    deal('4', 400, { contactIds: ['2'], pipelineId: '0', amount: eur(1_00) }),
  ],
  invoices: [
    inv('1', 150, { contactId: '1', dealId: '1', semantic: 'paid', dueAt: 500, paidAt: 400 }),
    inv('2', 350, { contactId: '2', dealId: '3', semantic: 'paid', dueAt: 500, paidAt: 600, amount: eur(20_00) }),
    inv('3', 250, { companyId: '10', amount: null }),
    inv('4', 450, { contactId: '2', dealId: '2', amount: { minor: 5_00, currency: 'USD' } }),
  ],
  activities: [
    act('1', 110, { contactIds: ['1'], channel: 'email' }),
    act('2', 220, { dealIds: ['2'], channel: 'call', direction: 'out' }),
    act('3', 330, { contactIds: ['2'], dealIds: ['3'], channel: 'meeting', completed: false }),
    act('4', 440, { companyIds: ['10'], channel: 'chat', direction: 'none' }),
    act('5', 550, { contactIds: ['2'], dealIds: ['4'], channel: 'call' }),
    act('6', 660, { contactIds: ['1'], dealIds: ['1'], channel: 'email', direction: 'out' }),
  ],
  reference: {
    pipelines: [{ id: '0', name: 'Sales' }, { id: '1', name: 'Partners' }],
    stages: [{ id: 'NEW', kind: 'deal', name: 'New', semantic: 'open', pipelineId: '0' }],
    currencies: ['EUR', 'USD'],
    baseCurrency: 'EUR',
    rates: { base: 'EUR', rates: { USD: '0.9' }, asOf: 10_000 },
  },
};

const all = <K extends RecordKind>(kind: K, client: ClientRef, extra: Partial<RecordQuery<K>> = {}, filter: Omit<RecordFilter, 'client'> = {}): RecordQuery<K> =>
  ({ kind, filter: { client, ...filter }, page: { offset: 0, limit: 1000 }, ...extra });

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

async function idsOf<K extends RecordKind>(source: DemoAdapter, q: RecordQuery<K>): Promise<string[]> {
  return (await source.records(q)).items.map((r) => r.id);
}

describe('DemoAdapter on a hand-made dataset', () => {
  let source: DemoAdapter;
  beforeEach(() => {
    source = new DemoAdapter(tiny, { layouts: true });
  });

  it('serves the given dataset as is', () => {
    expect(source.data).to.equal(tiny);
    expect(source.label).to.equal('Demo data');
    expect(source.maxPageSize).to.equal(1000);
  });

  describe('getClient', () => {
    it('returns a contact and a company', async () => {
      expect(await source.getClient(ADA)).to.deep.equal(ada);
      expect(await source.getClient(ACME)).to.deep.equal(acme);
    });

    it('rejects an unknown id with AdapterError not-found naming the id', async () => {
      const e = await rejection(source.getClient({ type: 'contact', id: '99' }));
      expect(e).to.be.instanceOf(AdapterError);
      expect((e as AdapterError).kind).to.equal('not-found');
      expect((e as AdapterError).message).to.include('"99"');
      expect((e as AdapterError).retryable).to.equal(false);
    });

    it('distinguishes the client type: company 1 does not exist although contact 1 does', async () => {
      const e = await rejection(source.getClient({ type: 'company', id: '1' }));
      expect((e as AdapterError).kind).to.equal('not-found');
      expect((e as AdapterError).message).to.include('company');
      expect((e as AdapterError).message).to.include('"1"');
    });
  });

  describe('which records reach a client', () => {
    // In creation order (the demo source's own order when a query has no sort).
    const cases: [string, ClientRef, Record<RecordKind, string[]>][] = [
      ['Ada (contact, also secondary contact of deal 2)', ADA, { deal: ['1', '2'], invoice: ['1', '4'], activity: ['1', '2', '6'] }],
      ['Bob (contact)', BOB, { deal: ['2', '3', '4'], invoice: ['2', '4'], activity: ['2', '3', '5'] }],
      ['Acme (company, through companyId)', ACME, { deal: ['1', '3'], invoice: ['1', '3', '2'], activity: ['3', '4', '6'] }],
      ['Cy (no records)', CY, { deal: [], invoice: [], activity: [] }],
    ];
    for (const [name, ref, expected] of cases) {
      it(`${name}: directly and through deals, each once`, async () => {
        for (const kind of ['deal', 'invoice', 'activity'] as const) {
          const page = await source.records(all(kind, ref));
          expect(page.items.map((r) => r.id), kind).to.deep.equal(expected[kind]);
          expect(page.total, kind).to.equal(expected[kind].length);
          const newest = await source.records(all(kind, ref, { sort: { field: 'createdAt', direction: 'desc' } }));
          expect(newest.items.map((r) => r.id), `${kind} newest first`).to.deep.equal([...expected[kind]].reverse());
          expect(source.recordsOf(ref)[kind].map((r) => r.id), `${kind} recordsOf`).to.deep.equal(expected[kind]);
        }
      });
    }

    it('recordsOf rejects an unknown client with not-found', () => {
      expect(() => source.recordsOf({ type: 'company', id: '1' })).to.throw(AdapterError, '"1"');
    });

    it('rejects records and aggregates of an unknown client with not-found', async () => {
      const e1 = await rejection(source.records(all('deal', { type: 'contact', id: '42' })));
      expect((e1 as AdapterError).kind).to.equal('not-found');
      expect((e1 as AdapterError).message).to.include('"42"');
      const e2 = await rejection(source.aggregate([{ kind: 'activity', filter: { client: { type: 'company', id: '2' } }, measure: 'count' }]));
      expect((e2 as AdapterError).kind).to.equal('not-found');
      expect((e2 as AdapterError).message).to.include('"2"');
    });
  });

  describe('records', () => {
    it('applies the filter (pipelines of activities through their deals)', async () => {
      expect(await idsOf(source, all('activity', ADA, {}, { pipelines: ['1'] }))).to.deep.equal(['2']);
      expect(await idsOf(source, all('activity', ACME, {}, { pipelines: ['0', '1'] }))).to.deep.equal(['3', '6']);
      expect(await idsOf(source, all('deal', BOB, {}, { semantics: ['open'] }))).to.deep.equal(['2', '4']);
      expect(await idsOf(source, all('invoice', ACME, {}, { paidLate: true }))).to.deep.equal(['2']);
      expect(await idsOf(source, all('activity', BOB, {}, { dates: [{ fields: ['createdAt'], from: 220, to: 550 }] }))).to.deep.equal(['2', '3']);
    });

    it('sorts by the given sort', async () => {
      const bySort = (sort: SortSpec) => idsOf(source, all('deal', BOB, { sort }));
      expect(await bySort({ field: 'createdAt', direction: 'desc' })).to.deep.equal(['4', '3', '2']);
      expect(await bySort({ field: 'createdAt', direction: 'asc' })).to.deep.equal(['2', '3', '4']);
      expect(await bySort({ field: 'id', direction: 'desc' })).to.deep.equal(['4', '3', '2']);
      expect(await bySort({ field: 'title', direction: 'desc' })).to.deep.equal(['4', '3', '2']);
      // amounts: deal 2 7000 (USD), 3 null, 4 100: null last.
      expect(await bySort({ field: 'amount', direction: 'desc' })).to.deep.equal(['2', '4', '3']);
      expect(await bySort({ field: 'amount', direction: 'asc' })).to.deep.equal(['4', '2', '3']);
      expect(await bySort({ field: 'closedAt', direction: 'desc' })).to.deep.equal(['3', '2', '4']);
    });

    it('pages: offset/limit slices, total counts every match, past the end is empty', async () => {
      const q = (offset: number, limit: number) => all('activity', ACME, { page: { offset, limit } });
      expect(await source.records(q(0, 2))).to.deep.equal({ items: [tiny.activities[2], tiny.activities[3]], total: 3 });
      expect(await source.records(q(2, 2))).to.deep.equal({ items: [tiny.activities[5]], total: 3 });
      expect(await source.records(q(3, 2))).to.deep.equal({ items: [], total: 3 });
      expect(await source.records(q(50, 1))).to.deep.equal({ items: [], total: 3 });
    });

    it('without a sort, uses creation order with ties by numeric id, whatever the dataset order', async () => {
      const shuffled = new DemoAdapter({
        ...tiny,
        activities: [
          act('5', 300, { contactIds: ['1'] }), act('10', 100, { contactIds: ['1'] }), act('3', 100, { contactIds: ['1'] }),
          act('4', 100, { dealIds: ['2'] }), act('7', 50, { contactIds: ['2'] }),
        ],
      });
      expect(await idsOf(shuffled, all('activity', ADA))).to.deep.equal(['3', '4', '10', '5']);
      expect(await idsOf(shuffled, all('activity', ADA, { page: { offset: 1, limit: 2 } }))).to.deep.equal(['4', '10']);
      expect(await idsOf(shuffled, all('activity', ADA, { sort: { field: 'createdAt', direction: 'desc' } }))).to.deep.equal(['5', '3', '4', '10']);
      expect(await idsOf(shuffled, all('activity', BOB))).to.deep.equal(['7', '4']);
    });

    it('does not serve a stale list when the query changes between pages', async () => {
      expect(await idsOf(source, all('activity', ADA, { page: { offset: 0, limit: 2 } }))).to.deep.equal(['1', '2']);
      expect(await idsOf(source, all('activity', BOB, { page: { offset: 0, limit: 2 } }))).to.deep.equal(['2', '3']);
      expect(await idsOf(source, all('activity', ADA, { page: { offset: 0, limit: 2 } }, { channels: ['email'] }))).to.deep.equal(['1', '6']);
      expect(await idsOf(source, all('activity', ADA, { page: { offset: 0, limit: 2 }, sort: { field: 'createdAt', direction: 'desc' } })))
        .to.deep.equal(['6', '2']);
      expect(await idsOf(source, all('invoice', ADA, { page: { offset: 1, limit: 2 } }))).to.deep.equal(['4']);
      expect(await idsOf(source, all('activity', ADA, { page: { offset: 2, limit: 2 } }))).to.deep.equal(['6']);
      expect(await idsOf(source, all('activity', ADA, { page: { offset: 2, limit: 2 }, sort: { field: 'createdAt', direction: 'desc' } })))
        .to.deep.equal(['1']);
    });

    it('rejects out-of-range pages with a RangeError', async () => {
      const small = new DemoAdapter(tiny, { maxPageSize: 5 });
      expect(small.maxPageSize).to.equal(5);
      const page = (offset: number, limit: number) => small.records(all('deal', BOB, { page: { offset, limit } }));
      for (const [offset, limit] of [[0, 0], [0, -1], [0, 6], [0, 2.5], [0, NaN], [0, Infinity], [-1, 2], [1.5, 2], [NaN, 2]] as const) {
        const e = await rejection(page(offset, limit));
        expect(e, `offset ${offset}, limit ${limit}`).to.be.instanceOf(RangeError);
      }
      expect((await page(0, 5)).total).to.equal(3);
      expect((await page(0, 1)).items.map((d) => d.id)).to.deep.equal(['2']);
    });

    it('rejects a filter field that does not apply to the kind with a TypeError', async () => {
      const e = await rejection(source.records(all('deal', ADA, {}, { channels: ['call'] })));
      expect(e).to.be.instanceOf(TypeError);
      expect((e as TypeError).message).to.include('channels');
    });

    // Regression test: the columnar engine failed with "Cannot read properties of undefined" here.
    it('rejects time buckets on a date field the kind does not have with a TypeError naming it, as the reference semantics do', async () => {
      const q = { kind: 'invoice', filter: { client: ADA }, measure: 'count', groupBy: { by: 'bucket', field: 'closedAt', edges: [0, 1], keys: ['a'] } } as const;
      const e = await rejection(source.aggregate([q]));
      expect(e).to.be.instanceOf(TypeError);
      expect((e as TypeError).message).to.equal('Cannot bucket invoice records by "closedAt".');
      expect(() => aggregateRecords(q, [])).to.throw(TypeError, 'Cannot bucket invoice records by "closedAt".');
    });

    // Regression test (bug found in review and fixed).
    it('does not reuse the cached list of a query with the opposite infinite bound', async () => {
      const from = (f: number) => all('activity', ADA, {}, { dates: [{ fields: ['createdAt'], from: f }] });
      expect((await source.records(from(-Infinity))).total).to.equal(3);
      expect(await source.records(from(Infinity))).to.deep.equal({ items: [], total: 0 });
    });

    // Regression test (bug found in review and fixed).
    it('does not share a predicate between filters with opposite infinite bounds', async () => {
      const agg = (from: number): AggregateQuery => ({ kind: 'activity', filter: { client: ADA, dates: [{ fields: ['createdAt'], from }] }, measure: 'count' });
      expect((await source.aggregate([agg(Infinity)]))[0]!.rows[0]!.count).to.equal(0);
      const [everything, nothing] = await source.aggregate([agg(-Infinity), agg(Infinity)]);
      expect(everything!.rows[0]!.count).to.equal(3);
      expect(nothing!.rows[0]!.count).to.equal(0);
    });
  });

  describe('aggregate', () => {
    it('answers a mixed batch in the asked order with hand-computed values', async () => {
      const queries: AggregateQuery[] = [
        { kind: 'deal', filter: { client: ADA }, measure: 'sum' },
        { kind: 'activity', filter: { client: ACME }, measure: 'count', groupBy: 'channel' },
        { kind: 'invoice', filter: { client: BOB, semantics: ['paid'] }, measure: 'sum' },
        { kind: 'activity', filter: { client: ADA }, measure: 'count', groupBy: 'pipeline' },
        { kind: 'deal', filter: { client: ADA, semantics: ['won'] }, measure: 'sum' },
        { kind: 'activity', filter: { client: CY }, measure: 'count' },
        { kind: 'deal', filter: { client: ACME, dates: [{ fields: ['closedAt'], from: 800, to: 900 }] }, measure: 'sum', groupBy: 'semantic' },
      ];
      expect(await source.aggregate(queries)).to.deep.equal([
        { rows: [{ key: '', count: 2, amounts: { EUR: 500_00, USD: 70_00 }, withoutAmount: 0, lastCreatedAt: 200 }] },
        {
          rows: [
            { key: 'chat', count: 1, amounts: {}, withoutAmount: 0, lastCreatedAt: 440 },
            { key: 'email', count: 1, amounts: {}, withoutAmount: 0, lastCreatedAt: 660 },
            { key: 'meeting', count: 1, amounts: {}, withoutAmount: 0, lastCreatedAt: 330 },
          ],
        },
        { rows: [{ key: '', count: 1, amounts: { EUR: 20_00 }, withoutAmount: 0, lastCreatedAt: 350 }] },
        {
          rows: [
            { key: '', count: 1, amounts: {}, withoutAmount: 0, lastCreatedAt: 110 },
            { key: '0', count: 1, amounts: {}, withoutAmount: 0, lastCreatedAt: 660 },
            { key: '1', count: 1, amounts: {}, withoutAmount: 0, lastCreatedAt: 220 },
          ],
        },
        { rows: [{ key: '', count: 1, amounts: { EUR: 500_00 }, withoutAmount: 0, lastCreatedAt: 100 }] },
        { rows: [{ key: '', count: 0, amounts: {}, withoutAmount: 0, lastCreatedAt: null }] },
        { rows: [{ key: 'lost', count: 1, amounts: {}, withoutAmount: 1, lastCreatedAt: 300 }] },
      ]);
    });

    it('answers batches whose queries all bound createdAt (windowed reads), half-open at both ends', async () => {
      const created = (from?: number, to?: number) => [{ fields: ['createdAt' as const], ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }];
      const r = (key: string, count: number, lastCreatedAt: number | null, p: object = {}) =>
        ({ key, count, amounts: {}, withoutAmount: 0, lastCreatedAt, ...p });
      // Bob's activities: 2 @220 (call), 3 @330 (meeting), 5 @550 (call).
      const bounded: AggregateQuery[] = [
        { kind: 'activity', filter: { client: BOB, dates: created(220, 330) }, measure: 'count' },
        { kind: 'activity', filter: { client: BOB, dates: created(330, 551) }, measure: 'count', groupBy: 'channel' },
        { kind: 'activity', filter: { client: BOB, dates: created(330, 550) }, measure: 'count' },
        { kind: 'activity', filter: { client: BOB, dates: created(330, 551) }, measure: 'count' },
        { kind: 'activity', filter: { client: BOB, dates: created(200, 200) }, measure: 'count' },
      ];
      const expected = [
        { rows: [r('', 1, 220)] },
        { rows: [r('call', 1, 550), r('meeting', 1, 330)] },
        { rows: [r('', 1, 330)] },
        { rows: [r('', 2, 550)] },
        { rows: [r('', 0, null)] },
      ];
      expect(await source.aggregate(bounded)).to.deep.equal(expected);
      // One open-ended query widens the window; the answers stay the same.
      const open: AggregateQuery = { kind: 'activity', filter: { client: BOB, dates: created(500) }, measure: 'count' };
      expect(await source.aggregate([...bounded, open])).to.deep.equal([...expected, { rows: [r('', 1, 550)] }]);
      expect(await source.aggregate([open, ...bounded.slice(0, 1)])).to.deep.equal([{ rows: [r('', 1, 550)] }, expected[0]]);

      // Bob's deals: 2 @200 open, 3 @300 lost closed @800 (no amount), 4 @400 open 1.00 EUR.
      const dq: AggregateQuery[] = [
        { kind: 'deal', filter: { client: BOB, dates: created(300, 401) }, measure: 'sum' },
        { kind: 'deal', filter: { client: BOB, dates: [{ fields: ['closedAt'], from: 0 }, ...created(300, 301)] }, measure: 'count' },
        { kind: 'deal', filter: { client: BOB, dates: [{ fields: ['createdAt', 'closedAt'], from: 800, to: 801 }] }, measure: 'count' },
      ];
      const dExpected = [
        { rows: [r('', 2, 400, { amounts: { EUR: 1_00 }, withoutAmount: 1 })] },
        { rows: [r('', 1, 300)] },
        { rows: [r('', 1, 300)] },
      ];
      expect(await source.aggregate(dq.slice(0, 2))).to.deep.equal(dExpected.slice(0, 2));
      expect(await source.aggregate(dq)).to.deep.equal(dExpected);
      expect(await source.aggregate([dq[2]!])).to.deep.equal([dExpected[2]]);
    });

    it('answers an empty batch with an empty list', async () => {
      expect(await source.aggregate([])).to.deep.equal([]);
    });
  });

  describe('abort', () => {
    it('rejects every call with AdapterError aborted when the signal is already aborted', async () => {
      const ctl = new AbortController();
      const reason = new Error('gone');
      ctl.abort(reason);
      const calls: Promise<unknown>[] = [
        source.getClient(ADA, ctl.signal),
        source.records(all('deal', ADA), ctl.signal),
        source.aggregate([{ kind: 'deal', filter: { client: ADA }, measure: 'count' }], ctl.signal),
        source.referenceData(ctl.signal),
        source.loadLayout!('k', ctl.signal),
        source.saveLayout!('k', { a: 1 }, ctl.signal),
      ];
      for (const call of calls) {
        const e = await rejection(call);
        expect(isAdapterError(e)).to.equal(true);
        expect((e as AdapterError).kind).to.equal('aborted');
        expect((e as AdapterError).cause).to.equal(reason);
        expect((e as AdapterError).retryable).to.equal(false);
      }
      // The aborted save stored nothing.
      expect(await source.loadLayout!('k')).to.equal(null);
    });

    it('rejects with aborted when the signal aborts during the simulated latency', async () => {
      // With a 5 s latency the call can only settle within the test by being aborted mid-wait.
      const slow = new DemoAdapter(tiny, { delayMs: 5000 });
      const ctl = new AbortController();
      const pending = rejection(slow.records(all('activity', ADA), ctl.signal));
      const started = performance.now();
      setTimeout(() => ctl.abort('user left'), 10);
      const e = await pending;
      expect((e as AdapterError).kind).to.equal('aborted');
      expect((e as AdapterError).cause).to.equal('user left');
      expect(performance.now() - started).to.be.below(4000);
    });

    it('still answers after the latency when not aborted', async () => {
      const slow = new DemoAdapter(tiny, { delayMs: 20 });
      const ctl = new AbortController();
      expect((await slow.getClient(BOB, ctl.signal)).name).to.equal('Bob Stone');
      ctl.abort(); // aborting after the answer changes nothing
      expect((await slow.records(all('deal', ADA))).total).to.equal(2);
    });
  });

  describe('layouts', () => {
    it('returns null for an unknown key', async () => {
      expect(await source.loadLayout!('nope')).to.equal(null);
    });

    it('saves and loads deep copies', async () => {
      const layout = { version: 2, items: [{ id: 'w1', type: 'load', settings: { channels: ['call'] } }] };
      await source.saveLayout!('user:7', layout);
      // Mutating the saved object after the save does not change the stored one.
      layout.items[0]!.settings.channels.push('email');
      const loaded = (await source.loadLayout!('user:7')) as typeof layout;
      expect(loaded).to.deep.equal({ version: 2, items: [{ id: 'w1', type: 'load', settings: { channels: ['call'] } }] });
      expect(loaded).not.to.equal(layout);
      // Mutating a loaded object does not change the stored one either.
      loaded.items[0]!.settings.channels.length = 0;
      loaded.version = 99;
      expect(await source.loadLayout!('user:7')).to.deep.equal({ version: 2, items: [{ id: 'w1', type: 'load', settings: { channels: ['call'] } }] });
      expect(await source.loadLayout!('user:8')).to.equal(null);
    });

    it('overwrites on a second save and keeps keys apart', async () => {
      await source.saveLayout!('a', [1]);
      await source.saveLayout!('b', [2]);
      await source.saveLayout!('a', [3]);
      expect(await source.loadLayout!('a')).to.deep.equal([3]);
      expect(await source.loadLayout!('b')).to.deep.equal([2]);
    });

    it('keeps layouts per adapter instance', async () => {
      await source.saveLayout!('a', { x: 1 });
      expect(await new DemoAdapter(tiny, { layouts: true }).loadLayout!('a')).to.equal(null);
      expect(new DemoAdapter(tiny).loadLayout).to.equal(undefined);
    });
  });

  it('referenceData returns the dataset reference', async () => {
    expect(await source.referenceData()).to.deep.equal(tiny.reference);
    expect(await source.referenceData()).to.equal(tiny.reference);
  });
});

describe('AdapterError', () => {
  const kinds: [AdapterErrorKind, boolean][] = [
    ['network', true], ['rate-limit', true], ['timeout', true],
    ['auth', false], ['not-found', false], ['invalid-data', false], ['aborted', false],
  ];
  for (const [kind, retryable] of kinds) {
    it(`${kind} is ${retryable ? '' : 'not '}retryable`, () => {
      const e = new AdapterError(kind, 'msg');
      expect(e.retryable).to.equal(retryable);
      expect(e.kind).to.equal(kind);
    });
  }

  it('carries its options, name and cause', () => {
    const cause = new Error('socket');
    const e = new AdapterError('rate-limit', 'Slow down', { cause, retryAfterMs: 1500, field: 'deals[3].amount' });
    expect(e).to.be.instanceOf(Error);
    expect(e.name).to.equal('AdapterError');
    expect(e.message).to.equal('Slow down');
    expect(e.cause).to.equal(cause);
    expect(e.retryAfterMs).to.equal(1500);
    expect(e.field).to.equal('deals[3].amount');
    const bare = new AdapterError('auth', 'x');
    expect(bare.retryAfterMs).to.equal(undefined);
    expect(bare.field).to.equal(undefined);
    expect('cause' in bare).to.equal(false);
    expect(isAdapterError(bare)).to.equal(true);
    expect(isAdapterError(new Error('x'))).to.equal(false);
  });

  it('throwIfAborted throws only for an aborted signal', () => {
    expect(() => throwIfAborted(undefined)).not.to.throw();
    const ctl = new AbortController();
    expect(() => throwIfAborted(ctl.signal)).not.to.throw();
    ctl.abort('why');
    expect(() => throwIfAborted(ctl.signal)).to.throw(AdapterError, 'cancelled');
  });
});

describe('DemoAdapter on generated data (seed 3)', () => {
  const source = new DemoAdapter({ seed: 3 });
  const { clients, deals, invoices, activities } = source.data;
  const pipelineOf = new Map(deals.map((d) => [d.id, d.pipelineId]));
  const dealById = new Map(deals.map((d) => [d.id, d]));

  /** An independent statement of "reaches the client": directly, or through a bound deal. */
  const dealReaches = (d: DemoDeal, c: ClientRef): boolean =>
    c.type === 'contact' ? d.contactIds.includes(c.id) : d.companyId === c.id;
  const expectedOf = <K extends RecordKind>(kind: K, c: ClientRef): RecordOfKind[K][] => {
    let list: CrmRecord[];
    if (kind === 'deal') list = deals.filter((d) => dealReaches(d, c));
    else if (kind === 'invoice') {
      list = invoices.filter((i) => (c.type === 'contact' ? i.contactId === c.id : i.companyId === c.id)
        || (i.dealId !== undefined && dealById.has(i.dealId) && dealReaches(dealById.get(i.dealId)!, c)));
    } else {
      list = activities.filter((a) => (c.type === 'contact' ? a.contactIds : a.companyIds).includes(c.id)
        || a.dealIds.some((id) => dealById.has(id) && dealReaches(dealById.get(id)!, c)));
    }
    // The demo source's own order: creation order, ties by numeric id.
    return [...list].sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id)) as RecordOfKind[K][];
  };
  const busiest = (type: 'contact' | 'company'): ClientRef => {
    let best: ClientRef | undefined;
    let most = -1;
    for (const c of clients.filter((x) => x.type === type)) {
      const n = expectedOf('activity', c).length;
      if (n > most) [best, most] = [{ type: c.type, id: c.id }, n];
    }
    return best!;
  };

  it('generates a dataset with contacts, companies and records of every kind', () => {
    expect(clients.some((c) => c.type === 'contact')).to.equal(true);
    expect(clients.some((c) => c.type === 'company')).to.equal(true);
    expect(deals.length).to.be.above(0);
    expect(invoices.length).to.be.above(0);
    expect(activities.length).to.be.above(0);
    // The cases the reach test below must cover: activities that reach a client only through a deal,
    // and deals with a secondary contact.
    expect(activities.some((a) => a.contactIds.length === 0 && a.companyIds.length === 0 && a.dealIds.length > 0)).to.equal(true);
    expect(deals.some((d) => d.contactIds.length > 1)).to.equal(true);
  });

  it('every client gets exactly the records that reach it, directly or through its deals, in creation order', async () => {
    for (const c of clients) {
      for (const kind of ['deal', 'invoice', 'activity'] as const) {
        const expected = expectedOf(kind, c);
        const page = await source.records(all(kind, c));
        expect(page.total, `${c.type} ${c.id} ${kind}`).to.equal(expected.length);
        expect(page.items.map((r) => r.id), `${c.type} ${c.id} ${kind}`).to.deep.equal(expected.map((r) => r.id));
      }
    }
  });

  it('pages of any limit concatenate to exactly the full sorted list', async () => {
    for (const ref of [busiest('contact'), busiest('company')]) {
      const sorts: (SortSpec | undefined)[] = [
        undefined, { field: 'amount', direction: 'asc' }, { field: 'title', direction: 'desc' }, { field: 'createdAt', direction: 'desc' },
      ];
      for (const sort of sorts) {
        const kind = sort?.field === 'amount' ? 'deal' : 'activity';
        const full = (sort ? [...expectedOf(kind, ref)].sort(compareRecords(sort)) : expectedOf(kind, ref)).map((r) => r.id);
        expect(full.length).to.be.above(3);
        for (const limit of [1, 3, 7, full.length, full.length + 5]) {
          const got: string[] = [];
          for (let offset = 0; offset < full.length; offset += limit) {
            const page = await source.records({ kind, filter: { client: ref }, ...(sort ? { sort } : {}), page: { offset, limit } });
            expect(page.total).to.equal(full.length);
            expect(page.items.length).to.equal(Math.min(limit, full.length - offset));
            got.push(...page.items.map((r) => r.id));
          }
          expect(got, `${ref.type} ${ref.id} ${sort?.field} limit ${limit}`).to.deep.equal(full);
          const past = await source.records({ kind, filter: { client: ref }, ...(sort ? { sort } : {}), page: { offset: full.length, limit } });
          expect(past).to.deep.equal({ items: [], total: full.length });
        }
      }
    }
  });

  it('an aggregate batch equals aggregateRecords over records() for each query, in order', async () => {
    const contact = busiest('contact');
    const company = busiest('company');
    const now = source.data.now;
    const year = 365 * 86_400_000;
    const inLastYear = [{ fields: ['createdAt' as const], from: now - year, to: now + 1 }];
    const queries: AggregateQuery[] = [
      { kind: 'activity', filter: { client: contact }, measure: 'count', groupBy: 'channel' },
      { kind: 'deal', filter: { client: company, semantics: ['won'] }, measure: 'sum' },
      { kind: 'invoice', filter: { client: contact }, measure: 'sum', groupBy: 'currency' },
      { kind: 'activity', filter: { client: company, dates: inLastYear }, measure: 'count', groupBy: 'pipeline' },
      { kind: 'deal', filter: { client: contact, dates: [{ fields: ['createdAt', 'closedAt'], from: now - year }] }, measure: 'sum', groupBy: 'semantic' },
      { kind: 'activity', filter: { client: contact, directions: ['in'] }, measure: 'count' },
      { kind: 'deal', filter: { client: company }, measure: 'count', groupBy: 'pipeline' },
      { kind: 'invoice', filter: { client: company, paidLate: false }, measure: 'sum' },
      {
        kind: 'deal', filter: { client: contact }, measure: 'sum',
        groupBy: { by: 'bucket', field: 'createdAt', edges: [now - 2 * year, now - year, now + 1], keys: ['older', 'recent'] },
      },
      { kind: 'activity', filter: { client: company, channels: ['call', 'email'], completed: true }, measure: 'count', groupBy: 'channel' },
    ];
    const got = await source.aggregate(queries);
    expect(got.length).to.equal(queries.length);
    let nonEmpty = 0;
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i]!;
      const { items } = await source.records({ kind: q.kind, filter: q.filter, page: { offset: 0, limit: 1000 } });
      const expected = aggregateRecords(q as AggregateQuery & { kind: RecordKind }, items as RecordOfKind[RecordKind][], pipelineOf);
      expect(got[i], `query ${i}`).to.deep.equal(expected);
      if (expected.rows.some((r) => r.count > 0)) nonEmpty++;
    }
    // The comparison is meaningful: most queries have matching records.
    expect(nonEmpty).to.be.at.least(7);
  });

  it('windowed batches (every query bounds createdAt) equal aggregateRecords over records()', async () => {
    const ref = busiest('contact');
    const now = source.data.now;
    const month = 30 * 86_400_000;
    const created = (from: number, to: number) => [{ fields: ['createdAt' as const], from, to }];
    const queries: AggregateQuery[] = [];
    for (let m = 1; m <= 24; m += 3) {
      const dates = created(now - (m + 3) * month, now - m * month);
      queries.push({ kind: 'activity', filter: { client: ref, dates }, measure: 'count', groupBy: 'channel' });
      queries.push({ kind: 'activity', filter: { client: ref, dates }, measure: 'count' }); // same filter, shared predicate
      queries.push({ kind: 'activity', filter: { client: ref, dates, directions: ['in'] }, measure: 'count', groupBy: 'pipeline' });
    }
    // An exact edge: a window ending at a record's createdAt excludes it, one starting there includes it.
    const edge = expectedOf('activity', ref)[5]!.createdAt;
    queries.push({ kind: 'activity', filter: { client: ref, dates: created(edge - month, edge) }, measure: 'count' });
    queries.push({ kind: 'activity', filter: { client: ref, dates: created(edge, edge + 1) }, measure: 'count' });
    const got = await source.aggregate(queries);
    let total = 0;
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i]!;
      const { items } = await source.records({ kind: q.kind, filter: q.filter, page: { offset: 0, limit: 1000 } });
      expect(got[i], `query ${i}`).to.deep.equal(aggregateRecords(q as AggregateQuery & { kind: 'activity' }, items as RecordOfKind['activity'][], pipelineOf));
      if (q.groupBy === undefined) total += got[i]!.rows[0]!.count;
    }
    expect(total).to.be.above(0);
    const atEdge = expectedOf('activity', ref).filter((a) => a.createdAt === edge).length;
    expect(got[queries.length - 1]!.rows[0]!.count).to.equal(atEdge);
    expect(got[queries.length - 2]!.rows[0]!.count)
      .to.equal(expectedOf('activity', ref).filter((a) => a.createdAt >= edge - month && a.createdAt < edge).length);
  });
});
