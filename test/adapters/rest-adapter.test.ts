/**
 * RestAdapter (src/adapters/rest/) — the client of the REST contract (docs/rest-contract.md):
 *
 * - over real HTTP on loopback, against the contract server that web-test-runner.config.mjs mounts
 *   at /api (the demo data, seed 1) and at /api-auth (the same behind a bearer token): every metric
 *   and every list must equal what the demo source gives directly;
 * - against stubbed answers (the `fetch` option): every way a server can break the contract ends as
 *   an AdapterError whose message names the request and the field, and never the token;
 * - the examples of README.md ("Write an adapter"), run as written.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { RestAdapter, type RestAdapterOptions } from '../../src/adapters/rest/rest-adapter.js';
import { retryAfterMs } from '../../src/adapters/rest/failures.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { AdapterError, type AdapterErrorKind } from '../../src/adapters/errors.js';
import { ContractServer } from '../../server/rest/contract-server.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import { inputFilter } from '../../src/core/input-filter.js';
import { METRICS, type MetricId } from '../../src/core/metrics.js';
import type { ClientRef, CrmRecord, RecordKind } from '../../src/core/model.js';
import { resolvePeriod } from '../../src/core/period.js';
import type { AggregateQuery, RecordQuery, SortSpec } from '../../src/core/query.js';
import { adapterFailure as failure } from './adapter-failure.js';

const API = `${location.origin}/api`;
const API_AUTH = `${location.origin}/api-auth`;
const TOKEN = 'wtr-rest-token'; // web-test-runner.config.mjs
const demo = new DemoAdapter({ seed: 1 });
const NOW = demo.now;
const ZONE = 'Europe/Berlin';
const ALL = Object.keys(METRICS) as MetricId[];

const ctxFor = (client: ClientRef, period: string) => ({
  client, period: resolvePeriod(period, NOW, ZONE, 'en'), now: NOW, locale: 'en', timeZone: ZONE,
  currency: demo.data.reference.baseCurrency, ...(demo.data.reference.rates ? { rates: demo.data.reference.rates } : {}),
});

/** The model's fields of each kind: the demo records also carry their client bindings, which the contract does not send. */
const MODEL_KEYS: Record<RecordKind, readonly string[]> = {
  deal: ['id', 'title', 'pipelineId', 'stageId', 'stageName', 'semantic', 'amount', 'createdAt', 'closedAt', 'responsible', 'url'],
  invoice: ['id', 'title', 'stageId', 'stageName', 'semantic', 'amount', 'createdAt', 'dueAt', 'paidAt', 'dealId', 'url'],
  activity: ['id', 'channel', 'providerId', 'direction', 'completed', 'createdAt', 'subject', 'dealIds', 'responsible', 'url'],
};
const project = (kind: RecordKind, r: CrmRecord) =>
  Object.fromEntries(Object.entries(r).filter(([k, v]) => MODEL_KEYS[kind].includes(k) && v !== undefined));

// ─── stubbed servers ─────────────────────────────────────────────────────────────────────────────

interface Call {
  readonly url: URL;
  readonly init: RequestInit;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function stub(answer: (call: Call) => Response | Promise<Response>, options: Partial<RestAdapterOptions> = {}) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call = { url: new URL(String(input)), init };
    calls.push(call);
    return answer(call);
  }) as typeof globalThis.fetch;
  return { adapter: new RestAdapter({ baseUrl: 'https://crm.example.com/api/v1', fetch, ...options }), calls };
}

const DEAL = { id: '1', title: 'T', pipelineId: '0', stageId: 'NEW', semantic: 'open', amount: { minor: 100, currency: 'EUR' }, createdAt: 1000 };
const ACTIVITY = { id: '1', channel: 'call', direction: 'in', completed: true, createdAt: 1000, subject: 'S', dealIds: [] };
const C1: ClientRef = { type: 'contact', id: '1' };
const DEALS: RecordQuery<'deal'> = { kind: 'deal', filter: { client: C1 }, page: { offset: 0, limit: 10 } };
const COUNT: AggregateQuery = { kind: 'activity', filter: { client: C1 }, measure: 'count' };
const SUM: AggregateQuery = { kind: 'deal', filter: { client: C1 }, measure: 'sum' };
const ROW = { key: '', count: 1, amounts: {}, withoutAmount: 0, lastCreatedAt: 1000 };
const REFERENCE = { pipelines: [], stages: [], currencies: ['EUR'], baseCurrency: 'EUR' };

// ─── over HTTP ───────────────────────────────────────────────────────────────────────────────────

