/**
 * The errors of failed REST requests (src/adapters/rest/failures.ts, with messages.ts: what a bad
 * field should be) are a lazy chunk, fetched by `RestAdapter` at the first failure. This file runs in
 * a page of its own, where that chunk is not loaded yet (nothing here imports validate.ts, which
 * loads messages.ts): the tests go in order, from "never loaded" through "failing" and "held back"
 * to "loaded". Whatever happens to the chunk, a failed request fails with an AdapterError that names
 * the request, a bad answer names its field (`(body)` for a body that is not JSON), and an abort is
 * `aborted` at once.
 */
import { expect } from '@open-wc/testing';
import { RestAdapter, restChunks, type RestAdapterOptions } from '../../src/adapters/rest/rest-adapter.js';
import type { ClientRef } from '../../src/core/model.js';
import type { AggregateQuery, RecordQuery } from '../../src/core/query.js';
import { adapterFailure as failure } from './adapter-failure.js';
import { chunkLoader, settled } from '../helpers/chunks.js';

const chunk = chunkLoader(restChunks, 'failures');

const C1: ClientRef = { type: 'contact', id: '1' };
const DEALS: RecordQuery<'deal'> = { kind: 'deal', filter: { client: C1 }, page: { offset: 0, limit: 10 } };
const COUNT: AggregateQuery = { kind: 'activity', filter: { client: C1 }, measure: 'count' };
const SUM: AggregateQuery = { kind: 'deal', filter: { client: C1 }, measure: 'sum' };
const ROW = { key: '', count: 1, amounts: {}, withoutAmount: 0, lastCreatedAt: 1000 };

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const adapterOf = (answer: () => Response | Promise<Response>, options: Partial<RestAdapterOptions> = {}) =>
  new RestAdapter({ baseUrl: 'https://crm.example.com/api', fetch: async () => answer(), ...options });

describe('the errors of failed REST requests, a lazy chunk', () => {
  it('requests that succeed never load it (the contract server at /api)', async () => {
    const rest = new RestAdapter({ baseUrl: `${location.origin}/api` });
    expect((await rest.getClient(C1)).id).to.equal('1');
    expect((await rest.referenceData()).baseCurrency).to.be.a('string');
    expect((await rest.records(DEALS)).total).to.be.a('number');
    expect(await rest.aggregate([COUNT, SUM])).to.have.length(2);
    expect(chunk.loads).to.equal(0);
  });

  it('while it cannot load: every failure is still an AdapterError naming the request, a body that is not JSON still names (body)', async () => {
    chunk.fail();
    const server = await failure(adapterOf(() => json({ error: { code: 'internal', message: 'down' } }, 500)).records(DEALS));
    expect(server.kind).to.equal('network');
    expect(server.message).to.equal('The REST API (crm.example.com) failed at POST /records, and why could not be loaded. Check the connection and try again.');
    expect(server.retryable).to.equal(true);
    const offline = await failure(adapterOf(() => Promise.reject(new TypeError('Failed to fetch'))).getClient(C1));
    expect(offline.kind).to.equal('network');
    expect(offline.message).to.match(/failed at GET \/clients\/\{type\}\/\{id\}/);
    const html = await failure(adapterOf(() => new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } })).records(DEALS));
    expect(html.kind).to.equal('invalid-data');
    expect(html.field).to.equal('(body)');
    expect(html.message).to.equal('POST /records (body): expected a JSON body (REST API crm.example.com)');
    const noToken = await failure(adapterOf(() => json({}), { token: () => '' }).referenceData());
    expect(noToken.kind).to.equal('network');
    expect(noToken.message).to.match(/failed at GET \/reference/);
    // A bad field is named without the chunk (what it should be is told once the chunk is here).
    const bad = await failure(adapterOf(() => json({ items: [{ id: '1', title: 7 }], total: 1 })).records(DEALS));
    expect(bad.kind).to.equal('invalid-data');
    expect(bad.field).to.equal('items[0].title');
    expect(bad.message).to.equal('items[0].title: not as the REST contract says');
    expect(chunk.loads, 'each failure tried to load it again').to.equal(5);
  });

  it('while it is held back: a failure waits for it and then has its full message; an abort meanwhile is aborted at once', async () => {
    chunk.hold();
    const before = chunk.loads;
    const adapter = adapterOf(() => json({ error: { code: 'unauthorized', message: 'Session expired' } }, 401));
    const waiting = adapter.getClient(C1);
    const ctl = new AbortController();
    const aborted = adapterOf(() => json({ error: { code: 'internal', message: 'down' } }, 500)).records(DEALS, ctl.signal);
    const partly = adapterOf(() => json({ results: [{ rows: [ROW] }, { error: { code: 'down', message: 'The activity store is down' } }] }))
      .aggregate([SUM, COUNT]);
    const bad = adapterOf(() => json({ results: [{ rows: [{ ...ROW, count: 1.5 }] }] })).aggregate([COUNT]);
    expect(await settled(waiting), 'the 401 waits for the chunk').to.equal(false);
    expect(await settled(partly), 'the partial answer waits for the chunk').to.equal(false);
    expect(await settled(bad), 'the bad answer waits for the chunk').to.equal(false);
    ctl.abort();
    const a = await failure(aborted);
    expect(a.kind).to.equal('aborted');
    expect(chunk.loads - before, 'one load for every failure waiting').to.equal(1);
    chunk.release();
    const e = await failure(waiting);
    expect(e.kind).to.equal('auth');
    expect(e.message).to.equal('The REST API (crm.example.com) answered GET /clients/{type}/{id} with HTTP 401: Session expired. Sign in again or check the token.');
    const p = await failure(partly);
    expect(p.kind).to.equal('network');
    expect(p.message).to.equal('The REST API (crm.example.com) could not answer part of POST /aggregate: The activity store is down. Try again later.');
    const b = await failure(bad);
    expect(b.field).to.equal('results[0].rows[0].count');
    expect(b.message).to.equal('POST /aggregate results[0].rows[0].count: expected a non-negative integer, got a fraction (REST API crm.example.com)');
  });

  it('once loaded: failures have their full messages and it is not fetched again', async () => {
    chunk.fail();
    const before = chunk.loads;
    const e = await failure(adapterOf(() => json({}, 429, { 'Retry-After': '3' })).records(DEALS));
    expect(e.kind).to.equal('rate-limit');
    expect(e.retryAfterMs).to.equal(3000);
    expect((await failure(adapterOf(() => new Response('', { status: 200 })).records(DEALS))).message).to.match(/got an empty body/);
    const bad = await failure(adapterOf(() => json({ items: [{ id: '1', title: 7 }], total: 1 })).records(DEALS));
    expect(bad.field).to.equal('items[0].title');
    expect(bad.message).to.equal('POST /records items[0].title: expected a string, got a number (REST API crm.example.com)');
    const client = await failure(adapterOf(() => json({ type: 'contact', id: '2', name: 'X' })).getClient(C1));
    expect(client.message).to.equal('GET /clients/{type}/{id} id: expected "1" (the client asked for) (REST API crm.example.com)');
    expect(chunk.loads).to.equal(before);
  });
});
