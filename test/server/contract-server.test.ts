/**
 * ContractServer (server/rest/) — the REST contract over any CrmAdapter: request validation (400
 * naming the field), answers checked against the contract, error mapping, auth, CORS, layouts;
 * in-process through `handle` / `fetch` and over real HTTP (web-test-runner.config.mjs mounts it at
 * /api and, behind a token, at /api-auth). And docs/openapi.yaml against what the code does.
 */
import { expect } from '@open-wc/testing';
import { ContractServer, type ContractRequest, type ContractResponse } from '../../server/rest/contract-server.js';
import { RestAdapter } from '../../src/adapters/rest/rest-adapter.js';
import { MAX_AGGREGATE_QUERIES, MAX_PAGE_SIZE, parseRecord } from '../../src/adapters/rest/validate.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import { METRICS, type MetricId } from '../../src/core/metrics.js';
import { CHANNELS, type ClientRef, type RecordKind } from '../../src/core/model.js';
import { resolvePeriod } from '../../src/core/period.js';
import type { AggregateQuery, RecordQuery } from '../../src/core/query.js';
import { parseYaml } from './yaml-lite.js';
import { adapterFailure as failure } from '../adapters/adapter-failure.js';

const demo = new DemoAdapter({ seed: 1 });
const NOW = demo.now;
const ALL = Object.keys(METRICS) as MetricId[];
const C1: ClientRef = { type: 'contact', id: '1' };
const server = new ContractServer({ adapter: demo });

type Envelope = { error: { code: string; message: string; field?: string } };
const post = (path: string, body: unknown, s = server) => s.handle({ method: 'POST', path, body: typeof body === 'string' ? body : JSON.stringify(body) });
const get = (path: string, s = server, headers: ContractRequest['headers'] = {}) => s.handle({ method: 'GET', path, headers });
const errorOf = (r: ContractResponse) => (r.body as Envelope).error;

const ctxFor = (client: ClientRef, period: string) => ({
  client, period: resolvePeriod(period, NOW, 'Europe/Paris', 'fr'), now: NOW, locale: 'fr',
  currency: 'USD', ...(demo.data.reference.rates ? { rates: demo.data.reference.rates } : {}),
});

/** A RestAdapter talking to `s` in-process. */
const clientOf = (s: ContractServer, options: { token?: string } = {}) => new RestAdapter({ baseUrl: 'http://contract.test', fetch: s.fetch, ...options });

const RECORDS = { kind: 'deal', filter: { client: C1 }, page: { offset: 0, limit: 10 } };
const QUERY = { kind: 'activity', filter: { client: C1 }, measure: 'count' };

