import { expect } from '@open-wc/testing';
import {
  Bitrix24Client, WebhookTransport, encodeQuery, type Bitrix24ClientOptions, type FetchLike, type Transport,
  type TransportResponse,
} from '../../src/adapters/bitrix24/client.js';
import { AdapterError, type AdapterErrorKind } from '../../src/adapters/errors.js';
import { adapterFailure as rejection } from './adapter-failure.js';

// Fixtures: copies of /work/shared/fixtures/bitrix24 (official Bitrix24 REST docs examples).
const fixtures = new Map<string, unknown>();
async function loadFixture(name: string): Promise<unknown> {
  const res = await fetch(new URL(`../fixtures/bitrix24/${name}`, import.meta.url));
  if (!res.ok) throw new Error(`fixture ${name}: ${res.status}`);
  return res.json();
}
const fx = (name: string): unknown => {
  const v = fixtures.get(name);
  if (v === undefined) throw new Error(`fixture ${name} not loaded`);
  return structuredClone(v);
};

/** Every error fixture with the HTTP status the docs give and the kind we expect. */
const ERROR_FIXTURES: ReadonlyArray<readonly [string, number, AdapterErrorKind]> = [
  ['error.ACCESS_DENIED.commercial-plan.json', 403, 'auth'],
  ['error.ACCESS_DENIED.json', 400, 'auth'],
  ['error.INVALID_ARG_VALUE.json', 400, 'invalid-data'],
  ['error.INVALID_REQUEST.json', 400, 'invalid-data'],
  ['error.NOT_FOUND.json', 400, 'not-found'],
  ['error.NO_AUTH_FOUND.json', 401, 'auth'],
  ['error.OPERATION_TIME_LIMIT.json', 429, 'rate-limit'],
  ['error.OVERLOAD_LIMIT.json', 503, 'rate-limit'],
  ['error.QUERY_LIMIT_EXCEEDED.json', 503, 'rate-limit'],
  ['error.crm.activity.fields.access-denied.json', 400, 'auth'],
  ['error.crm.deal.list.invalid-filter.json', 400, 'invalid-data'],
  ['error.crm.item.payment.list.json', 400, 'auth'],
  ['error.expired_token.json', 401, 'auth'],
  ['error.insufficient_scope.json', 403, 'auth'],
];
const OTHER_FIXTURES = [
  'batch.json', 'batch.error.halt0.json', 'batch.error.halt1.json', 'crm.activity.list.json', 'crm.item.list.lead.json',
  'crm.deal.list.json',
];

type Reply = TransportResponse | Error | ((signal: AbortSignal) => Promise<TransportResponse>);

class FakeTransport implements Transport {
  readonly label = 'example.bitrix24.com';
  readonly calls: Array<{ method: string; params: unknown }> = [];
  refreshes = 0;
  refreshAuth?: () => Promise<void>;
  constructor(readonly replies: Reply[], withRefresh = false) {
    if (withRefresh) {
      this.refreshAuth = async () => {
        this.refreshes++;
      };
    }
  }
  async call(method: string, params: unknown, signal: AbortSignal): Promise<TransportResponse> {
    this.calls.push({ method, params: structuredClone(params) });
    const r = this.replies.shift();
    if (r === undefined) throw new Error('no more replies');
    if (r instanceof Error) throw r;
    if (typeof r === 'function') return r(signal);
    return r;
  }
}

const ok = (body: unknown): TransportResponse => ({ status: 200, body });
const hang = (signal: AbortSignal) =>
  new Promise<TransportResponse>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

/** Fake clock: sleeps advance it instantly and are recorded. */
function fakeTime() {
  const clock = { t: 1_700_000_000_000, waits: [] as number[] };
  const now = () => clock.t;
  const sleep = async (ms: number, signal: AbortSignal) => {
    clock.waits.push(ms);
    if (signal.aborted) throw signal.reason;
    clock.t += ms;
  };
  return { clock, now, sleep };
}

function client(transport: Transport, opts: Partial<Bitrix24ClientOptions> = {}) {
  const time = fakeTime();
  const c = new Bitrix24Client({ transport, now: time.now, sleep: time.sleep, ...opts });
  return { c, clock: time.clock };
}

const SECRET = 'a1b2c3secretcode9';
const HOOK = `https://example.bitrix24.com/rest/17/${SECRET}/`;

