/**
 * The Bitrix24 adapter against the Bitrix24 emulator (emulator/bitrix24/) serving the demo data:
 * every number and every list must equal what the demo source gives for the same data, through the
 * real protocol (envelopes, 50-row pages, batch, filters), in at most 4 HTTP requests a profile.
 */
import { expect } from '@open-wc/testing';
import { Bitrix24Emulator } from '../../emulator/bitrix24/emulator.js';
import { Bitrix24Adapter, bitrix24AdapterChunks } from '../../src/adapters/bitrix24/adapter.js';
import { adapterFailure as rejection } from './adapter-failure.js';
import { Bitrix24Client, WebhookTransport } from '../../src/adapters/bitrix24/client.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { adapterForSource } from '../../src/adapters/sources.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import { inputFilter } from '../../src/core/input-filter.js';
import { METRICS, type MetricId } from '../../src/core/metrics.js';
import type { ClientRef, RecordKind } from '../../src/core/model.js';
import { resolvePeriod } from '../../src/core/period.js';
import type { RecordQuery } from '../../src/core/query.js';
import { chunkLoader } from '../helpers/chunks.js';

const WEBHOOK = 'http://localhost/rest/1/demo-webhook-code/';
// Bitrix24 has no "deal without an amount": an empty opportunity is 0. The demo data with that
// convention is what both the emulator and the reference source serve.
const base = new DemoAdapter({ seed: 1 }).data;
const zero = <T extends { amount: unknown }>(r: T): T => (r.amount ? r : { ...r, amount: { minor: 0, currency: base.reference.baseCurrency } });
const demo = new DemoAdapter({ ...base, deals: base.deals.map(zero), invoices: base.invoices.map(zero) });
const NOW = demo.now;
const ZONE = 'Europe/Berlin';

function setup(options: { rateLimit?: false } = {}) {
  const emulator = new Bitrix24Emulator({ data: demo.data, rateLimit: options.rateLimit ?? false });
  const client = new Bitrix24Client({
    transport: new WebhookTransport(WEBHOOK, { fetch: emulator.fetch }), throttle: { rate: 1000, burst: 1000 }, sleep: async () => {},
  });
  const adapter = new Bitrix24Adapter({ client, onIssue: () => {} });
  return { emulator, adapter, client };
}

const ctxFor = (client: ClientRef, period: string) => ({
  client, period: resolvePeriod(period, NOW, ZONE, 'en'), now: NOW, locale: 'en', timeZone: ZONE,
  currency: demo.data.reference.baseCurrency, ...(demo.data.reference.rates ? { rates: demo.data.reference.rates } : {}),
});

const ALL = Object.keys(METRICS) as MetricId[];

/** A contact that has a deal where it is not the primary contact. */
const secondary = demo.data.deals.find((d) => d.contactIds.length > 1)!;
const SECONDARY: ClientRef = { type: 'contact', id: secondary.contactIds[1]! };