describe('ContractServer: requests are validated (400 naming the field)', () => {
  const cases: [string, string, unknown, string, RegExp][] = [
    ['no kind', '/records', { filter: { client: C1 }, page: { offset: 0, limit: 1 } }, 'kind', /missing/],
    ['an unknown filter field', '/records', { ...RECORDS, filter: { client: C1, channel: ['call'] } }, 'filter.channel', /unknown field/],
    ['a field the kind does not have', '/records', { ...RECORDS, filter: { client: C1, channels: ['call'] } }, 'filter.channels', /does not apply to deal records/],
    ['a date field the kind does not have', '/records', { ...RECORDS, filter: { client: C1, dates: [{ fields: ['paidAt'] }] } }, 'filter.dates', /"paidAt" does not apply to deal/],
    ['an ISO date bound', '/records', { ...RECORDS, filter: { client: C1, dates: [{ fields: ['createdAt'], from: '2026-01-01' }] } }, 'filter.dates[0].from', /expected epoch milliseconds \(an integer\), got a string/],
    ['no client', '/records', { ...RECORDS, filter: {} }, 'filter.client', /missing \(expected an object\)/],
    ['a client of an unknown type', '/records', { ...RECORDS, filter: { client: { type: 'lead', id: '1' } } }, 'filter.client.type', /expected one of "contact", "company"/],
    ['a page too large', '/records', { ...RECORDS, page: { offset: 0, limit: 1001 } }, 'page.limit', /from 1 to 1000/],
    ['a negative offset', '/records', { ...RECORDS, page: { offset: -1, limit: 1 } }, 'page.offset', /from 0/],
    ['an unknown sort field', '/records', { ...RECORDS, sort: { field: 'stage', direction: 'asc' } }, 'sort.field', /expected one of/],
    ['an unknown channel', '/records', { ...RECORDS, kind: 'activity', filter: { client: C1, channels: ['fax'] } }, 'filter.channels[0]', /expected one of "call"/],
    ['no queries', '/aggregate', {}, 'queries', /missing \(expected an array\)/],
    ['a grouping the kind does not have', '/aggregate', { queries: [QUERY, { ...QUERY, kind: 'deal', groupBy: 'channel' }] }, 'queries[1].groupBy', /Cannot group deal records by channel/],
    ['time buckets on a date field the kind does not have', '/aggregate', { queries: [{ ...QUERY, kind: 'invoice', groupBy: { by: 'bucket', field: 'closedAt', edges: [1, 2], keys: ['a'] } }] }, 'queries[0].groupBy', /Cannot bucket invoice records by "closedAt"/],
    ['bucket edges that do not fit the keys', '/aggregate', { queries: [{ ...QUERY, groupBy: { by: 'bucket', field: 'createdAt', edges: [1, 2], keys: ['a', 'b'] } }] }, 'queries[0].groupBy.edges', /expected 3 edges/],
    ['bucket edges out of order', '/aggregate', { queries: [{ ...QUERY, groupBy: { by: 'bucket', field: 'createdAt', edges: [1, 3, 2], keys: ['a', 'b'] } }] }, 'queries[0].groupBy.edges[2]', /increasing/],
    ['an unknown measure', '/aggregate', { queries: [{ ...QUERY, measure: 'avg' }] }, 'queries[0].measure', /"count", "sum"/],
    ['too many queries', '/aggregate', { queries: Array.from({ length: MAX_AGGREGATE_QUERIES + 1 }, () => QUERY) }, 'queries', /at most 500/],
    ['a body that is not JSON', '/records', '{kind: deal', '(body)', /expected a JSON body/],
    ['an empty body', '/aggregate', '', '(body)', /expected a JSON body/],
  ];
  for (const [name, path, body, field, message] of cases) {
    it(`${name} → ${field}`, async () => {
      const r = await post(path, body);
      expect(r.status).to.equal(400);
      expect(errorOf(r).code).to.equal('invalid-request');
      expect(errorOf(r).field).to.equal(field);
      expect(errorOf(r).message).to.match(message).and.satisfy((m: string) => m.startsWith(`${field}: `));
    });
  }

  it('path parameters: client type, and layout bodies', async () => {
    const bad = await get('/clients/person/1');
    expect([bad.status, errorOf(bad).field]).to.deep.equal([400, 'type']);
    const put = await server.handle({ method: 'PUT', path: '/layouts/k', body: '{"items":[]}' });
    expect([put.status, errorOf(put).field]).to.deep.equal([400, 'items']);
    const missing = await server.handle({ method: 'PUT', path: '/layouts/k', body: '{}' });
    expect([missing.status, errorOf(missing).field]).to.deep.equal([400, 'layout']);
  });

  it('unknown paths are 404 and wrong methods 405 with Allow, in the envelope', async () => {
    const none = await get('/deals');
    expect([none.status, errorOf(none).code]).to.deep.equal([404, 'not-found']);
    const wrong = await get('/records');
    expect([wrong.status, errorOf(wrong).code, wrong.headers['Allow']]).to.deep.equal([405, 'method-not-allowed', 'POST, OPTIONS']);
    const client = await get('/clients/contact/99999');
    expect(client.status).to.equal(404);
    expect(errorOf(client).message).to.equal('There is no contact with id "99999" in the demo data.');
  });
});

