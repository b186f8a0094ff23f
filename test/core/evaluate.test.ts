import { expect } from '@open-wc/testing';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import type { DemoActivity, DemoDataset, DemoDeal, DemoInvoice } from '../../src/adapters/demo/generate.js';
import { MAX_BUCKETS, autoBucketUnit, bucketUnitFor, evaluateMetrics, fetchAll, timeBuckets } from '../../src/core/evaluate.js';
import { inputFilter } from '../../src/core/input-filter.js';
import { METRICS, NO_DEAL, type MetricContext } from '../../src/core/metrics.js';
import { METRIC_IDS } from '../../src/core/metric-ids.js';
import type { Client, ClientRef, RecordKind } from '../../src/core/model.js';
import { resolvePeriod } from '../../src/core/period.js';
import { formatBuckets } from '../../src/i18n/index.js';
import type { QuerySource, RecordQuery } from '../../src/core/query.js';

const T = (iso: string): number => Date.parse(iso);
const NOW = T('2026-03-20T12:00:00Z');
const eur = (minor: number) => ({ minor, currency: 'EUR' });

const client: Client = { type: 'contact', id: '1', name: 'Ada Martin', emails: [], phones: [] };
const other: Client = { type: 'contact', id: '2', name: 'Other', emails: [], phones: [] };

function deal(id: string, p: Partial<DemoDeal>): DemoDeal {
  return {
    id, title: `Deal ${id}`, pipelineId: '0', stageId: 'NEW', semantic: 'open', amount: eur(100_00),
    createdAt: T('2026-03-01T10:00:00Z'), contactIds: ['1'], ...p,
  };
}
function act(id: string, p: Partial<DemoActivity>): DemoActivity {
  return {
    id, channel: 'call', direction: 'in', completed: true, createdAt: T('2026-03-05T10:00:00Z'), subject: `A${id}`,
    dealIds: [], contactIds: ['1'], companyIds: [], ...p,
  };
}
function inv(id: string, p: Partial<DemoInvoice>): DemoInvoice {
  return {
    id, title: `Invoice ${id}`, stageId: 'DT31_1:N', semantic: 'open', amount: eur(50_00),
    createdAt: T('2026-03-02T10:00:00Z'), contactId: '1', ...p,
  };
}

/** A tiny CRM whose every number below was computed by hand. Period: March 2026 in UTC. */
const tiny: DemoDataset = {
  seed: 0, now: NOW, clients: [client, other],
  deals: [
    deal('1', { semantic: 'won', amount: eur(1000_00), createdAt: T('2026-01-15T00:00:00Z'), closedAt: T('2026-03-10T00:00:00Z') }),
    deal('2', { semantic: 'won', amount: { minor: 500_00, currency: 'USD' }, closedAt: T('2026-03-11T00:00:00Z'), pipelineId: '1' }),
    deal('3', { semantic: 'lost', amount: eur(300_00), createdAt: T('2026-01-10T00:00:00Z'), closedAt: T('2026-03-12T00:00:00Z') }),
    deal('4', { semantic: 'open', amount: eur(200_00), createdAt: T('2026-02-01T00:00:00Z') }),
    deal('5', { semantic: 'won', amount: eur(999_00), createdAt: T('2025-12-01T00:00:00Z'), closedAt: T('2026-02-01T00:00:00Z') }),
    deal('6', { semantic: 'open', amount: null, contactIds: ['2'] }),
  ],
  invoices: [
    inv('1', { semantic: 'paid', amount: eur(100_00), dueAt: T('2026-03-10T00:00:00Z'), paidAt: T('2026-03-09T00:00:00Z'), dealId: '1' }),
    inv('2', { semantic: 'paid', amount: eur(40_00), dueAt: T('2026-03-05T00:00:00Z'), paidAt: T('2026-03-08T00:00:00Z') }),
    inv('3', { semantic: 'open', amount: eur(60_00), dueAt: T('2026-03-15T00:00:00Z') }),
    inv('4', { semantic: 'declined', amount: eur(10_00), dueAt: T('2026-04-15T00:00:00Z') }),
  ],
  activities: [
    act('1', { channel: 'call', direction: 'in', dealIds: ['1'], createdAt: T('2026-03-03T00:00:00Z') }),
    act('2', { channel: 'email', direction: 'in', dealIds: ['1'], createdAt: T('2026-03-04T00:00:00Z') }),
    act('3', { channel: 'email', direction: 'out', dealIds: ['2'] }),
    act('4', { channel: 'call', direction: 'in', dealIds: ['2'], createdAt: T('2026-03-01T00:00:00Z') }),
    act('5', { channel: 'chat', direction: 'none', dealIds: [] }),
    act('6', { channel: 'email', direction: 'in', dealIds: ['5'] }),
    act('7', { channel: 'call', direction: 'in', createdAt: T('2026-02-20T00:00:00Z') }),
    act('8', { channel: 'sms', direction: 'in', contactIds: ['2'] }),
  ],
  reference: {
    pipelines: [{ id: '0', name: 'Sales' }, { id: '1', name: 'Partners' }], stages: [], currencies: ['EUR', 'USD'],
    baseCurrency: 'EUR', rates: { base: 'EUR', rates: { USD: '0.9' }, asOf: NOW },
  },
};