describe('RestAdapter over HTTP (the contract server at /api, demo data)', () => {
  const rest = new RestAdapter({ baseUrl: API });

  it('is labelled with the host only, and pages 1000 records at a time', () => {
    expect(rest.label).to.equal(location.host);
    expect(rest.maxPageSize).to.equal(1000);
    expect(new RestAdapter({ baseUrl: '/api' }).label, 'a path resolves against the page').to.equal(location.host);
  });

  it('reads the reference data, and the instant the demo data is as of', async () => {
    const fresh = new RestAdapter({ baseUrl: API });
    expect(fresh.now).to.equal(undefined);
    expect(await fresh.referenceData()).to.deep.equal(demo.data.reference);
    expect(fresh.now).to.equal(NOW);
    expect(new RestAdapter({ baseUrl: API, now: 5 }).now, 'the option wins').to.equal(5);
  });

  it('says which client does not exist (404; in-process, as the runner lists HTTP 404s as warnings)', async () => {
    const inProcess = new RestAdapter({ baseUrl: 'https://crm.example.com/api', fetch: new ContractServer({ adapter: demo, basePath: '/api' }).fetch });
    const e = await failure(inProcess.getClient({ type: 'company', id: '404' }));
    expect(e.kind).to.equal('not-found');
    expect(e.message).to.equal('There is no company with id "404" in the demo data. (REST API crm.example.com)');
  });

  it('reads a contact and a company as the demo source has them', async () => {
    for (const ref of [C1, { type: 'contact', id: '2' }, { type: 'company', id: '2' }] as const) {
      expect(await rest.getClient(ref), `${ref.type} ${ref.id}`).to.deep.equal(await demo.getClient(ref));
    }
  });

  for (const [client, period] of [
    [{ type: 'contact', id: '1' }, 'current-year'],
    [{ type: 'contact', id: '2' }, 'all-time'],
    [{ type: 'company', id: '1' }, 'last-90-days'],
    [{ type: 'company', id: '3' }, 'quarter:2026-Q1'],
  ] as const) {
    it(`every metric equals the demo source's: ${client.type} ${client.id}, ${period}`, async () => {
      const ctx = ctxFor(client, period);
      const [got, want] = await Promise.all([evaluateMetrics(rest, ctx, ALL), evaluateMetrics(demo, ctx, ALL)]);
      for (const id of ALL) expect(got[id], id).to.deep.equal(want[id]);
    });
  }

  it('every metric equals the demo source\'s on the local path too (records read 1000 at a time, no /aggregate)', async () => {
    const ctx = ctxFor({ type: 'contact', id: '3' }, 'all-time');
    const [got, want] = await Promise.all([evaluateMetrics(rest, ctx, ALL, { local: true }), evaluateMetrics(demo, ctx, ALL)]);
    for (const id of ALL) expect(got[id], id).to.deep.equal(want[id]);
  });

  it('lists the same records as the demo source, page by page and in every sort', async () => {
    const ctx = ctxFor(C1, 'all-time');
    const sets: { kind: RecordKind; filter: RecordQuery['filter'] }[] = [
      { kind: 'deal', filter: { client: C1 } },
      { kind: 'invoice', filter: { client: { type: 'company', id: '1' } } },
      { kind: 'activity', filter: { client: C1 } },
      await inputFilter(demo, 'won-value', 'won', ctx),
      await inputFilter(demo, 'communication-load', 'activities', ctx),
    ];
    const sorts: (SortSpec | undefined)[] = [
      undefined, { field: 'createdAt', direction: 'desc' }, { field: 'amount', direction: 'asc' },
      { field: 'title', direction: 'desc' }, { field: 'id', direction: 'asc' }, { field: 'closedAt', direction: 'asc' },
    ];
    let compared = 0;
    for (const { kind, filter } of sets) {
      for (const sort of sorts) {
        if (sort?.field === 'closedAt' && kind !== 'deal') continue;
        for (const page of [{ offset: 0, limit: 20 }, { offset: 20, limit: 20 }, { offset: 0, limit: 1000 }]) {
          const q = { kind, filter, page, ...(sort ? { sort } : {}) } as RecordQuery;
          const [got, want] = await Promise.all([rest.records(q), demo.records(q)]);
          const label = `${kind} ${JSON.stringify(sort)} @${page.offset}+${page.limit}`;
          expect(got.total, label).to.equal(want.total);
          expect(got.items, label).to.deep.equal(want.items.map((r) => project(kind, r)));
          compared += got.items.length;
        }
      }
    }
    expect(compared).to.be.greaterThan(500);
  });

  it('answers an empty aggregate batch without a request', async () => {
    const { adapter, calls } = stub(() => json({ results: [] }));
    expect(await adapter.aggregate([])).to.deep.equal([]);
    expect(calls).to.have.length(0);
  });

  it('a part of POST /aggregate unanswered: the server\'s message cut to 500 characters; an envelope without a string code and message is no envelope', async () => {
    const long = `${'x'.repeat(500)}TAIL`;
    const { adapter } = stub(() => json({ results: [{ rows: [ROW] }, { error: { code: 'down', message: long } }] }));
    const [ok, part] = await Promise.allSettled([adapter.aggregate([SUM]), adapter.aggregate([COUNT])]);
    expect(ok.status).to.equal('fulfilled');
    const e = (part as PromiseRejectedResult).reason as AdapterError;
    expect(e.kind).to.equal('network');
    expect(e.message).to.contain('x'.repeat(500)).and.not.contain('TAIL');
    const bad = stub(() => json({ results: [{ error: { code: 5, message: 'down' } }] })).adapter;
    const e2 = (await bad.aggregate([COUNT]).then(() => undefined, (x: unknown) => x)) as AdapterError;
    expect(e2.kind).to.equal('invalid-data');
    expect(e2.message).to.contain('results[0].rows');
  });

  it('stores layouts on the server with the layouts option (and only with it)', async () => {
    expect(rest.loadLayout).to.equal(undefined);
    expect(rest.saveLayout).to.equal(undefined);
    const withLayouts = new RestAdapter({ baseUrl: API, layouts: true });
    const key = `rest-test/${Math.random()}`; // a slash in the key travels encoded
    expect(await withLayouts.loadLayout!(key)).to.equal(null);
    const layout = { version: 1, items: [{ id: 'system', type: 'system' }], savedAt: '2026-11-26T12:00:00.000Z' };
    await withLayouts.saveLayout!(key, layout);
    expect(await withLayouts.loadLayout!(key)).to.deep.equal(layout);
  });

  it('cancels a request in flight when its signal aborts', async () => {
    const ctl = new AbortController();
    const p = rest.records({ ...DEALS, page: { offset: 0, limit: 1000 } }, ctl.signal);
    ctl.abort();
    const e = await failure(p);
    expect(e.kind).to.equal('aborted');
  });

  it('a whole <crm-profile> reads its client and every widget through the contract', async () => {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const source = new RestAdapter({ baseUrl: API, fetch: counting });
    await source.referenceData();
    const before = requests;
    const p = await fixture<CrmProfile>(html`<crm-profile entity-type="contact" entity-id="1" period="current-year" locale="en"
      time-zone="UTC" storage-key="rest-test" .adapter=${source}></crm-profile>`);
    const widgets = () => [...p.shadowRoot!.querySelectorAll<CrmWidget>('crm-widget')];
    const settled = (w: CrmWidget) => !!w.shadowRoot && !w.shadowRoot.querySelector('.skeleton') && !!w.shadowRoot.querySelector('.figures, .error, .empty');
    await waitUntil(() => p.shadowRoot!.querySelector('.client h2') && widgets().length > 0 && widgets().every(settled), 'the profile did not load', { timeout: 10000 });
    expect(p.shadowRoot!.querySelector('.client h2')!.textContent!.trim()).to.equal('Julien Lefèvre');
    expect(widgets().filter((w) => w.shadowRoot!.querySelector('.error')).map((w) => w.shadowRoot!.querySelector('.error')!.textContent)).to.deep.equal([]);
    // Calls of the same moment share requests: GET /clients, POST /records for the deal set the
    // ratios are bound to, and the widgets' numbers in one or two POST /aggregate (not one per widget).
    expect(requests - before).to.be.within(3, 6);
  });

  it('a fresh profile resolves its periods at the instant the server\'s data is as of (its now, read with GET /reference)', async () => {
    // A fixed dataset as of 2020-01-15: the periods must not follow this machine's clock.
    const asOf = Date.UTC(2020, 0, 15, 12);
    const server = new ContractServer({ adapter: new DemoAdapter({ seed: 1, now: asOf }), basePath: '/crm' });
    const bounds: number[] = [];
    const serve = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('/aggregate')) {
        const { queries } = JSON.parse(init!.body as string) as { queries: AggregateQuery[] };
        for (const q of queries) for (const d of q.filter.dates ?? []) bounds.push(...[d.from, d.to].filter((x): x is number => x !== undefined));
      }
      return server.fetch(input, init);
    }) as typeof fetch;
    const p = await fixture<CrmProfile>(html`<crm-profile entity-type="contact" entity-id="1" locale="en" time-zone="UTC"
      storage-key="rest-now" .adapter=${new RestAdapter({ baseUrl: 'https://crm.example.test/crm', fetch: serve })}></crm-profile>`);
    const widgets = () => [...p.shadowRoot!.querySelectorAll<CrmWidget>('crm-widget')];
    const settled = (w: CrmWidget) => !!w.shadowRoot && !w.shadowRoot.querySelector('.skeleton') && !!w.shadowRoot.querySelector('.figures, .error, .empty');
    await waitUntil(() => p.shadowRoot!.querySelector('.client h2') && widgets().length > 0 && widgets().every(settled), 'the profile did not load', { timeout: 10000 });
    const period = resolvePeriod('last-30-days', asOf, 'UTC');
    expect(bounds.length).to.be.greaterThan(0);
    expect(bounds.filter((b) => b > period.to), 'bounds after the data\'s now').to.deep.equal([]);
    expect(bounds).to.include(period.from);
  });
});