describe('Bitrix24 client', () => {
  before(async () => {
    for (const name of [...ERROR_FIXTURES.map(([n]) => n), ...OTHER_FIXTURES]) fixtures.set(name, await loadFixture(name));
  });

  describe('encodeQuery', () => {
    it('encodes nested filters and flat selects the PHP way', () => {
      expect(encodeQuery({ filter: { '>=CREATED': '2026-01-01' }, select: ['ID'] }))
        .to.equal('filter[%3E%3DCREATED]=2026-01-01&select[]=ID');
    });

    it('percent-encodes special characters in keys and values', () => {
      expect(encodeQuery({ filter: { '!STATUS': 'a b', '@ID': [1, 2], '%TITLE': 'Café & Co' } })).to.equal(
        'filter[%21STATUS]=a%20b&filter[%40ID][]=1&filter[%40ID][]=2&filter[%25TITLE]=Caf%C3%A9%20%26%20Co',
      );
      expect(encodeQuery({ q: "it's (x)*!" })).to.equal('q=it%27s%20%28x%29%2A%21');
      expect(encodeQuery({ 'имя': 'Пётр' })).to.equal(`${encodeURIComponent('имя')}=${encodeURIComponent('Пётр')}`);
    });

    it('indexes arrays of objects, maps booleans to 1/0 and skips null/undefined', () => {
      expect(encodeQuery({
        filter: { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 42 }, { OWNER_TYPE_ID: 4, OWNER_ID: 7 }] },
        order: { ID: 'ASC' }, a: true, b: false, c: null, d: undefined, e: 0,
      })).to.equal(
        'filter[BINDINGS][0][OWNER_TYPE_ID]=3&filter[BINDINGS][0][OWNER_ID]=42&filter[BINDINGS][1][OWNER_TYPE_ID]=4' +
          '&filter[BINDINGS][1][OWNER_ID]=7&order[ID]=ASC&a=1&b=0&e=0',
      );
      expect(encodeQuery({ deep: { a: { b: [['x']] } } })).to.equal('deep[a][b][0][]=x');
      expect(encodeQuery({})).to.equal('');
      expect(encodeQuery(undefined)).to.equal('');
    });

    it('round-trips through URLSearchParams', () => {
      const q = encodeQuery({ filter: { '>=DATE': '2026-01-01T00:00:00+03:00', '=%TITLE': '50% off' } });
      const parsed = [...new URLSearchParams(q)];
      expect(parsed).to.deep.equal([
        ['filter[>=DATE]', '2026-01-01T00:00:00+03:00'],
        ['filter[=%TITLE]', '50% off'],
      ]);
    });
  });

  describe('call', () => {
    it('returns result, total, next and time and sends method and params', async () => {
      const t = new FakeTransport([ok(fx('crm.activity.list.json'))]);
      const { c } = client(t);
      const params = { filter: { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 15 }] }, select: ['ID'] };
      const r = await c.call<Array<{ ID: string }>>('crm.activity.list', params);
      expect(r.result[0]?.ID).to.equal('20');
      expect(r.total).to.equal(123456);
      expect(r.next).to.equal(50);
      expect(r.time).to.have.property('operating');
      expect(t.calls).to.deep.equal([{ method: 'crm.activity.list', params }]);
    });

    it('treats any `error` key as an error, even with HTTP 200, "" or 0', async () => {
      for (const error of ['', 0, 'SOMETHING']) {
        const t = new FakeTransport([ok({ error, error_description: 'Parameter is wrong' })]);
        const e = await rejection(client(t).c.call('crm.deal.list'));
        expect(e.kind).to.equal('invalid-data');
        expect(e.message).to.contain('Parameter is wrong.');
      }
    });

    it('rejects a body without `result` as invalid data', async () => {
      const e = await rejection(client(new FakeTransport([ok('<html>')])).c.call('crm.deal.list'));
      expect(e.kind).to.equal('invalid-data');
    });

    for (const [name, status, kind] of ERROR_FIXTURES) {
      it(`maps ${name} (HTTP ${status}) to a '${kind}' error with a clear sentence`, async () => {
        const body = fx(name);
        const t = new FakeTransport(Array.from({ length: 10 }, () => ({ status, body })));
        const { c } = client(t, { retries: 2 });
        const e = await rejection(c.call('crm.item.list', { entityTypeId: 2 }));
        expect(e.kind).to.equal(kind);
        expect(e.message).to.match(/^[A-Z][^]*[.!?]$/);
        expect(e.message).not.to.match(/undefined|null|\[object/);
        expect(e.message.length).to.be.greaterThan(30);
        const description = (body as { error_description: string }).error_description;
        if (description) expect(e.message).to.contain(description.replace(/\.$/, ''));
      });
    }

    it('tells the admin which scope to grant for insufficient_scope, and what to grant on ACCESS_DENIED', async () => {
      const scope = await rejection(client(new FakeTransport([{ status: 403, body: fx('error.insufficient_scope.json') }])).c.call('user.get'));
      expect(scope.message).to.contain('administrator').and.contain('"user_brief" scope');
      const denied = await rejection(client(new FakeTransport([{ status: 400, body: fx('error.ACCESS_DENIED.json') }])).c.call('crm.type.list'));
      expect(denied.message).to.contain('administrator').and.contain('access').and.contain('"crm" scope');
    });

    it('maps bare HTTP statuses without a body', async () => {
      const cases: Array<[number, AdapterErrorKind]> = [[401, 'auth'], [403, 'auth'], [404, 'not-found'], [400, 'invalid-data'], [502, 'network']];
      for (const [status, kind] of cases) {
        const t = new FakeTransport(Array.from({ length: 4 }, () => ({ status, body: undefined })));
        const e = await rejection(client(t, { retries: 1 }).c.call('crm.deal.get', { id: 1 }));
        expect(e.kind, String(status)).to.equal(kind);
        expect(e.message).to.contain(`HTTP status ${status}`);
      }
    });
  });

  describe('retries', () => {
    it('backs off exponentially on 503 QUERY_LIMIT_EXCEEDED, then succeeds', async () => {
      const limit = { status: 503, body: fx('error.QUERY_LIMIT_EXCEEDED.json') };
      const t = new FakeTransport([limit, limit, limit, ok({ result: 'USD' })]);
      const { c, clock } = client(t);
      expect((await c.call('crm.currency.base.get')).result).to.equal('USD');
      expect(t.calls).to.have.length(4);
      expect(clock.waits).to.deep.equal([1000, 2000, 4000]);
    });

    it('gives up after `retries` with a rate-limit error carrying retryAfterMs, and caps the backoff', async () => {
      const limit = { status: 503, body: fx('error.QUERY_LIMIT_EXCEEDED.json') };
      const t = new FakeTransport(Array.from({ length: 10 }, () => limit));
      const { c, clock } = client(t, { retries: 5, maxBackoffMs: 5000, timeoutMs: 60_000 });
      const e = await rejection(c.call('crm.deal.list'));
      expect(e.kind).to.equal('rate-limit');
      expect(e.retryAfterMs).to.equal(5000);
      expect(t.calls).to.have.length(6);
      expect(clock.waits).to.deep.equal([1000, 2000, 4000, 5000, 5000]);
    });

    it('waits until operating_reset_at on 429 OPERATION_TIME_LIMIT', async () => {
      const t = new FakeTransport([]);
      const { c, clock } = client(t);
      const resetSec = Math.floor(clock.t / 1000) + 12;
      const body = { ...(fx('error.OPERATION_TIME_LIMIT.json') as object), time: { operating_reset_at: resetSec } };
      t.replies.push({ status: 429, body }, ok({ result: [] }));
      await c.call('crm.activity.list');
      expect(clock.waits).to.deep.equal([resetSec * 1000 - (clock.t - clock.waits[0]!)]);
      expect(clock.waits[0]).to.be.within(11_000, 12_000);
      expect(t.calls).to.have.length(2);
    });

    it('uses the last operating_reset_at seen for the method (ISO form) when the 429 has none', async () => {
      const list = fx('crm.activity.list.json') as { time: Record<string, unknown> };
      const t = new FakeTransport([ok(list), { status: 429, body: fx('error.OPERATION_TIME_LIMIT.json') }, ok(list)]);
      const { c, clock } = client(t);
      clock.t = Date.parse('2024-08-26T16:11:30+03:00');
      await c.call('crm.activity.list');
      await c.call('crm.activity.list');
      expect(clock.waits).to.deep.equal([7000]);
    });

    it('does not wait for a reset beyond the timeout: fails at once with retryAfterMs', async () => {
      const t = new FakeTransport([]);
      const { c, clock } = client(t, { timeoutMs: 10_000 });
      const body = { ...(fx('error.OPERATION_TIME_LIMIT.json') as object), time: { operating_reset_at: new Date(clock.t + 120_000).toISOString() } };
      t.replies.push({ status: 429, body });
      const e = await rejection(c.call('crm.activity.list'));
      expect(e.kind).to.equal('rate-limit');
      expect(e.retryAfterMs).to.equal(120_000);
      expect(clock.waits).to.deep.equal([]);
    });

    it('refreshes auth once on 401 expired_token and retries once', async () => {
      const expired = { status: 401, body: fx('error.expired_token.json') };
      const t = new FakeTransport([expired, ok({ result: { ID: '1' } })], true);
      const r = await client(t).c.call('user.current');
      expect(r.result).to.deep.equal({ ID: '1' });
      expect(t.refreshes).to.equal(1);
      expect(t.calls).to.have.length(2);

      const t2 = new FakeTransport([expired, expired, expired], true);
      const e = await rejection(client(t2).c.call('user.current'));
      expect(e.kind).to.equal('auth');
      expect(t2.refreshes).to.equal(1);
      expect(t2.calls).to.have.length(2);
    });

    it('fails with auth when refreshAuth fails or the transport cannot refresh', async () => {
      const expired = { status: 401, body: fx('error.expired_token.json') };
      const t = new FakeTransport([expired, ok({ result: 1 })], true);
      t.refreshAuth = () => Promise.reject(new Error('nope'));
      expect((await rejection(client(t).c.call('user.current'))).kind).to.equal('auth');
      expect(t.calls).to.have.length(1);
      const t2 = new FakeTransport([expired, ok({ result: 1 })]);
      expect((await rejection(client(t2).c.call('user.current'))).kind).to.equal('auth');
      expect(t2.calls).to.have.length(1);
    });

    it('retries other 5xx and network failures a bounded number of times', async () => {
      const t = new FakeTransport([{ status: 500, body: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' } }, new TypeError('Failed to fetch'), ok({ result: true })]);
      const { c, clock } = client(t);
      expect((await c.call('crm.deal.get', { id: 1 })).result).to.equal(true);
      expect(clock.waits).to.deep.equal([1000, 2000]);

      const t2 = new FakeTransport(Array.from({ length: 5 }, () => new TypeError('Failed to fetch')));
      const e = await rejection(client(t2, { retries: 2 }).c.call('crm.deal.get'));
      expect(e.kind).to.equal('network');
      expect(t2.calls).to.have.length(3);
    });

    it('never retries 4xx, OVERLOAD_LIMIT or PORTAL_DELETED', async () => {
      for (const [status, name] of [[400, 'error.INVALID_ARG_VALUE.json'], [403, 'error.insufficient_scope.json'], [401, 'error.NO_AUTH_FOUND.json'], [503, 'error.OVERLOAD_LIMIT.json']] as const) {
        const t = new FakeTransport([{ status, body: fx(name) }, ok({ result: 1 })], true);
        const { c, clock } = client(t);
        await rejection(c.call('crm.item.list'));
        expect(t.calls, name).to.have.length(1);
        expect(clock.waits).to.deep.equal([]);
      }
      const t = new FakeTransport([{ status: 500, body: { error: 'PORTAL_DELETED', error_description: 'Portal was deleted' } }, ok({ result: 1 })]);
      await rejection(client(t).c.call('crm.item.list'));
      expect(t.calls).to.have.length(1);
    });
  });

  describe('abort and timeout', () => {
    it('rejects at once with aborted for an already aborted signal', async () => {
      const t = new FakeTransport([ok({ result: 1 })]);
      const ctl = new AbortController();
      ctl.abort();
      expect((await rejection(client(t).c.call('user.current', {}, ctl.signal))).kind).to.equal('aborted');
      expect(t.calls).to.have.length(0);
    });

    it('aborts during a backoff wait', async () => {
      const t = new FakeTransport([{ status: 503, body: fx('error.QUERY_LIMIT_EXCEEDED.json') }, ok({ result: 1 })]);
      const ctl = new AbortController();
      let waiting!: () => void;
      const started = new Promise<void>((r) => (waiting = r));
      const sleep = (_ms: number, signal: AbortSignal) => {
        waiting();
        return new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      };
      const c = new Bitrix24Client({ transport: t, sleep });
      const p = c.call('crm.deal.list', {}, ctl.signal);
      await started;
      ctl.abort();
      const e = await rejection(p);
      expect(e.kind).to.equal('aborted');
      expect(e.message).to.equal('The request was cancelled.');
      expect(t.calls).to.have.length(1);
    });

    it('aborts a request in flight', async () => {
      const ctl = new AbortController();
      const t = new FakeTransport([(signal) => { queueMicrotask(() => ctl.abort()); return hang(signal); }]);
      expect((await rejection(client(t).c.call('crm.deal.list', {}, ctl.signal))).kind).to.equal('aborted');
    });

    it('times out a hanging request and a long wait', async () => {
      const t = new FakeTransport([hang]);
      const e = await rejection(client(t, { timeoutMs: 30 }).c.call('crm.deal.list'));
      expect(e.kind).to.equal('timeout');
      expect(e.message).to.match(/^Bitrix24 \(example\.bitrix24\.com\) did not answer crm\.deal\.list within 0 s/);

      const t2 = new FakeTransport([{ status: 503, body: fx('error.QUERY_LIMIT_EXCEEDED.json') }, ok({ result: 1 })]);
      const c2 = new Bitrix24Client({
        transport: t2, timeoutMs: 30, backoffMs: 5, now: () => 0,
        sleep: (_ms, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      });
      expect((await rejection(c2.call('crm.deal.list'))).kind).to.equal('timeout');
    });

    it('the default sleep honours abort', async () => {
      const t = new FakeTransport([{ status: 503, body: fx('error.QUERY_LIMIT_EXCEEDED.json') }, ok({ result: 1 })]);
      const c = new Bitrix24Client({ transport: t, backoffMs: 60_000, maxBackoffMs: 60_000, timeoutMs: 120_000 });
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 20);
      expect((await rejection(c.call('crm.deal.list', {}, ctl.signal))).kind).to.equal('aborted');
    });
  });

  describe('throttle', () => {
    it('lets a burst through, then spaces requests at the drain rate', async () => {
      const t = new FakeTransport(Array.from({ length: 6 }, () => ok({ result: 1 })));
      const { c, clock } = client(t, { throttle: { rate: 2, burst: 3 } });
      for (let i = 0; i < 6; i++) await c.call('user.current');
      expect(clock.waits).to.deep.equal([500, 500, 500]);
      expect(t.calls).to.have.length(6);
    });

    it('drains over time and queues concurrent callers in order (Enterprise 5/250 style)', async () => {
      const t = new FakeTransport(Array.from({ length: 4 }, () => ok({ result: 1 })));
      const waits: number[] = [];
      let now = 0;
      const c = new Bitrix24Client({ transport: t, throttle: { rate: 5, burst: 2 }, now: () => now, sleep: async (ms) => void waits.push(ms) });
      await Promise.all([1, 2, 3, 4].map(() => c.call('user.current')));
      expect(waits).to.deep.equal([200, 400]);
      now += 10_000; // fully drained
      waits.length = 0;
      t.replies.push(ok({ result: 1 }), ok({ result: 1 }));
      await c.call('user.current');
      await c.call('user.current');
      expect(waits).to.deep.equal([]);
    });

    it('defaults to 2 req/s with a burst of 50', async () => {
      const t = new FakeTransport(Array.from({ length: 52 }, () => ok({ result: 1 })));
      const { c, clock } = client(t);
      for (let i = 0; i < 52; i++) await c.call('user.current');
      expect(clock.waits).to.deep.equal([500, 500]);
    });

    it('rejects a nonsensical throttle', () => {
      expect(() => new Bitrix24Client({ transport: new FakeTransport([]), throttle: { rate: 0, burst: 5 } })).to.throw(RangeError);
    });
  });

  describe('batch', () => {
    it('sends encoded sub-queries and parses results, totals and [] empty maps', async () => {
      const t = new FakeTransport([ok(fx('batch.json'))]);
      const r = await client(t).c.batch({
        get_user: { method: 'user.current' },
        get_department: { method: 'department.get', params: { ID: ['$result[get_user][UF_DEPARTMENT]'] } },
      });
      expect(t.calls).to.deep.equal([{
        method: 'batch',
        params: { halt: 0, cmd: { get_user: 'user.current', get_department: 'department.get?ID[]=%24result%5Bget_user%5D%5BUF_DEPARTMENT%5D' } },
      }]);
      expect(r.results['get_user']).to.include({ ID: '1', NAME: 'John' });
      expect(r.results['get_department']).to.deep.equal([{ ID: '1', NAME: 'DEMO', SORT: 500 }]);
      expect(r.errors).to.deep.equal({});
      expect(r.totals).to.deep.equal({ get_department: 1 });
      expect(r.next).to.deep.equal({});
      expect(r.skipped).to.deep.equal([]);
    });

    it('surfaces per-command errors (halt 0) as AdapterErrors', async () => {
      const t = new FakeTransport([ok(fx('batch.error.halt0.json'))]);
      const r = await client(t).c.batch({ get_user: { method: 'user.current' }, get_department: { method: 'department.get' } });
      expect(Object.keys(r.errors)).to.deep.equal(['get_user', 'get_department']);
      for (const e of Object.values(r.errors)) {
        expect(e).to.be.instanceOf(AdapterError);
        expect(e.kind).to.equal('auth');
        expect(e.message).to.match(/^Bitrix24 refused (user\.current|department\.get) because .*scope/);
      }
      expect(r.results).to.deep.equal({});
    });

    it('honours halt: sends halt=1, reports skipped commands and does not send later chunks', async () => {
      const t = new FakeTransport([ok(fx('batch.error.halt1.json'))]);
      const cmds: Record<string, { method: string }> = { get_user: { method: 'user.current' }, get_department: { method: 'department.get' } };
      for (let i = 0; i < 60; i++) cmds[`c${i}`] = { method: 'crm.deal.get' };
      const r = await client(t).c.batch(cmds, { halt: true });
      expect(t.calls).to.have.length(1);
      expect((t.calls[0]?.params as { halt: number }).halt).to.equal(1);
      expect(Object.keys(r.errors)).to.deep.equal(['get_user']);
      expect(r.skipped).to.have.length(61);
      expect(r.skipped[0]).to.equal('get_department');
    });

    it('chunks more than 50 commands, keeps per-command totals/next and PHP lists for numeric keys', async () => {
      const cmds: Record<string, { method: string; params: Record<string, unknown> }> = {};
      for (let i = 0; i < 120; i++) cmds[String(i)] = { method: 'crm.activity.list', params: { filter: { '>=CREATED': '2026-01-01' }, select: ['ID'], start: 0 } };
      const chunkReply = (from: number, n: number) => {
        const keys = Array.from({ length: n }, (_, i) => String(from + i));
        const results = keys.map(() => [{ ID: '1' }]);
        return ok({
          result: {
            // keys 0..49 come back as a PHP list; others as maps
            result: from === 0 ? results : Object.fromEntries(keys.map((k, i) => [k, results[i]])),
            result_error: [],
            result_total: Object.fromEntries(keys.map((k) => [k, 120])),
            result_next: Object.fromEntries(keys.map((k) => [k, '50'])),
            result_time: [],
          },
        });
      };
      const t = new FakeTransport([chunkReply(0, 50), chunkReply(50, 50), chunkReply(100, 20)]);
      const r = await client(t).c.batch(cmds);
      expect(t.calls).to.have.length(3);
      expect(t.calls.map((c) => Object.keys((c.params as { cmd: object }).cmd).length)).to.deep.equal([50, 50, 20]);
      expect((t.calls[0]?.params as { cmd: Record<string, string> }).cmd['0'])
        .to.equal('crm.activity.list?filter[%3E%3DCREATED]=2026-01-01&select[]=ID&start=0');
      expect(Object.keys(r.results)).to.have.length(120);
      expect(r.totals['119']).to.equal(120);
      expect(r.next['0']).to.equal(50);
    });

    it('rejects nested batch and bad method names before sending', async () => {
      const t = new FakeTransport([]);
      const { c } = client(t);
      expect((await rejection(c.batch({ a: { method: 'batch' } }))).kind).to.equal('invalid-data');
      expect((await rejection(c.batch({ a: { method: 'crm.deal.list?x=1' } }))).kind).to.equal('invalid-data');
      expect(t.calls).to.have.length(0);
    });
  });

  describe('listAll', () => {
    it('pages legacy lists by start/next and returns all rows with the total', async () => {
      const page = (ids: number[], next?: number) =>
        ok({ result: ids.map((id) => ({ ID: String(id) })), total: 120, ...(next === undefined ? {} : { next }) });
      const range = (a: number, n: number) => Array.from({ length: n }, (_, i) => a + i);
      const t = new FakeTransport([page(range(0, 50), 50), page(range(50, 50), 100), page(range(100, 20))]);
      const r = await client(t).c.listAll<{ ID: string }>('crm.activity.list', { select: ['ID'] });
      expect(r.rows).to.have.length(120);
      expect(r.rows[119]?.ID).to.equal('119');
      expect(r.total).to.equal(120);
      expect(r.truncated).to.equal(false);
      expect(t.calls.map((c) => (c.params as { start: number }).start)).to.deep.equal([0, 50, 100]);
      expect(t.calls[0]?.params).to.deep.equal({ select: ['ID'], start: 0 });
    });

    it('reads result.items of crm.item.list and stops at max', async () => {
      const lead = fx('crm.item.list.lead.json') as { result: { items: unknown[] } };
      const t = new FakeTransport([ok(lead)]);
      const r = await client(t).c.listAll('crm.item.list', { entityTypeId: 1 });
      expect(r.rows).to.have.length(lead.result.items.length);
      expect(r.total).to.equal(4);

      const t2 = new FakeTransport([ok(fx('crm.activity.list.json'))]);
      const r2 = await client(t2).c.listAll('crm.activity.list', {}, { max: 1 });
      expect(r2.rows).to.have.length(1);
      expect(r2.truncated).to.equal(true);
      expect(t2.calls).to.have.length(1);
    });

    it('reads a legacy list fixture and rejects a result without rows', async () => {
      const r = await client(new FakeTransport([ok(fx('crm.deal.list.json'))])).c.listAll('crm.deal.list');
      expect(r.total).to.equal(6);
      expect(r.rows).to.have.length(6);
      const e = await rejection(client(new FakeTransport([ok({ result: 'x' })])).c.listAll('crm.deal.list'));
      expect(e.kind).to.equal('invalid-data');
    });
  });

  describe('WebhookTransport', () => {
    function fakeFetch(replies: Array<{ status: number; text: string } | Error>) {
      const requests: Array<{ url: string; init: RequestInit }> = [];
      const f: FetchLike = async (url, init) => {
        requests.push({ url, init });
        const r = replies.shift();
        if (!r) throw new Error('no reply');
        if (r instanceof Error) throw r;
        return new Response(r.text, { status: r.status });
      };
      return { f, requests };
    }

    it('POSTs JSON to {base}{method}.json and labels itself with the host only', async () => {
      const { f, requests } = fakeFetch([{ status: 200, text: '{"result":"USD"}' }]);
      const tr = new WebhookTransport(HOOK, { fetch: f });
      expect(tr.label).to.equal('example.bitrix24.com');
      const c = new Bitrix24Client({ transport: tr });
      expect((await c.call('crm.currency.base.get', { a: 1 })).result).to.equal('USD');
      expect(requests[0]?.url).to.equal(`${HOOK}crm.currency.base.get.json`);
      expect(requests[0]?.init.method).to.equal('POST');
      expect(requests[0]?.init.body).to.equal('{"a":1}');
      expect((requests[0]?.init.headers as Record<string, string>)['Content-Type']).to.equal('application/json');
    });

    it('accepts a URL without the trailing slash', () => {
      expect(new WebhookTransport(HOOK.slice(0, -1), { fetch: fakeFetch([]).f }).label).to.equal('example.bitrix24.com');
    });

    it('validates the URL with a clear error that does not echo the code', () => {
      for (const bad of [
        `http://example.bitrix24.com/rest/17/${SECRET}/`,
        `https://example.bitrix24.com/rest/x17/${SECRET}/`,
        `https://example.bitrix24.com/api/17/${SECRET}/`,
        `https://example.bitrix24.com/rest/17/${SECRET}/crm.deal.list`,
        `https://example.bitrix24.com/rest/17/${SECRET}/?auth=1`,
        `https://u:${SECRET}@example.bitrix24.com/rest/17/${SECRET}/`,
        `not a url ${SECRET}`,
        'https://example.bitrix24.com/rest/17/',
      ]) {
        let err: unknown;
        try {
          new WebhookTransport(bad);
        } catch (e) {
          err = e;
        }
        expect(err, bad).to.be.instanceOf(AdapterError);
        expect((err as AdapterError).message).to.match(/^The Bitrix24 webhook URL is not valid: .+\.$/);
        expect((err as AdapterError).message).not.to.contain(SECRET);
      }
    });

    it('never leaks the URL or code in any error message, cause or label', async () => {
      const messages: string[] = [];
      const collect = (e: AdapterError) => {
        messages.push(e.message, String(e), String((e.cause as Error | undefined)?.message ?? ''));
      };
      const echo = JSON.stringify({ error: 'ACCESS_DENIED', error_description: `Hook ${HOOK} (${SECRET}) is not allowed` });
      const replies: Array<{ status: number; text: string } | Error> = [
        ...ERROR_FIXTURES.map(([name, status]) => ({ status, text: JSON.stringify(fx(name)) })),
        { status: 403, text: echo },
        { status: 502, text: '<html>Bad gateway</html>' },
        new TypeError(`Failed to fetch ${HOOK}crm.deal.list.json`),
      ];
      const { f } = fakeFetch(replies);
      const tr = new WebhookTransport(HOOK, { fetch: f });
      const c = new Bitrix24Client({ transport: tr, retries: 0, sleep: async () => {} });
      for (let i = 0; i < ERROR_FIXTURES.length + 3; i++) collect(await rejection(c.call('crm.deal.list')));
      const b = await new Bitrix24Client({
        transport: new WebhookTransport(HOOK, { fetch: fakeFetch([{ status: 200, text: JSON.stringify(fx('batch.error.halt0.json')) }]).f }),
      }).batch({ get_user: { method: 'user.current' }, get_department: { method: 'department.get' } });
      Object.values(b.errors).forEach(collect);
      collect(await rejection(new Bitrix24Client({ transport: tr }).call('bad/../method')));
      expect(messages.length).to.be.greaterThan(40);
      for (const m of [...messages, tr.label]) {
        expect(m).not.to.contain(SECRET);
        expect(m).not.to.contain('/rest/17');
      }
      expect(messages).to.satisfy((ms: string[]) => ms.some((m) => m.includes('Hook [webhook]/ (***) is not allowed')));
    });

    it('maps a fetch failure to network and a non-JSON 502 to a server error', async () => {
      const { f } = fakeFetch([new TypeError('Failed to fetch'), { status: 502, text: 'Bad gateway' }]);
      const c = new Bitrix24Client({ transport: new WebhookTransport(HOOK, { fetch: f }), retries: 0 });
      const e1 = await rejection(c.call('crm.deal.list'));
      expect(e1.kind).to.equal('network');
      expect(e1.message).to.equal('Could not reach the Bitrix24 portal example.bitrix24.com. Check the connection and try again.');
      const e2 = await rejection(c.call('crm.deal.list'));
      expect(e2.kind).to.equal('network');
      expect(e2.message).to.contain('HTTP status 502');
    });

    it('passes the abort signal to fetch and does not call fetch once aborted', async () => {
      let calls = 0;
      let called!: () => void;
      const inFetch = new Promise<void>((r) => (called = r));
      const f: FetchLike = (_url, init) => {
        calls++;
        called();
        return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
      };
      const c = new Bitrix24Client({ transport: new WebhookTransport(HOOK, { fetch: f }) });
      const ctl = new AbortController();
      const p = c.call('crm.deal.list', {}, ctl.signal);
      await inFetch;
      ctl.abort();
      expect((await rejection(p)).kind).to.equal('aborted');

      const ctl2 = new AbortController();
      const p2 = c.call('crm.deal.list', {}, ctl2.signal);
      ctl2.abort(); // before the request left the throttle
      expect((await rejection(p2)).kind).to.equal('aborted');
      expect(calls).to.equal(1);
    });
  });
});