describe('ContractServer: answers', () => {
  it('sends only the contract\'s fields (not the demo data\'s client bindings), validated', async () => {
    const r = await post('/records', { ...RECORDS, kind: 'activity', page: { offset: 0, limit: 1000 } });
    expect(r.status).to.equal(200);
    const { items, total } = r.body as { items: Record<string, unknown>[]; total: number };
    expect(total).to.equal((await demo.records({ kind: 'activity', filter: { client: C1 }, page: { offset: 0, limit: 1 } })).total);
    expect(items.some((i) => 'contactIds' in i || 'companyIds' in i)).to.equal(false);
    expect(r.headers['Content-Type']).to.equal('application/json; charset=utf-8');
    expect(r.headers['Cache-Control']).to.equal('no-store');
  });

  it('GET /reference adds the instant a fixed dataset is as of', async () => {
    const r = await get('/reference');
    expect(r.body).to.deep.equal({ ...demo.data.reference, now: NOW });
  });

  it('pages of up to 1000 over a source that pages by 50', async () => {
    const small = new ContractServer({ adapter: new DemoAdapter({ seed: 1 }, { maxPageSize: 50 }) });
    const rest = clientOf(small);
    for (const kind of ['activity', 'deal'] as RecordKind[]) {
      for (const page of [{ offset: 0, limit: 1000 }, { offset: 37, limit: 120 }]) {
        const q = { kind, filter: { client: C1 }, sort: { field: 'createdAt', direction: 'desc' }, page } as RecordQuery;
        const [got, want] = await Promise.all([rest.records(q), demo.records(q)]);
        expect(got.total).to.equal(want.total);
        expect(got.items.map((r) => r.id), `${kind} ${page.offset}`).to.deep.equal(want.items.map((r) => r.id));
      }
    }
  });

  it('over a source with records only (no aggregate): every metric equals the demo source\'s', async () => {
    const recordsOnly: CrmAdapter = {
      label: 'records only', maxPageSize: 200,
      getClient: (ref, signal) => demo.getClient(ref, signal),
      records: (q, signal) => demo.records(q, signal),
      referenceData: (signal) => demo.referenceData(signal),
    };
    const rest = clientOf(new ContractServer({ adapter: recordsOnly }));
    for (const [client, period] of [[C1, 'all-time'], [{ type: 'company', id: '1' } as ClientRef, 'current-year']] as const) {
      const ctx = ctxFor(client, period);
      const [got, want] = await Promise.all([evaluateMetrics(rest, ctx, ALL), evaluateMetrics(demo, ctx, ALL)]);
      for (const id of ALL) expect(got[id], `${client.type} ${client.id} ${id}`).to.deep.equal(want[id]);
    }
  });

  it('a source that gives malformed data: 502 naming the field, never a malformed answer', async () => {
    const broken: CrmAdapter = {
      label: 'broken',
      getClient: async (ref) => ({ ...(await demo.getClient(ref)), emails: 'a@b.example' as unknown as string[] }),
      records: async (q) => {
        const page = await demo.records(q);
        return { ...page, items: page.items.map((r, i) => (i === 2 ? { ...r, createdAt: new Date(r.createdAt).toISOString() } : r)) } as typeof page;
      },
    };
    const s = new ContractServer({ adapter: broken });
    const r = await post('/records', RECORDS, s);
    expect(r.status).to.equal(502);
    expect(errorOf(r)).to.deep.equal({
      code: 'upstream-invalid-data', field: 'items[2].createdAt',
      message: 'The data source gave an invalid record page: items[2].createdAt: expected epoch milliseconds (an integer), got a string',
    });
    const e = await failure(clientOf(s).getClient(C1));
    expect(e.kind).to.equal('network');
    expect(e.message).to.include('emails: expected an array, got a string');
    const ref = await get('/reference', s);
    expect([ref.status, errorOf(ref).code]).to.deep.equal([501, 'not-implemented']);
  });

  it('maps the source\'s failures: rate limit → 429 Retry-After, auth → 502, anything else → 500 saying nothing more', async () => {
    let failWith: unknown;
    const failing: CrmAdapter = {
      label: 'failing',
      getClient: async () => { throw failWith; },
      records: async () => { throw failWith; },
    };
    const s = new ContractServer({ adapter: failing });
    failWith = new AdapterError('rate-limit', 'Slow down.', { retryAfterMs: 2500 });
    const limited = await get('/clients/contact/1', s);
    expect([limited.status, limited.headers['Retry-After'], errorOf(limited).code]).to.deep.equal([429, '3', 'rate-limited']);
    const e = await failure(clientOf(s).getClient(C1));
    expect([e.kind, e.retryAfterMs]).to.deep.equal(['rate-limit', 3000]);
    failWith = new AdapterError('auth', 'The webhook https://portal.example/rest/1/s3cret/ was refused');
    const auth = await get('/clients/contact/1', s);
    expect([auth.status, errorOf(auth).code]).to.deep.equal([502, 'upstream-auth']);
    expect(errorOf(auth).message).not.to.include('s3cret');
    failWith = new AdapterError('timeout', 'The source did not answer.');
    expect((await get('/clients/contact/1', s)).status).to.equal(504);
    failWith = new Error('connect ECONNREFUSED postgres://admin:hunter2@db');
    const internal = await post('/records', RECORDS, s);
    expect([internal.status, errorOf(internal)]).to.deep.equal([500, { code: 'internal', message: 'Internal server error.' }]);
  });

  it('a source that fails for one record kind: those queries answer { error }, the others their rows; every kind failing is a whole failure (502)', async () => {
    let down: string[] = ['activity'];
    const partly: CrmAdapter = {
      label: 'partly down',
      getClient: (ref, signal) => demo.getClient(ref, signal),
      records: (q, signal) => demo.records(q, signal),
      aggregate: async (qs, signal) => {
        if (qs.some((q) => down.includes(q.kind))) throw new AdapterError('network', 'The activity store is down');
        return demo.aggregate(qs, signal);
      },
    };
    const s = new ContractServer({ adapter: partly });
    const DEALS_SUM: AggregateQuery = { kind: 'deal', filter: { client: C1 }, measure: 'sum' };
    const ACTS: AggregateQuery = { kind: 'activity', filter: { client: C1 }, measure: 'count' };
    const res = await post('/aggregate', { queries: [DEALS_SUM, ACTS, DEALS_SUM] }, s);
    expect(res.status).to.equal(200);
    const { results } = res.body as { results: { rows?: unknown[]; error?: { code: string; message: string } }[] };
    expect(results[0]).to.deep.equal((await demo.aggregate([DEALS_SUM]))[0]);
    expect(results[1]).to.deep.equal({ error: { code: 'upstream-unavailable', message: 'The activity store is down' } });
    expect(results[2]).to.deep.equal(results[0]);
    // Through the client: only the calls that asked an activity query fail.
    const client = clientOf(s);
    const [deals, acts] = await Promise.allSettled([client.aggregate([DEALS_SUM]), client.aggregate([ACTS, DEALS_SUM])]);
    expect(deals.status).to.equal('fulfilled');
    expect(acts.status).to.equal('rejected');
    const e = (acts as PromiseRejectedResult).reason as AdapterError;
    expect([e.kind, e.retryable]).to.deep.equal(['network', true]);
    expect(e.message).to.match(/could not answer part of POST \/aggregate: The activity store is down. Try again later\./);
    down = ['activity', 'deal'];
    expect((await post('/aggregate', { queries: [DEALS_SUM, ACTS] }, s)).status).to.equal(502);
  });

  it('layouts: in memory by default, through the source when it keeps them; too large → 413', async () => {
    const s = new ContractServer({ adapter: new DemoAdapter({ seed: 1 }) });
    expect((await get('/layouts/a%2Fb', s)).body).to.deep.equal({ layout: null });
    expect((await s.handle({ method: 'PUT', path: '/layouts/a%2Fb', body: { layout: { items: [1] } } })).status).to.equal(204);
    expect((await get('/layouts/a%2Fb', s)).body).to.deep.equal({ layout: { items: [1] } });
    const keeping = new DemoAdapter({ seed: 1 }, { layouts: true });
    const k = new ContractServer({ adapter: keeping });
    await k.handle({ method: 'PUT', path: '/layouts/x', body: { layout: ['kept'] } });
    expect(await keeping.loadLayout!('x')).to.deep.equal(['kept']);
    const big = await s.handle({ method: 'PUT', path: '/layouts/x', body: { layout: 'x'.repeat(200_001) } });
    expect([big.status, errorOf(big).field]).to.deep.equal([413, 'layout']);
  });

  it('fetch strips basePath and answers like handle', async () => {
    const s = new ContractServer({ adapter: demo, basePath: '/api/v2/' });
    const res = await s.fetch('https://x.example/api/v2/clients/contact/1');
    expect(res.status).to.equal(200);
    expect(((await res.json()) as { name: string }).name).to.equal('Julien Lefèvre');
    const rest = new RestAdapter({ baseUrl: 'https://x.example/api/v2', fetch: s.fetch });
    expect((await rest.records({ kind: 'deal', filter: { client: C1 }, page: { offset: 0, limit: 3 } })).items).to.have.length(3);
  });
});