describe('RestAdapter with a bearer token (the contract server at /api-auth)', () => {
  it('is refused without a token: auth error (401)', async () => {
    const e = await failure(new RestAdapter({ baseUrl: API_AUTH }).getClient(C1));
    expect(e.kind).to.equal('auth');
    expect(e.message).to.match(/HTTP 401/).and.match(/token/);
  });

  it('reads with the token, given as a string or by a function called for every request', async () => {
    expect((await new RestAdapter({ baseUrl: API_AUTH, token: TOKEN }).getClient(C1)).name).to.equal('Julien Lefèvre');
    let asked = 0;
    const adapter = new RestAdapter({ baseUrl: API_AUTH, token: async () => (asked++, TOKEN) });
    await adapter.getClient(C1);
    await adapter.records(DEALS);
    expect(asked).to.equal(2);
  });

  it('a wrong token is an auth error that does not quote it', async () => {
    const wrong = 'wrong-token-5e1f';
    const e = await failure(new RestAdapter({ baseUrl: API_AUTH, token: wrong }).records(DEALS));
    expect(e.kind).to.equal('auth');
    expect(e.message).not.to.include(wrong);
  });

  it('a token function that fails or gives nothing is an auth error', async () => {
    const e1 = await failure(new RestAdapter({ baseUrl: API_AUTH, token: () => { throw new Error('no session'); } }).getClient(C1));
    expect(e1.kind).to.equal('auth');
    const e2 = await failure(new RestAdapter({ baseUrl: API_AUTH, token: () => '' }).getClient(C1));
    expect(e2.kind).to.equal('auth');
    expect(e2.message).to.match(/gave no token/);
  });
});

