/**
 * The emulator over real HTTP: web-test-runner mounts it (web-test-runner.config.mjs, Koa
 * middleware) at /rest/… and /__emulator/… of the page's own origin. Every test starts and ends
 * with POST /__emulator/reset so other test files see a fresh emulator.
 */
import { expect } from '@open-wc/testing';
import { Bitrix24Client, WebhookTransport } from '../../src/adapters/bitrix24/client.js';

type Body = Record<string, unknown>;
const HOOK = '/rest/1/demo-webhook-code/';

const post = async (path: string, body: unknown = {}): Promise<{ status: number; body: Body }> => {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Body };
};
const get = async (path: string): Promise<{ status: number; body: Body }> => {
  const res = await fetch(path);
  return { status: res.status, body: (await res.json()) as Body };
};
const reset = async () => expect((await post('/__emulator/reset')).status).to.equal(200);
const faults = async (f: Body) => expect((await post('/__emulator/faults', f)).status).to.equal(200);

describe('Bitrix24 emulator over HTTP (web-test-runner middleware)', () => {
  beforeEach(reset);
  afterEach(reset);

  it('POST /rest/1/demo-webhook-code/crm.currency.list.json answers the real envelope', async () => {
    const res = await fetch(`${HOOK}crm.currency.list.json`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    const body = (await res.json()) as Body;
    expect((body['result'] as Body[]).map((r) => r['CURRENCY'])).to.include.members(['EUR', 'USD', 'JPY', 'KWD']);
    expect(body['time']).to.include.keys('start', 'finish', 'duration', 'processing', 'date_start', 'date_finish', 'operating_reset_at', 'operating');
  });

  it('GET with a PHP query string, and the method without .json', async () => {
    const res = await get(`${HOOK}crm.item.list?entityTypeId=2&filter%5B%40contactIds%5D%5B%5D=40&select%5B%5D=id`);
    expect(res.status).to.equal(200);
    expect((res.body['result'] as { items: Body[] }).items).to.deep.equal([{ id: 1 }]);
  });

  it('a form-encoded POST body is read as PHP parameters', async () => {
    const res = await fetch(`${HOOK}crm.contact.get.json`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'id=1',
    });
    expect(((await res.json()) as { result: Body }).result['ID']).to.equal('1');
  });

  // (The 404 answers — unknown method, unknown control path — are tested in-process: the runner
  // lists every 404 request of a page as a warning.)
  it('wrong webhook code → 401 INVALID_CREDENTIALS', async () => {
    expect(await post('/rest/1/not-the-code/crm.currency.list.json')).to.deep.equal({
      status: 401, body: { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' },
    });
  });

  it('CORS: preflight 204 and Access-Control-Allow-Origin on answers', async () => {
    const pre = await fetch(`${HOOK}crm.currency.list.json`, { method: 'OPTIONS' });
    expect(pre.status).to.equal(204);
    expect(pre.headers.get('access-control-allow-origin')).to.equal('*');
    const res = await fetch(`${HOOK}crm.currency.base.get.json`, { method: 'POST', body: '{}' });
    expect(res.headers.get('access-control-allow-origin')).to.equal('*');
  });

  it('fault knobs over HTTP: status503 / status500 / status429 for the next n requests, then normal', async () => {
    await faults({ status503: 1, status500: 1, status429: 1 });
    expect((await post(`${HOOK}crm.currency.base.get.json`)).body).to.include({ error: 'OPERATION_TIME_LIMIT' });
    expect((await post(`${HOOK}crm.currency.base.get.json`)).status).to.equal(500);
    expect(await post(`${HOOK}crm.currency.base.get.json`)).to.deep.equal({
      status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
    });
    expect((await post(`${HOOK}crm.currency.base.get.json`)).body).to.have.property('result', 'EUR');
  });

  it('slowMs delays each answer', async () => {
    await faults({ slowMs: 300 });
    const t0 = performance.now();
    expect((await post(`${HOOK}crm.currency.base.get.json`)).status).to.equal(200);
    expect(performance.now() - t0).to.be.at.least(250);
  });

  it('rate limit: 503 QUERY_LIMIT_EXCEEDED once the bucket is full; rateLimit false lifts it', async () => {
    await faults({ rateLimit: { rate: 0.001, burst: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(`${HOOK}crm.currency.base.get.json`)).status);
    expect(statuses).to.deep.equal([200, 200, 200, 503, 503]);
    await faults({ rateLimit: false });
    for (let i = 0; i < 60; i++) expect((await post(`${HOOK}crm.currency.base.get.json`)).status).to.equal(200);
  });

  it('OAuth: expired token → 401 expired_token, refresh, the new token works', async () => {
    expect((await post('/rest/crm.currency.base.get.json', { auth: 'demo-access-token' })).status).to.equal(200);
    await faults({ expireToken: 'demo-access-token' });
    expect(await post('/rest/crm.currency.base.get.json', { auth: 'demo-access-token' })).to.deep.equal({
      status: 401, body: { error: 'expired_token', error_description: 'The access token provided has expired.' },
    });
    const refreshed = await post('/__emulator/oauth/refresh', { refresh_token: 'anything' });
    expect(refreshed.body).to.deep.equal({ access_token: 'token-1', refresh_token: 'refresh-1', expires_in: 3600 });
    expect((await get('/rest/crm.currency.base.get.json?auth=token-1')).body).to.have.property('result', 'EUR');
    expect((await post('/rest/crm.currency.base.get.json', { auth: 'unknown' })).body).to.have.property('error', 'invalid_token');
    expect((await post('/rest/crm.currency.base.get.json')).body).to.have.property('error', 'NO_AUTH_FOUND');
  });

  it('stats: requests, calls (batch sub-calls included), log; reset zeroes them', async () => {
    await post(`${HOOK}crm.currency.base.get.json`);
    await post(`${HOOK}batch.json`, { halt: 0, cmd: { a: 'crm.currency.list', b: 'crm.contact.get?id=1' } });
    const s = await get('/__emulator/stats');
    expect(s.body['requests']).to.equal(2);
    expect(s.body['calls']).to.deep.equal({ 'crm.currency.base.get': 1, batch: 1, 'crm.currency.list': 1, 'crm.contact.get': 1 });
    expect(s.body['log']).to.deep.equal([
      { method: 'crm.currency.base.get', status: 200 },
      { method: 'batch', commands: ['crm.currency.list', 'crm.contact.get?id=1'], status: 200 },
    ]);
    await reset();
    expect((await get('/__emulator/stats')).body).to.deep.equal({ requests: 0, calls: {}, log: [] });
  });

  it('control endpoints: wrong HTTP method → 405', async () => {
    expect((await get('/__emulator/reset')).status).to.equal(405);
  });

  it('the project\'s Bitrix24Client over real HTTP: listAll, batch totals, throttle-free under the burst', async () => {
    const client = new Bitrix24Client({ transport: new WebhookTransport(`https://demo.bitrix24.example${HOOK}`, { fetch: (url, init) => fetch(new URL(url).pathname, init) }) });
    const { rows, total } = await client.listAll<Body>('crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 1 }] }, select: ['ID'] });
    expect(rows).to.have.length(total!);
    expect(new Set(rows.map((r) => r['ID'])).size).to.equal(rows.length);
    const b = await client.batch({
      won: { method: 'crm.item.list', params: { entityTypeId: 2, filter: { contactIds: 1, stageSemanticId: 'S' }, select: ['id'] } },
      paid: { method: 'crm.stage.history.list', params: { entityTypeId: 31, filter: { STAGE_SEMANTIC_ID: 'S' }, select: ['OWNER_ID'] } },
    });
    expect(b.totals['won']).to.be.greaterThan(0);
    expect(b.totals['paid']).to.be.greaterThan(0);
    const s = await get('/__emulator/stats');
    expect(s.body['calls']).to.deep.include({ batch: 1, 'crm.item.list': 1, 'crm.stage.history.list': 1 });
  });
});