function ctxFor(period: string, source: DemoAdapter, ref: ClientRef = { type: 'contact', id: '1' }): MetricContext {
  return {
    client: ref, period: resolvePeriod(period, source.data.now, 'UTC', 'en'), now: source.data.now,
    currency: 'EUR', rates: source.data.reference.rates!, locale: 'en',
  };
}

/** The same adapter with its aggregate hidden and small pages: forces the local path. */
function recordsOnly(source: DemoAdapter, pageSize = 7): QuerySource & { calls: RecordQuery[] } {
  const calls: RecordQuery[] = [];
  return {
    maxPageSize: pageSize,
    calls,
    records: <K extends RecordKind>(q: RecordQuery<K>, s?: AbortSignal) => {
      calls.push(q);
      return source.records(q, s);
    },
  };
}

describe('evaluateMetrics on a hand-computed CRM (March 2026, UTC)', () => {
  const source = new DemoAdapter(tiny);
  let v: Awaited<ReturnType<typeof evaluateMetrics>>;
  before(async () => {
    v = await evaluateMetrics(source, ctxFor('month:2026-03', source));
  });

  it('sums won deals in the display currency, converting USD at the supplied rate', () => {
    // 1000.00 EUR + 500.00 USD × 0.9 = 1450.00 EUR; deal 5 was won in February.
    expect(v['won-value'].value).to.equal(1450_00);
    expect(v['won-value'].money!.lines.map((l) => [l.currency, l.amount.minor, l.converted!.minor]))
      .to.deep.equal([['EUR', 1000_00, 1000_00], ['USD', 500_00, 450_00]]);
    expect(v['won-value'].counts).to.deep.equal({ won: 2 });
  });

  it('computes the system conversion as won deals / activities × 100', () => {
    // activities of contact 1 created in March: 1,2,3,4,5,6 (7 is February, 8 is contact 2's) → 2 / 6.
    expect(v.conversion.counts).to.deep.equal({ won: 2, activities: 6 });
    expect(v.conversion.value).to.be.closeTo(33.3333, 1e-3);
  });

  it('computes the communication load per deal and per pipeline', () => {
    // deals in P (created or closed in March): 1, 2, 3. Activities bound to them: 1,2 (deal 1), 3,4 (deal 2) → 4 / 3.
    expect(v['communication-load'].counts).to.deep.equal({ activities: 4, deals: 3 });
    expect(v['communication-load'].value).to.be.closeTo(4 / 3, 1e-9);
    expect(v['communication-load'].groups).to.deep.equal([
      { key: '0', count: 2, value: 1 },
      { key: '1', count: 1, value: 2 },
    ]);
  });

  it('counts load by channel with shares, largest first', () => {
    expect(v['load-by-channel'].value).to.equal(6);
    expect(v['load-by-channel'].groups!.map((g) => [g.key, g.count, Math.round(g.share! * 100) / 100])).to.deep.equal([
      ['email', 3, 50], ['call', 2, 33.33], ['chat', 1, 16.67],
    ]);
  });

  it('picks the preferred channel from incoming activities, ties to the most recent', () => {
    // incoming: call (1, 4: last 03-03), email (2, 6: last 03-05) → tie 2–2, email is more recent.
    expect(v['preferred-channel'].value).to.equal('email');
    expect(v['preferred-channel'].basis).to.equal('incoming');
  });

  it('computes deal conversion both ways', () => {
    expect(v['deal-conversion'].value).to.be.closeTo((2 / 3) * 100, 1e-9);
    expect(v['deal-conversion-closed'].counts).to.deep.equal({ won: 2, closed: 3 });
  });

  it('computes invoice conversion, paid on time, amounts, unpaid and overdue', () => {
    expect(v['invoice-conversion'].value).to.equal(50); // 2 paid of 4 issued
    expect(v['invoice-paid-on-time'].value).to.equal(50); // invoice 1 on time, 2 late
    expect(v['invoice-issued'].value).to.equal(210_00);
    expect(v['invoice-paid'].value).to.equal(140_00);
    expect(v['invoice-unpaid'].value).to.equal(70_00);
    expect(v['invoice-overdue-share'].value).to.equal(25); // invoice 3 due 03-15 < now 03-20
    expect(v['invoice-unpaid'].counts.unpaid).to.equal(2); // invoices 3 (open) and 4 (declined)
  });

  it('sums open deals created before the end of the period and lost deals', () => {
    expect(v['sales-open'].value).to.equal(200_00); // deal 4 only: deal 6 belongs to contact 2
    expect(v['sales-lost'].value).to.equal(300_00);
  });

  it('builds daily series over the whole period with empty days as zero', () => {
    const won = v['trend-deals-won'].groups!;
    expect(won).to.have.length(31);
    expect(won.filter((g) => g.count > 0).map((g) => g.key)).to.deep.equal(['2026-03-10', '2026-03-11']);
    expect(v['trend-invoices-paid'].groups!.find((g) => g.key === '2026-03-09')!.money!.total.minor).to.equal(100_00);
  });

  it('shows "—" with a reason instead of dividing by zero', async () => {
    const empty = await evaluateMetrics(source, ctxFor('month:2025-06', source), ['conversion', 'preferred-channel', 'won-value']);
    expect(empty.conversion.value).to.equal(null);
    expect(empty.conversion.reason).to.deep.equal({ code: 'empty', input: 'activities' });
    expect(empty['preferred-channel'].reason).to.deep.equal({ code: 'no-records', input: 'all' });
    expect(empty['won-value'].value).to.equal(0);
  });

  it('falls back to all activities when none is incoming', async () => {
    const outgoing = new DemoAdapter({ ...tiny, activities: tiny.activities.map((a) => ({ ...a, direction: 'out' as const })) });
    const r = await evaluateMetrics(outgoing, ctxFor('month:2026-03', outgoing), ['preferred-channel']);
    expect(r['preferred-channel'].basis).to.equal('all');
    expect(r['preferred-channel'].value).to.equal('email');
  });

  it('reports a currency without a rate instead of summing it raw', async () => {
    const ctx = { ...ctxFor('month:2026-03', source), rates: { base: 'EUR', rates: {} } };
    const r = await evaluateMetrics(source, ctx, ['won-value']);
    expect(r['won-value'].value).to.equal(1000_00);
    expect(r['won-value'].money!.missing).to.deep.equal(['USD']);
  });

  it('sets aside amounts in an unknown currency code instead of summing them', async () => {
    const odd = new DemoAdapter({ ...tiny, deals: [...tiny.deals, deal('9', { semantic: 'won', amount: { minor: 5_00, currency: 'XQQ' }, closedAt: T('2026-03-15T00:00:00Z') })] });
    const r = await evaluateMetrics(odd, ctxFor('month:2026-03', odd), ['won-value']);
    expect(r['won-value'].value).to.equal(1450_00);
    expect(r['won-value'].money!.missing).to.deep.equal(['XQQ']);
    expect(r['won-value'].counts.won).to.equal(3);
  });

  it('uses one display currency for every metric when none is given', async () => {
    const ctx = { ...ctxFor('month:2026-03', source), currency: undefined, rates: undefined } as MetricContext;
    const r = await evaluateMetrics(source, ctx, ['won-value', 'sales-lost']);
    expect(r['won-value'].money!.total.currency).to.equal('EUR');
    expect(r['sales-lost'].money!.total.currency).to.equal('EUR');
    expect(r['won-value'].money!.missing).to.deep.equal(['USD']); // no rates: USD is reported, not summed
  });

  it('narrows every query by widget settings', async () => {
    const r = await evaluateMetrics(source, { ...ctxFor('month:2026-03', source), restrict: { pipelines: ['1'], channels: ['call'] } },
      ['won-value', 'load-by-channel']);
    expect(r['won-value'].value).to.equal(450_00);
    expect(r['load-by-channel'].value).to.equal(2);
  });

  it('gives the drill-down exactly the records behind a number', async () => {
    const ctx = ctxFor('month:2026-03', source);
    const { kind, filter } = await inputFilter(source, 'communication-load', 'activities', ctx);
    const rows = await fetchAll(source, kind, filter);
    expect(rows.map((r) => r.id).sort()).to.deep.equal(['1', '2', '3', '4']);
    const unpaid = await inputFilter(source, 'invoice-unpaid', 'unpaid', ctx);
    const unpaidRows = await fetchAll(source, unpaid.kind, unpaid.filter);
    expect(unpaidRows.reduce((n, r) => n + ((r as { amount: { minor: number } }).amount.minor), 0)).to.equal(70_00);
    const won = await inputFilter(source, 'won-value', 'won', ctx);
    expect((await fetchAll(source, won.kind, won.filter)).map((r) => r.id).sort()).to.deep.equal(['1', '2']);
  });

  it('matches nothing (not everything) when the deal set is empty', async () => {
    const ctx = ctxFor('month:2025-06', source);
    const { filter } = await inputFilter(source, 'communication-load', 'activities', ctx);
    expect(filter.dealIds).to.deep.equal([NO_DEAL]);
    expect((await evaluateMetrics(source, ctx, ['communication-load']))['communication-load'].counts.activities).to.equal(0);
  });
});