// ─── stubbed answers ─────────────────────────────────────────────────────────────────────────────

describe('RestAdapter: requests it sends (stubbed fetch)', () => {
  it('POST /records: JSON body under the base path, headers, credentials; open date bounds left out', async () => {
    const { adapter, calls } = stub(() => json({ items: [], total: 0 }), {
      token: 'tok-123456', headers: { 'X-Tenant': 'acme' }, credentials: 'include',
    });
    await adapter.records({
      kind: 'deal', sort: { field: 'amount', direction: 'desc' }, page: { offset: 40, limit: 20 },
      filter: { client: C1, semantics: ['won'], dates: [{ fields: ['createdAt', 'closedAt'], from: -Infinity, to: 5000 }, { fields: ['closedAt'], from: 10, to: Infinity }] },
    });
    const [call] = calls;
    expect(call!.url.href).to.equal('https://crm.example.com/api/v1/records');
    expect(call!.init.method).to.equal('POST');
    expect(call!.init.credentials).to.equal('include');
    const headers = call!.init.headers as Record<string, string>;
    expect(headers['Authorization']).to.equal('Bearer tok-123456');
    expect(headers['Content-Type']).to.equal('application/json');
    expect(headers['Accept']).to.equal('application/json');
    expect(headers['X-Tenant']).to.equal('acme');
    expect(JSON.parse(call!.init.body as string)).to.deep.equal({
      kind: 'deal', sort: { field: 'amount', direction: 'desc' }, page: { offset: 40, limit: 20 },
      filter: { client: C1, semantics: ['won'], dates: [{ fields: ['createdAt', 'closedAt'], to: 5000 }, { fields: ['closedAt'], from: 10 }] },
    });
  });

  it('GET /clients/{type}/{id} with the id URL-encoded; GET /reference once until invalidate()', async () => {
    const { adapter, calls } = stub(({ url }) => url.pathname.endsWith('/reference')
      ? json(REFERENCE) : json({ type: 'contact', id: 'a/b c', name: 'X' }));
    await adapter.getClient({ type: 'contact', id: 'a/b c' });
    expect(calls[0]!.url.pathname).to.equal('/api/v1/clients/contact/a%2Fb%20c');
    expect(calls[0]!.init.method).to.equal('GET');
    expect(calls[0]!.init.body).to.equal(undefined);
    await Promise.all([adapter.referenceData(), adapter.referenceData()]);
    await adapter.referenceData();
    expect(calls.filter((c) => c.url.pathname.endsWith('/reference'))).to.have.length(1);
    adapter.invalidate();
    await adapter.referenceData();
    expect(calls.filter((c) => c.url.pathname.endsWith('/reference'))).to.have.length(2);
  });

  it('aggregate calls of the same moment go out as one POST /aggregate, identical queries once', async () => {
    const GROUPED: AggregateQuery = { ...COUNT, groupBy: 'channel' };
    const { adapter, calls } = stub(({ init }) => {
      const { queries } = JSON.parse(init.body as string) as { queries: AggregateQuery[] };
      return json({ results: queries.map((q) => ({ rows: [{ ...ROW, key: q.groupBy ? 'call' : '', count: q.kind === 'deal' ? 2 : 3 }] })) });
    });
    const [a, b] = await Promise.all([adapter.aggregate([SUM, COUNT]), adapter.aggregate([COUNT, GROUPED, SUM])]);
    expect(calls).to.have.length(1);
    expect((JSON.parse(calls[0]!.init.body as string) as { queries: unknown[] }).queries).to.deep.equal([SUM, COUNT, GROUPED]);
    expect(a.map((r) => r.rows[0]!.count)).to.deep.equal([2, 3]);
    expect(b.map((r) => r.rows[0]!.key)).to.deep.equal(['', 'call', '']);
    await adapter.aggregate([COUNT]);
    expect(calls, 'a later call is a new request').to.have.length(2);
  });

  it('more than 500 queries are split into several requests, answered in order', async () => {
    const { adapter, calls } = stub(({ init }) => {
      const { queries } = JSON.parse(init.body as string) as { queries: AggregateQuery[] };
      return json({ results: queries.map((q) => ({ rows: [{ ...ROW, count: Number(q.filter.client.id) }] })) });
    });
    const many = Array.from({ length: 1201 }, (_, i): AggregateQuery => ({ ...COUNT, filter: { client: { type: 'contact', id: String(i) } } }));
    const results = await adapter.aggregate(many);
    expect(calls.map((c) => (JSON.parse(c.init.body as string) as { queries: unknown[] }).queries.length)).to.deep.equal([500, 500, 201]);
    expect(results.map((r) => r.rows[0]!.count)).to.deep.equal(many.map((_, i) => i));
  });

  it('a shared request is cancelled only when every caller has aborted', async () => {
    const { adapter, calls } = stub(() => new Promise<Response>(() => {}));
    const one = new AbortController();
    const two = new AbortController();
    const p1 = adapter.aggregate([COUNT], one.signal);
    const p2 = adapter.aggregate([SUM], two.signal);
    const r1 = adapter.records(DEALS, one.signal);
    const r2 = adapter.records(DEALS, two.signal);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.map((c) => c.url.pathname)).to.deep.equal(['/api/v1/records', '/api/v1/aggregate']);
    one.abort();
    expect((await failure(p1)).kind).to.equal('aborted');
    expect((await failure(r1)).kind).to.equal('aborted');
    expect(calls.map((c) => c.init.signal!.aborted), 'the other caller still waits').to.deep.equal([false, false]);
    two.abort();
    expect((await failure(p2)).kind).to.equal('aborted');
    expect((await failure(r2)).kind).to.equal('aborted');
    expect(calls.map((c) => c.init.signal!.aborted)).to.deep.equal([true, true]);
    // A new caller after that gets a new request, not the cancelled one.
    void adapter.records(DEALS).catch(() => {});
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).to.have.length(3);
    expect(calls[2]!.init.signal!.aborted).to.equal(false);
  });

  it('an aggregate call aborted before its batch leaves is not sent', async () => {
    const { adapter, calls } = stub(() => json({ results: [{ rows: [ROW] }] }));
    const ctl = new AbortController();
    const p = adapter.aggregate([SUM], ctl.signal);
    const q = adapter.aggregate([COUNT]);
    ctl.abort();
    expect((await failure(p)).kind).to.equal('aborted');
    expect((await q)[0]!.rows[0]!.count).to.equal(1);
    expect((JSON.parse(calls[0]!.init.body as string) as { queries: unknown[] }).queries).to.deep.equal([COUNT]);
  });

  it('a failed reference read is not kept', async () => {
    let n = 0;
    const { adapter } = stub(() => (n++ === 0 ? json({ error: { code: 'internal', message: 'boom' } }, 500) : json(REFERENCE)));
    expect((await failure(adapter.referenceData())).kind).to.equal('network');
    expect((await adapter.referenceData()).baseCurrency).to.equal('EUR');
  });

  it('refuses a base URL that is not http(s), or that holds credentials, without quoting it', () => {
    for (const baseUrl of ['', 'ftp://files.example.com/api', 'https://user:s3cr3t-pass@crm.example.com/api', 'http://[bad']) {
      let error: unknown;
      try {
        new RestAdapter({ baseUrl });
      } catch (e) {
        error = e;
      }
      expect(error, baseUrl).to.be.instanceOf(AdapterError);
      expect((error as AdapterError).field).to.equal('baseUrl');
      expect((error as AdapterError).message).not.to.include('s3cr3t');
    }
  });
});