describe('ContractServer: auth and CORS', () => {
  const secured = new ContractServer({ adapter: demo, token: 'server-token-1' });

  it('a token is required when configured: 401 with WWW-Authenticate, invalid_token when wrong', async () => {
    const none = await get('/reference', secured);
    expect([none.status, errorOf(none).code]).to.deep.equal([401, 'unauthorized']);
    expect(none.headers['WWW-Authenticate']).to.equal('Bearer realm="crm-profile"');
    const wrong = await get('/reference', secured, { Authorization: 'Bearer server-token-2' });
    expect(wrong.status).to.equal(401);
    expect(wrong.headers['WWW-Authenticate']).to.include('error="invalid_token"');
    expect(JSON.stringify(wrong.body)).not.to.include('server-token');
    const basic = await get('/reference', secured, { authorization: 'Basic c2VydmVyLXRva2VuLTE=' });
    expect(basic.status).to.equal(401);
    expect((await get('/reference', secured, { authorization: 'bearer server-token-1' })).status).to.equal(200);
  });

  it('preflights are answered without credentials: methods, headers, max age', async () => {
    const r = await secured.handle({ method: 'OPTIONS', path: '/records', headers: { Origin: 'https://shop.example', 'Access-Control-Request-Headers': 'authorization, content-type' } });
    expect(r.status).to.equal(204);
    expect(r.body).to.equal(undefined);
    expect(r.headers).to.include({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
      'Access-Control-Max-Age': '600',
    });
  });

  it('every answer, errors included, allows the origin and exposes Retry-After', async () => {
    for (const r of [await get('/reference'), await get('/reference', secured), await post('/records', {})]) {
      expect(r.headers['Access-Control-Allow-Origin']).to.equal('*');
      expect(r.headers['Access-Control-Expose-Headers']).to.include('Retry-After');
    }
  });

  it('with an origin list (cookies): echoes an allowed origin with credentials, nothing for others', async () => {
    const s = new ContractServer({ adapter: demo, origins: ['https://shop.example'], allowHeaders: ['X-Tenant'] });
    const ok = await s.handle({ method: 'OPTIONS', path: '/aggregate', headers: { origin: 'https://shop.example' } });
    expect(ok.headers).to.include({
      'Access-Control-Allow-Origin': 'https://shop.example', 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, X-Tenant',
    });
    const other = await s.handle({ method: 'GET', path: '/reference', headers: { origin: 'https://evil.example' } });
    expect(other.headers['Access-Control-Allow-Origin']).to.equal(undefined);
    expect(other.headers['Vary']).to.equal('Origin');
  });
});