describe('push-down and local evaluation agree', () => {
  const demo = new DemoAdapter({ seed: 7 });
  const periods = ['last-30-days', 'current-quarter', 'month:2026-02', 'year:2025', 'range:2025-05-03/2025-09-17', 'all-time'];
  const clients = [{ type: 'contact' as const, id: '1' }, { type: 'company' as const, id: '1' }, { type: 'contact' as const, id: '9' }];
  for (const period of periods) {
    it(`gives identical results for every metric: ${period}`, async () => {
      for (const ref of clients) {
        const ctx = ctxFor(period, demo, ref);
        const pushed = await evaluateMetrics(demo, ctx);
        const local = recordsOnly(demo, 37);
        const read = await evaluateMetrics(local, ctx);
        expect(read).to.deep.equal(pushed);
        expect(local.calls.length).to.be.greaterThan(0);
        for (const id of METRIC_IDS) expect(pushed[id].id).to.equal(id);
      }
    });
  }

  it('has a non-trivial answer to compare (the demo client is active)', async () => {
    const r = await evaluateMetrics(demo, ctxFor('all-time', demo));
    expect(r['won-value'].value).to.be.greaterThan(0);
    expect(r.conversion.counts.activities).to.be.greaterThan(10);
    expect(Object.keys(METRICS)).to.deep.equal([...METRIC_IDS]);
  });
});