interface BadCase {
  readonly name: string;
  readonly call: (a: RestAdapter) => Promise<unknown>;
  readonly answer: () => Response;
  readonly kind: AdapterErrorKind;
  readonly message: RegExp;
  readonly field?: string;
}

const records = (a: RestAdapter) => a.records(DEALS);
const recordsOf = (items: unknown[], total = items.length) => () => json({ items, total });

const BAD: readonly BadCase[] = [
  // missing fields and wrong types
  { name: 'missing createdAt', call: records, answer: recordsOf([{ ...DEAL, createdAt: undefined }]), kind: 'invalid-data',
    message: /^POST \/records items\[0\]\.createdAt: missing \(expected epoch milliseconds \(an integer\)\)/, field: 'items[0].createdAt' },
  { name: 'an ISO date instead of epoch ms', call: records, answer: recordsOf([DEAL, DEAL, DEAL, { ...DEAL, createdAt: '2026-03-01T10:00:00Z' }]), kind: 'invalid-data',
    message: /^POST \/records items\[3\]\.createdAt: expected epoch milliseconds \(an integer\), got a string/, field: 'items[3].createdAt' },
  { name: 'epoch seconds as a fraction', call: records, answer: recordsOf([{ ...DEAL, closedAt: 1.5 }]), kind: 'invalid-data',
    message: /items\[0\]\.closedAt: expected epoch milliseconds \(an integer\), got a fraction/, field: 'items[0].closedAt' },
  { name: 'a wrong semantic', call: records, answer: recordsOf([{ ...DEAL, semantic: 'paid' }]), kind: 'invalid-data',
    message: /items\[0\]\.semantic: expected one of "open", "won", "lost"/, field: 'items[0].semantic' },
  { name: 'a numeric id', call: records, answer: recordsOf([{ ...DEAL, id: 7 }]), kind: 'invalid-data',
    message: /items\[0\]\.id: expected a string, got a number/, field: 'items[0].id' },
  { name: 'items not a list', call: records, answer: () => json({ items: {}, total: 0 }), kind: 'invalid-data',
    message: /^POST \/records items: expected an array, got an object/, field: 'items' },
  { name: 'no total', call: records, answer: () => json({ items: [] }), kind: 'invalid-data',
    message: /total: missing \(expected a non-negative integer\)/, field: 'total' },
  { name: 'a total below the records', call: records, answer: recordsOf([DEAL, DEAL], 1), kind: 'invalid-data',
    message: /total: expected at least 2/, field: 'total' },
  { name: 'more records than the page limit', call: (a) => a.records({ ...DEALS, page: { offset: 0, limit: 1 } }), answer: recordsOf([DEAL, DEAL]), kind: 'invalid-data',
    message: /items: expected at most 1 records/, field: 'items' },
  { name: 'an unknown channel', call: (a) => a.records({ ...DEALS, kind: 'activity' }), answer: recordsOf([{ ...ACTIVITY, channel: 'fax' }]), kind: 'invalid-data',
    message: /items\[0\]\.channel: expected one of "call", "email"/, field: 'items[0].channel' },
  { name: 'dealIds of numbers', call: (a) => a.records({ ...DEALS, kind: 'activity' }), answer: recordsOf([{ ...ACTIVITY, dealIds: [1] }]), kind: 'invalid-data',
    message: /items\[0\]\.dealIds\[0\]: expected a string, got a number/, field: 'items[0].dealIds[0]' },
  // money
  { name: 'a fractional minor amount', call: records, answer: recordsOf([{ ...DEAL, amount: { minor: 12.5, currency: 'EUR' } }]), kind: 'invalid-data',
    message: /items\[0\]\.amount\.minor: expected an integer number of minor units, got a fraction/, field: 'items[0].amount.minor' },
  { name: 'a lower-case currency', call: records, answer: recordsOf([{ ...DEAL, amount: { minor: 1250, currency: 'eur' } }]), kind: 'invalid-data',
    message: /items\[0\]\.amount\.currency: expected an upper-case ISO 4217 currency code/, field: 'items[0].amount.currency' },
  { name: 'an unknown currency', call: records, answer: recordsOf([{ ...DEAL, amount: { minor: 1250, currency: 'XYZ' } }]), kind: 'invalid-data',
    message: /items\[0\]\.amount\.currency: expected an upper-case ISO 4217 currency code/, field: 'items[0].amount.currency' },
  { name: 'a decimal string amount', call: records, answer: recordsOf([{ ...DEAL, amount: '19.99' }]), kind: 'invalid-data',
    message: /items\[0\]\.amount: expected \{minor, currency\} or null, got a string/, field: 'items[0].amount' },
  { name: 'no amount field at all', call: records, answer: recordsOf([{ ...DEAL, amount: undefined }]), kind: 'invalid-data',
    message: /items\[0\]\.amount: missing \(expected \{minor, currency\} or null\)/, field: 'items[0].amount' },
  // other endpoints
  { name: 'another client than asked', call: (a) => a.getClient(C1), answer: () => json({ type: 'contact', id: '2', name: 'X' }), kind: 'invalid-data',
    message: /^GET \/clients\/\{type\}\/\{id\} id: expected "1"/, field: 'id' },
  { name: 'a client without a name', call: (a) => a.getClient(C1), answer: () => json({ type: 'contact', id: '1' }), kind: 'invalid-data',
    message: /name: missing/, field: 'name' },
  { name: 'fewer aggregate results than queries', call: (a) => a.aggregate([COUNT, SUM]), answer: () => json({ results: [{ rows: [ROW] }] }), kind: 'invalid-data',
    message: /^POST \/aggregate results: expected 2 results \(one per query\), got 1/, field: 'results' },
  { name: 'two rows for an ungrouped query', call: (a) => a.aggregate([COUNT]), answer: () => json({ results: [{ rows: [ROW, ROW] }] }), kind: 'invalid-data',
    message: /results\[0\]\.rows: expected exactly one row with key ""/, field: 'results[0].rows' },
  { name: 'a decimal sum', call: (a) => a.aggregate([SUM]), answer: () => json({ results: [{ rows: [{ ...ROW, amounts: { EUR: 10.5 } }] }] }), kind: 'invalid-data',
    message: /results\[0\]\.rows\[0\]\.amounts\.EUR: expected an integer number of minor units/, field: 'results[0].rows[0].amounts.EUR' },
  { name: 'a negative count', call: (a) => a.aggregate([COUNT]), answer: () => json({ results: [{ rows: [{ ...ROW, count: -1 }] }] }), kind: 'invalid-data',
    message: /results\[0\]\.rows\[0\]\.count: expected an integer from 0/, field: 'results[0].rows[0].count' },
  { name: 'a rate as a number', call: (a) => a.referenceData(), answer: () => json({ ...REFERENCE, rates: { base: 'EUR', rates: { USD: 0.92 } } }), kind: 'invalid-data',
    message: /^GET \/reference rates\.rates\.USD: expected a positive decimal string/, field: 'rates.rates.USD' },
  { name: 'a deal stage that is "paid"', call: (a) => a.referenceData(), answer: () => json({ ...REFERENCE, stages: [{ id: 'S', kind: 'deal', name: 'S', semantic: 'paid' }] }), kind: 'invalid-data',
    message: /stages\[0\]\.semantic: expected one of "open", "won", "lost"/, field: 'stages[0].semantic' },
  { name: 'a layout answer without layout', call: (a) => a.loadLayout!('k'), answer: () => json({}), kind: 'invalid-data',
    message: /^GET \/layouts\/\{key\} layout: missing/, field: 'layout' },
  // bodies that are not JSON
  { name: 'an HTML page with 200', call: records, answer: () => new Response('<!doctype html><p>Login</p>', { status: 200, headers: { 'Content-Type': 'text/html' } }), kind: 'invalid-data',
    message: /^POST \/records \(body\): expected a JSON body, got text that is not JSON \(text\/html\)/, field: '(body)' },
  { name: 'an empty 200', call: records, answer: () => new Response('', { status: 200 }), kind: 'invalid-data',
    message: /\(body\): expected a JSON body, got an empty body/, field: '(body)' },
  // HTTP errors
  { name: '500 with the envelope', call: records, answer: () => json({ error: { code: 'internal', message: 'The database is down' } }, 500), kind: 'network',
    message: /answered POST \/records with HTTP 500: The database is down\. Try again later\./ },
  { name: '502 with an HTML page', call: records, answer: () => new Response('<html>Bad gateway</html>', { status: 502 }), kind: 'network',
    message: /HTTP 502 \(server error\)/ },
  { name: '429 with Retry-After', call: records, answer: () => json({ error: { code: 'rate-limited', message: 'Slow down' } }, 429, { 'Retry-After': '7' }), kind: 'rate-limit',
    message: /HTTP 429 \(too many requests\): Slow down\. Try again in 7 s\./ },
  { name: '400 with a field', call: records, answer: () => json({ error: { code: 'invalid-request', message: 'filter.stages: unknown stage', field: 'filter.stages' } }, 400), kind: 'invalid-data',
    message: /HTTP 400 \(field filter\.stages\): filter\.stages: unknown stage/, field: 'filter.stages' },
  { name: '401', call: records, answer: () => json({ error: { code: 'unauthorized', message: 'Session expired' } }, 401), kind: 'auth',
    message: /HTTP 401: Session expired\. Sign in again or check the token\./ },
  { name: '403', call: records, answer: () => json({ error: { code: 'forbidden', message: 'Not your client' } }, 403), kind: 'auth',
    message: /HTTP 403: Not your client\. This account may not read this data\./ },
  { name: '404 with the envelope', call: (a) => a.getClient(C1), answer: () => json({ error: { code: 'not-found', message: 'There is no contact with id 1.' } }, 404), kind: 'not-found',
    message: /^There is no contact with id 1\. \(REST API crm\.example\.com\)$/ },
];