describe('ContractServer over HTTP (node glue mounted by web-test-runner)', () => {
  it('answers a CORS preflight at /api', async () => {
    const res = await fetch('/api/records', { method: 'OPTIONS' });
    expect(res.status).to.equal(204);
    expect(res.headers.get('access-control-allow-methods')).to.equal('GET, POST, PUT, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).to.include('Authorization');
  });

  it('a bad request is a JSON envelope naming the field', async () => {
    const res = await fetch('/api/aggregate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"queries":[{"kind":"deal"}]}' });
    expect(res.status).to.equal(400);
    expect(res.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(((await res.json()) as Envelope).error.field).to.equal('queries[0].filter');
  });

  it('/api-auth refuses a request without the token (401, WWW-Authenticate) and answers with it', async () => {
    const none = await fetch('/api-auth/reference');
    expect(none.status).to.equal(401);
    expect(none.headers.get('www-authenticate')).to.equal('Bearer realm="crm-profile"');
    const ok = await fetch('/api-auth/reference', { headers: { Authorization: 'Bearer wtr-rest-token' } });
    expect(ok.status).to.equal(200);
  });

  it('a layout round trip, and 405 for a wrong method', async () => {
    const key = encodeURIComponent(`http-test ${Math.random()}`);
    const put = await fetch(`/api/layouts/${key}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"layout":{"v":1}}' });
    expect(put.status).to.equal(204);
    expect(await (await fetch(`/api/layouts/${key}`)).json()).to.deep.equal({ layout: { v: 1 } });
    const wrong = await fetch('/api/reference', { method: 'POST', body: '{}' });
    expect([wrong.status, wrong.headers.get('allow')]).to.deep.equal([405, 'GET, OPTIONS']);
  });
});

// ─── docs/openapi.yaml ───────────────────────────────────────────────────────────────────────────

type Spec = {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown>; enum?: string[] } & Record<string, unknown>> };
};

describe('docs/openapi.yaml', () => {
  let spec: Spec;
  before(async () => {
    spec = parseYaml(await (await fetch('/docs/openapi.yaml')).text()) as Spec;
  });

  it('parses as OpenAPI 3.1 and every $ref resolves', () => {
    expect(spec.openapi).to.match(/^3\.1\./);
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref') refs.push(x as string);
          else walk(x);
        }
      }
    };
    walk(spec);
    expect(refs.length).to.be.greaterThan(50);
    for (const ref of refs) {
      expect(ref, ref).to.match(/^#\//);
      const target = ref.slice(2).split('/').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], spec);
      expect(target, ref).to.be.an('object');
    }
  });

  it('lists every method and path the adapter calls, and the server answers every path it lists', async () => {
    const called = new Set<string>();
    const s = new ContractServer({ adapter: demo });
    const spy: typeof fetch = (input, init) => {
      const path = new URL(String(input)).pathname.replace(/^\/clients\/[^/]+\/[^/]+$/, '/clients/{type}/{id}').replace(/^\/layouts\/[^/]+$/, '/layouts/{key}');
      called.add(`${init?.method ?? 'GET'} ${path}`);
      return s.fetch(input as string, init);
    };
    const rest = new RestAdapter({ baseUrl: 'http://contract.test', fetch: spy, layouts: true });
    await rest.getClient(C1);
    await rest.records({ kind: 'deal', filter: { client: C1 }, page: { offset: 0, limit: 5 } });
    await rest.aggregate([{ kind: 'deal', filter: { client: C1 }, measure: 'sum' }]);
    await rest.referenceData();
    await rest.saveLayout!('k', { v: 1 });
    await rest.loadLayout!('k');
    expect([...called].sort()).to.deep.equal(['GET /clients/{type}/{id}', 'GET /layouts/{key}', 'GET /reference', 'POST /aggregate', 'POST /records', 'PUT /layouts/{key}']);
    for (const call of called) {
      const [method, path] = call.split(' ') as [string, string];
      expect(spec.paths[path]?.[method.toLowerCase()], `${call} in openapi.yaml`).to.be.an('object');
    }
    const listed = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
    expect(listed.sort()).to.deep.equal([...called].sort());
  });

  it('says what the code does: required record fields, enums and limits', () => {
    const schemas = spec.components.schemas;
    const valid: Record<RecordKind, Record<string, unknown>> = {
      deal: { id: '1', title: 'T', pipelineId: '0', stageId: 'S', stageName: 'S', semantic: 'open', amount: null, createdAt: 1, closedAt: 2, responsible: { id: '1', name: 'R' }, url: 'u' },
      invoice: { id: '1', title: 'T', stageId: 'S', stageName: 'S', semantic: 'open', amount: null, createdAt: 1, dueAt: 2, paidAt: 3, dealId: '1', url: 'u' },
      activity: { id: '1', channel: 'call', providerId: 'P', direction: 'in', completed: true, createdAt: 1, subject: 'S', dealIds: [], responsible: { id: '1', name: 'R' }, url: 'u' },
    };
    const name = { deal: 'Deal', invoice: 'Invoice', activity: 'Activity' } as const;
    for (const kind of ['deal', 'invoice', 'activity'] as RecordKind[]) {
      const schema = schemas[name[kind]]!;
      expect(Object.keys(schema.properties!).sort(), kind).to.deep.equal(Object.keys(valid[kind]).sort());
      for (const field of Object.keys(valid[kind])) {
        const { [field]: _, ...without } = valid[kind];
        const required = schema.required!.includes(field);
        let refused = false;
        try {
          parseRecord(kind, without, 'r');
        } catch {
          refused = true;
        }
        expect(refused, `${kind}.${field} is ${required ? 'required' : 'optional'} in openapi.yaml`).to.equal(required);
      }
    }
    expect(schemas['Channel']!.enum).to.deep.equal([...CHANNELS]);
    const page = (schemas['PageSpec']!.properties as Record<string, { maximum?: number }>)['limit']!;
    expect(page.maximum).to.equal(MAX_PAGE_SIZE);
    const queries = (schemas['AggregateRequest']!.properties as Record<string, { maxItems?: number }>)['queries']!;
    expect(queries.maxItems).to.equal(MAX_AGGREGATE_QUERIES);
  });
});