describe('time buckets', () => {
  it('chooses day, week, month or year by period length', () => {
    const at = (p: string) => autoBucketUnit(resolvePeriod(p, NOW, 'UTC'));
    expect([at('last-30-days'), at('last-90-days'), at('year:2025'), at('all-time')]).to.deep.equal(['day', 'week', 'month', 'year']);
  });

  it('never more than MAX_BUCKETS: a grouping asked for gives way to a coarser one, years group several to a bucket', () => {
    const cases: [string, 'day' | 'week' | 'month' | 'year' | undefined, string, number][] = [
      ['year:2025', 'day', 'day', 365],
      ['range:2020-01-01/2026-12-31', 'day', 'week', 0],
      ['range:2020-01-01/2026-12-31', 'month', 'month', 84],
      ['all-time', 'day', 'year', 0],
      ['range:1970-01-01/9999-12-31', 'day', 'year', 0],
      ['range:1970-01-01/9999-12-31', undefined, 'year', 0],
    ];
    for (const [text, asked, unit, n] of cases) {
      const p = resolvePeriod(text, NOW, 'UTC');
      expect(bucketUnitFor(p, asked), `${text} by ${asked}`).to.equal(unit);
      const t0 = performance.now();
      const b = timeBuckets(p, bucketUnitFor(p, asked), 'en');
      expect(performance.now() - t0, 'computed without walking every day').to.be.lessThan(1000);
      expect(b.keys.length, text).to.be.within(1, MAX_BUCKETS);
      if (n) expect(b.keys.length, text).to.equal(n);
      expect(b.edges).to.have.length(b.keys.length + 1);
      expect(b.edges.every((e, i) => i === 0 || e > b.edges[i - 1]!), 'edges increase').to.equal(true);
    }
    const ages = timeBuckets(resolvePeriod('range:1970-01-01/9999-12-31', NOW, 'UTC'), 'year');
    expect(ages.keys.slice(0, 3)).to.deep.equal(['1970-01-01', '1991-01-01', '2012-01-01']); // 8030 years / 400 → 21 a bucket
    expect(formatBuckets(ages.keys.slice(0, 3), 'en')).to.deep.equal(['1970', '1991', '2012']);
    expect(formatBuckets(['2026-03-15', '2026-04-01', '2026-05-01'], 'en')).to.deep.equal(['Mar 2026', 'Apr 2026', 'May 2026']);
  });

  it('starts weeks on the locale week start and clips to the period', () => {
    const p = resolvePeriod('range:2026-03-04/2026-03-20', NOW, 'Europe/Paris');
    expect(timeBuckets(p, 'week', 'fr').keys).to.deep.equal(['2026-03-04', '2026-03-09', '2026-03-16']);
    expect(timeBuckets(p, 'week', 'en-US').keys).to.deep.equal(['2026-03-04', '2026-03-08', '2026-03-15']);
    const b = timeBuckets(p, 'day', 'fr');
    expect(b.edges).to.have.length(b.keys.length + 1);
    expect(new Date(b.edges[0]!).toISOString()).to.equal('2026-03-03T23:00:00.000Z');
    expect(b.edges.at(-1)).to.equal(p.to);
  });

  it('buckets months across DST in the zone of the period', () => {
    const p = resolvePeriod('year:2026', NOW, 'Europe/Paris');
    const b = timeBuckets(p, 'month');
    expect(b.keys).to.have.length(12);
    expect(new Date(b.edges[3]!).toISOString()).to.equal('2026-03-31T22:00:00.000Z');
  });
});