describe('RestAdapter: answers that break the contract (stubbed fetch)', () => {
  for (const c of BAD) {
    it(`${c.name} → ${c.kind}${c.field ? ` naming ${c.field}` : ''}`, async () => {
      const { adapter } = stub(c.answer, { token: 'tok-SECRET-42', layouts: true });
      const e = await failure(c.call(adapter));
      expect(e.kind, e.message).to.equal(c.kind);
      expect(e.message).to.match(c.message);
      if (c.field) expect(e.field).to.equal(c.field);
      expect(e.message).not.to.include('tok-SECRET-42');
    });
  }

  it('429: retryAfterMs from seconds or an HTTP date', async () => {
    const e = await failure(stub(() => json({}, 429, { 'Retry-After': '7' })).adapter.records(DEALS));
    expect(e.retryAfterMs).to.equal(7000);
    expect(e.retryable).to.equal(true);
    const none = await failure(stub(() => json({}, 429)).adapter.records(DEALS));
    expect(none.retryAfterMs).to.equal(undefined);
    expect(none.message).to.match(/Try again in a moment/);
    expect(retryAfterMs('Thu, 26 Nov 2026 12:00:30 GMT', Date.UTC(2026, 10, 26, 12))).to.equal(30_000);
    expect(retryAfterMs('soon')).to.equal(undefined);
  });

  it('a fetch that fails (offline, CORS refused) is a network error that says what to check', async () => {
    const e = await failure(stub(() => Promise.reject(new TypeError('Failed to fetch'))).adapter.getClient(C1));
    expect(e.kind).to.equal('network');
    expect(e.message).to.equal('The REST API (crm.example.com) could not be reached for GET /clients/{type}/{id}: Failed to fetch. Check the connection, the URL and the server\'s CORS headers.');
  });

  it('the token never appears in a message, even when the server or the network echoes it', async () => {
    const token = 'tok-0123456789-secret';
    const echo = ({ init }: Call) => json({ error: { code: 'internal', message: `bad header ${(init.headers as Record<string, string>)['Authorization']}`, field: token } }, 500);
    const errors = [
      await failure(stub(echo, { token }).adapter.records(DEALS)),
      await failure(stub(echo, { token: async () => token }).adapter.getClient(C1)),
      await failure(stub(() => Promise.reject(new TypeError(`refused ${token}`)), { token }).adapter.records(DEALS)),
      await failure(stub(() => json({ error: { code: 'x', message: `you sent ${token}` } }, 401), { token }).adapter.records(DEALS)),
      await failure(stub(() => json({ error: { code: 'x', message: `no client for ${token}` } }, 404), { token }).adapter.getClient(C1)),
      await failure(stub(() => json({ error: { code: 'x', message: `bad key ${token}` } }, 403), { headers: { 'X-Api-Key': token } }).adapter.getClient(C1)),
    ];
    for (const e of errors) {
      expect(e.message, e.message).not.to.include(token);
      expect(String(e)).not.to.include(token);
    }
    expect(errors[0]!.message).to.include('Bearer [token]');
  });
});