describe('Bitrix24Adapter over the emulator', () => {
  it('reads the reference data: pipelines, stages with their semantics, currencies and rates', async () => {
    const { adapter } = setup();
    const ref = await adapter.referenceData();
    const want = demo.data.reference;
    expect(ref.pipelines.map((p) => p.id)).to.deep.equal(want.pipelines.map((p) => p.id));
    expect(ref.baseCurrency).to.equal(want.baseCurrency);
    expect([...ref.currencies].sort()).to.deep.equal([...want.currencies].sort());
    for (const [code, rate] of Object.entries(want.rates!.rates)) expect(Number(ref.rates!.rates[code]), code).to.be.closeTo(Number(rate), 1e-9);
    const semantics = (kind: string) => ref.stages.filter((s) => s.kind === kind).map((s) => s.semantic).sort();
    expect(semantics('deal')).to.include.members(['open', 'won', 'lost']);
    expect(semantics('invoice')).to.include.members(['open', 'paid', 'declined']);
  });

  it('reads a contact and a company, and says clearly when one does not exist', async () => {
    const { adapter } = setup();
    const want = demo.data.clients.find((c) => c.type === 'contact' && c.id === '1')!;
    const got = await adapter.getClient({ type: 'contact', id: '1' });
    expect(got.name).to.equal(want.name);
    expect(got.url).to.equal('https://localhost/crm/contact/details/1/');
    expect(got.position).to.equal(want.position);
    // crm.contact.get has only COMPANY_ID: the name comes from crm.company.get.
    expect(got.company).to.deep.equal(want.company);
    expect(got.emails).to.deep.equal(want.emails);
    const company = await adapter.getClient({ type: 'company', id: '2' });
    expect(company.name).to.equal(demo.data.clients.find((c) => c.type === 'company' && c.id === '2')!.name);
    const missing = await adapter.getClient({ type: 'contact', id: '99999' }).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(AdapterError);
    expect((missing as AdapterError).kind).to.equal('not-found');
    const bad = await adapter.getClient({ type: 'contact', id: '1 OR 1' }).catch((e: unknown) => e);
    expect((bad as AdapterError).message).to.match(/numeric id/);
  });

  for (const [client, period] of [
    [{ type: 'contact', id: '1' }, 'current-year'],
    [{ type: 'contact', id: '2' }, 'all-time'],
    [{ type: 'company', id: '1' }, 'last-90-days'],
    [SECONDARY, 'all-time'],
  ] as const) {
    it(`every metric equals the demo source's: ${client.type} ${client.id}, ${period}`, async () => {
      const { adapter } = setup();
      const ctx = ctxFor(client, period);
      const [got, want] = await Promise.all([evaluateMetrics(adapter, ctx, ALL), evaluateMetrics(demo, ctx, ALL)]);
      for (const id of ALL) expect(got[id], id).to.deep.equal(want[id]);
    });
  }

  it('counts the deals where a contact is secondary (contactIds), which contactId alone would miss', async () => {
    const { adapter, emulator } = setup();
    const page = await adapter.records({ kind: 'deal', filter: { client: SECONDARY }, page: { offset: 0, limit: 50 } });
    expect(page.items.map((d) => d.id)).to.include(secondary.id);
    const primaryOnly = await emulator.handle({ path: '/rest/1/demo-webhook-code/crm.item.list.json', body: JSON.stringify({ entityTypeId: 2, filter: { contactId: SECONDARY.id }, select: ['id'] }) });
    const ids = ((primaryOnly.body as { result: { items: { id: number }[] } }).result.items).map((i) => String(i.id));
    expect(ids).not.to.include(secondary.id);
  });

  it('lists exactly the records behind each number, page by page and sorted, as the demo source does', async () => {
    const { adapter } = setup();
    const ctx = ctxFor({ type: 'contact', id: '1' }, 'all-time');
    const checks: Array<[MetricId, string]> = [['won-value', 'won'], ['conversion', 'activities'], ['communication-load', 'activities'], ['invoice-conversion', 'paid']];
    for (const [id, input] of checks) {
      if (!METRICS[id]?.inputs[input]) continue;
      const { kind, filter } = await inputFilter(demo, id, input, ctx);
      for (const sort of [undefined, { field: 'createdAt', direction: 'desc' } as const, { field: 'id', direction: 'asc' } as const]) {
        for (const offset of [0, 50]) {
          const q = { kind, filter, page: { offset, limit: 50 }, ...(sort ? { sort } : {}) } as RecordQuery<RecordKind>;
          const [got, want] = await Promise.all([adapter.records(q), demo.records(sort ? q : { ...q, sort: { field: 'id', direction: 'asc' } })]);
          expect(got.total, `${id}.${input} total`).to.equal(want.total);
          expect(got.items.map((r) => r.id), `${id}.${input} ${JSON.stringify(sort)} @${offset}`).to.deep.equal(want.items.map((r) => r.id));
        }
      }
    }
  });

  it('lists activities of some channels, directions and deals (disjoint filter parts merged in order)', async () => {
    const { adapter } = setup();
    const client = { type: 'company', id: '1' } as const;
    const deals = (await demo.records({ kind: 'deal', filter: { client }, page: { offset: 0, limit: 1000 } })).items.map((d) => d.id);
    const filters = [
      { client, channels: ['call'] }, { client, channels: ['call', 'other', 'chat'] }, { client, channels: ['email'], directions: ['in'] },
      { client, completed: false }, { client, dealIds: deals.slice(0, 3) }, { client, pipelines: ['1'] },
    ] as const;
    for (const filter of filters) {
      for (const offset of [0, 20, 50]) {
        for (const sort of [{ field: 'createdAt', direction: 'desc' }, { field: 'id', direction: 'asc' }, { field: 'title', direction: 'asc' }] as const) {
          const q = { kind: 'activity', filter, page: { offset, limit: 20 }, sort } as RecordQuery<'activity'>;
          const [got, want] = await Promise.all([adapter.records(q), demo.records(q)]);
          const what = `${JSON.stringify(filter)} ${sort.field} @${offset}`;
          expect(got.total, what).to.equal(want.total);
          expect(got.items.map((r) => r.id), what).to.deep.equal(want.items.map((r) => r.id));
          expect(got.items.map((r) => [r.channel, r.direction, r.completed, r.createdAt]), what).to.deep.equal(want.items.map((r) => [r.channel, r.direction, r.completed, r.createdAt]));
        }
      }
    }
  });

  it('costs at most 4 HTTP requests for a whole profile once reference data is cached', async () => {
    const { adapter, emulator } = setup();
    await adapter.referenceData();
    const before = emulator.stats().requests;
    const ctx = ctxFor({ type: 'contact', id: '1' }, 'current-year');
    // What a profile asks at once: the client, the header's load, and each widget's metrics.
    await Promise.all([
      adapter.getClient(ctx.client),
      evaluateMetrics(adapter, ctx, ['communication-load']),
      ...ALL.map((id) => evaluateMetrics(adapter, ctx, [id])),
    ]);
    const requests = emulator.stats().requests - before;
    expect(requests).to.be.within(1, 4);
  });

  it('comes through the portal\'s rate limit, 500s and slow answers by waiting and retrying', async () => {
    const { adapter, emulator } = setup();
    emulator.setFaults({ status503: 1, status500: 1 });
    const ctx = ctxFor({ type: 'company', id: '3' }, 'current-year');
    const got = await evaluateMetrics(adapter, ctx, ['won-value', 'load-by-channel']);
    const want = await evaluateMetrics(demo, ctx, ['won-value', 'load-by-channel']);
    expect(got).to.deep.equal(want);
    const statuses = emulator.stats().log.map((e) => e.status);
    expect(statuses).to.include.members([503, 500]);
  });

  it('reads fresh data after invalidate() (the Refresh button), and reuses it otherwise', async () => {
    const { adapter, emulator } = setup();
    const q = { kind: 'deal', filter: { client: { type: 'contact', id: '1' } }, page: { offset: 0, limit: 10 } } as const;
    await adapter.records(q);
    const after1 = emulator.stats().requests;
    await adapter.records(q);
    expect(emulator.stats().requests).to.equal(after1);
    adapter.invalidate();
    await adapter.records(q);
    expect(emulator.stats().requests).to.be.greaterThan(after1);
  });

  it('refuses pages Bitrix24 cannot serve', async () => {
    const { adapter } = setup();
    const e = await adapter.records({ kind: 'activity', filter: { client: { type: 'contact', id: '1' } }, page: { offset: 0, limit: 100 } }).catch((x: unknown) => x);
    expect((e as Error).message).to.match(/1 to 50 records/);
  });

  it('reads pages of activities with a chunk loaded on the first one; when it cannot load, says so and the next page tries again', async () => {
    const { adapter } = setup();
    const q: RecordQuery<'activity'> = { kind: 'activity', filter: { client: { type: 'contact', id: '1' } }, page: { offset: 0, limit: 5 } };
    const chunk = chunkLoader(bitrix24AdapterChunks, 'activities');
    chunk.fail();
    try {
      const e = await rejection(adapter.records(q));
      expect(e.kind).to.equal('network');
      expect(e.message).to.equal('Bitrix24 (localhost): the code that reads pages of activities could not be loaded. Check the connection and try again.');
    } finally {
      chunk.restore();
    }
    const [got, want] = await Promise.all([adapter.records(q), demo.records({ ...q, sort: { field: 'id', direction: 'asc' } })]);
    expect(got.items.map((a) => a.id)).to.deep.equal(want.items.map((a) => a.id));
  });

  it('is what source="bitrix24:<webhook>" gives, and a bad webhook URL never shows its code', async () => {
    const a = adapterForSource('bitrix24:https://example.bitrix24.com/rest/1/abc123/');
    // A stand-in that loads the adapter's code on first use.
    expect(await a.load()).to.be.instanceOf(Bitrix24Adapter);
    expect(a.label).to.equal('Bitrix24 (example.bitrix24.com)');
    // A bad URL is refused by the adapter's first call.
    const http = adapterForSource('bitrix24:http://example.bitrix24.com/rest/1/s3cr3t/');
    expect(await http.load().then(() => '', (e: Error) => e.message)).to.match(/must start with https/);
    const ftp = adapterForSource('bitrix24:ftp://example.bitrix24.com/rest/1/s3cr3t/');
    const message = await ftp.records({ kind: 'deal', filter: { client: { type: 'contact', id: '1' } }, page: { offset: 0, limit: 1 } }).then(() => '', (e: Error) => e.message);
    expect(message).to.match(/webhook URL is not valid/);
    expect(message).not.to.contain('s3cr3t');
  });
});