describe('RestAdapter: abort and timeout (stubbed fetch)', () => {
  /** A fetch that never answers and ignores its signal (the adapter must not wait for it). */
  const never = () => new Promise<Response>(() => {});

  it('an already aborted signal fails at once, without a request', async () => {
    const { adapter, calls } = stub(never);
    const ctl = new AbortController();
    ctl.abort();
    expect((await failure(adapter.records(DEALS, ctl.signal))).kind).to.equal('aborted');
    expect(calls).to.have.length(0);
  });

  it('aborting while waiting fails with aborted, even if fetch ignores the signal, and passes the signal on', async () => {
    const { adapter, calls } = stub(never);
    const ctl = new AbortController();
    const p = adapter.getClient(C1, ctl.signal);
    await new Promise((r) => setTimeout(r, 10));
    ctl.abort();
    const e = await failure(p);
    expect(e.kind).to.equal('aborted');
    expect(e.message).to.equal('The request was cancelled.');
    expect(calls[0]!.init.signal!.aborted, 'the fetch signal is aborted too').to.equal(true);
  });

  it('aborting referenceData leaves the shared read running for others', async () => {
    let release!: () => void;
    const { adapter } = stub(() => new Promise<Response>((r) => (release = () => r(json(REFERENCE)))));
    const ctl = new AbortController();
    const first = adapter.referenceData(ctl.signal);
    const second = adapter.referenceData();
    ctl.abort();
    expect((await failure(first)).kind).to.equal('aborted');
    release();
    expect((await second).baseCurrency).to.equal('EUR');
  });

  it('no answer within timeoutMs is a timeout naming the request', async () => {
    const { adapter } = stub(never, { timeoutMs: 40 });
    const e = await failure(adapter.records(DEALS));
    expect(e.kind).to.equal('timeout');
    expect(e.retryable).to.equal(true);
    expect(e.message).to.match(/^The REST API \(crm\.example\.com\) did not answer POST \/records within 0\.\d s; try again later\.$/);
  });

  it('timeoutMs 0 waits as long as it takes', async () => {
    const slow = () => new Promise<Response>((r) => setTimeout(() => r(json(REFERENCE)), 30));
    expect((await stub(slow, { timeoutMs: 0 }).adapter.referenceData()).baseCurrency).to.equal('EUR');
  });

  it('a body that stalls times out too', async () => {
    const stalled = () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"items":')) }), { status: 200 });
    const e = await failure(stub(stalled, { timeoutMs: 40 }).adapter.records(DEALS));
    expect(e.kind).to.equal('timeout');
  });

  it('a slow token function counts against the timeout', async () => {
    const { adapter, calls } = stub(() => json(REFERENCE), { timeoutMs: 40, token: () => new Promise<string>(() => {}) });
    expect((await failure(adapter.referenceData())).kind).to.equal('timeout');
    expect(calls).to.have.length(0);
  });
});

// ─── README.md ("Write an adapter") ────────────────────────────────────────────────────────────────────

/**
 * Runs the n-th ```js block of README.md ("Write an adapter") as an ES module: `crm-profile-widgets` is
 * this repository's src/index.ts (plus RestAdapter), and its top-level constants are exported.
 */
async function runDocExample(n: number, replace: readonly [string, string][] = []): Promise<Record<string, unknown>> {
  const readme = await (await fetch('/README.md')).text();
  // The README's "Write an adapter" section, up to the next section.
  const md = readme.slice(readme.indexOf('## Write an adapter'), readme.indexOf('\n## ', readme.indexOf('## Write an adapter') + 3));
  expect(md.length, 'the README has a "Write an adapter" section').to.be.greaterThan(100);
  const blocks = [...md.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
  let code = blocks[n]!;
  expect(code, `js block ${n}`).to.be.a('string');
  for (const [from, to] of replace) {
    expect(code).to.include(from);
    code = code.split(from).join(to);
  }
  const shim = `export * from '${location.origin}/src/index.ts';\nexport { RestAdapter } from '${location.origin}/src/adapters/rest/rest-adapter.ts';\n`;
  const shimUrl = URL.createObjectURL(new Blob([shim], { type: 'text/javascript' }));
  code = code.replace(/from 'crm-profile-widgets'/g, `from '${shimUrl}'`);
  const names = [...code.matchAll(/^const (\w+) =/gm)].map((m) => m[1]!);
  code += `\nexport { ${names.join(', ')} };\n`;
  return (await import(/* @vite-ignore */ URL.createObjectURL(new Blob([code], { type: 'text/javascript' })))) as Record<string, unknown>;
}

describe('README.md ("Write an adapter"): the examples run as written', () => {
  it('the hand-written adapter gives the numbers its comments promise', async () => {
    const m = await runDocExample(0);
    const values = m['values'] as Record<MetricId, { value: unknown }>;
    expect(values['won-value'].value).to.equal(1250000);
    expect(values.conversion.value).to.equal(50);
    const adapter = m['myAdapter'] as { getClient: (r: ClientRef) => Promise<unknown> };
    const e = await adapter.getClient({ type: 'contact', id: '8' }).catch((x: unknown) => x);
    expect((e as Error).message).to.equal('There is no contact with id 8.');
  });

  it('the RestAdapter example with a bearer token feeds a <crm-profile>', async () => {
    sessionStorage.setItem('crm-token', TOKEN);
    try {
      const p = await fixture<CrmProfile>(html`<crm-profile entity-type="contact" entity-id="1" locale="en" time-zone="UTC"></crm-profile>`);
      const m = await runDocExample(1, [["'https://crm.example.com/api'", `'${API_AUTH}'`]]);
      expect(m['adapter']).to.be.instanceOf(RestAdapter);
      await waitUntil(() => p.shadowRoot!.querySelector('.client h2'), 'the profile did not load', { timeout: 10000 });
      expect(p.shadowRoot!.querySelector('.client h2')!.textContent!.trim()).to.equal('Julien Lefèvre');
    } finally {
      sessionStorage.removeItem('crm-token');
    }
  });
});
