/**
 * The errors of failed Bitrix24 requests (src/adapters/bitrix24/failures.ts: the kind and message of
 * an error the portal answered) are a lazy chunk, fetched by the client at the first failure. This
 * file runs in a page of its own, where that chunk is not loaded yet: the tests go in order, from
 * "never loaded" through "failing" and "held back" to "loaded". Whatever happens to the chunk, a
 * failed request fails with an AdapterError that names the request, and no answer at all (offline)
 * is the same `network` error as ever.
 */
import { expect } from '@open-wc/testing';
import {
  Bitrix24Client, bitrix24Chunks, type Transport, type TransportResponse,
} from '../../src/adapters/bitrix24/client.js';
import { adapterFailure as failure } from './adapter-failure.js';
import { chunkLoader, settled } from '../helpers/chunks.js';

const chunk = chunkLoader(bitrix24Chunks, 'failures');

const transport = (answer: (method: string) => TransportResponse | Error): Transport => ({
  label: 'example.bitrix24.com',
  async call(method) {
    const a = answer(method);
    if (a instanceof Error) throw a;
    return a;
  },
});
const clientOf = (answer: (method: string) => TransportResponse | Error) =>
  new Bitrix24Client({ transport: transport(answer), retries: 0, sleep: async () => {} });
const DENIED = { status: 403, body: { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the webhook token' } };
const FULL_DENIED = 'Bitrix24 refused crm.item.list because the webhook or application lacks the "crm" permission scope. Ask your Bitrix24 administrator to add the "crm" scope to the webhook or application. Bitrix24 says: The request requires higher privileges than provided by the webhook token.';

describe('the errors of failed Bitrix24 requests, a lazy chunk', () => {
  it('requests that succeed never load it, nor does no answer at all (offline)', async () => {
    const ok = clientOf(() => ({ status: 200, body: { result: [{ ID: '1' }], total: 1 } }));
    expect((await ok.call('crm.activity.list')).total).to.equal(1);
    const batch = await ok.batch({ a: { method: 'crm.contact.get', params: { id: 1 } } });
    expect(batch.errors).to.deep.equal({});
    const offline = await failure(clientOf(() => new TypeError('Failed to fetch')).call('crm.contact.get', { id: 1 }));
    expect(offline.kind).to.equal('network');
    expect(offline.message).to.equal('Could not reach the Bitrix24 portal example.bitrix24.com. Check the connection and try again.');
    expect(chunk.loads).to.equal(0);
  });

  it('while it cannot load: an error answer is still an AdapterError naming the request and the portal\'s code', async () => {
    chunk.fail();
    const e = await failure(clientOf(() => DENIED).call('crm.item.list', { entityTypeId: 2 }));
    expect(e.kind).to.equal('network');
    expect(e.message).to.equal('Bitrix24 (example.bitrix24.com) answered crm.item.list with insufficient_scope, and why could not be loaded. Check the connection and try again.');
    const bare = await failure(clientOf(() => ({ status: 500, body: undefined })).call('crm.item.list'));
    expect(bare.message).to.equal('Bitrix24 (example.bitrix24.com) answered crm.item.list with HTTP status 500, and why could not be loaded. Check the connection and try again.');
    const batch = await clientOf(() => ({ status: 200, body: { result: { result: {}, result_error: { a: { error: 'NOT_FOUND', error_description: 'Not found' } } } } }))
      .batch({ a: { method: 'crm.contact.get', params: { id: 9 } } });
    expect(batch.errors['a']!.message).to.equal('Bitrix24 (example.bitrix24.com) answered crm.contact.get with NOT_FOUND, and why could not be loaded. Check the connection and try again.');
    expect(chunk.loads, 'each failure tried to load it again').to.equal(3);
  });

  it('while it is held back: a failure waits for it and then has its full message', async () => {
    chunk.hold();
    const before = chunk.loads;
    const waiting = clientOf(() => DENIED).call('crm.item.list', { entityTypeId: 2 });
    expect(await settled(waiting), 'the error waits for the chunk').to.equal(false);
    expect(chunk.loads - before).to.equal(1);
    chunk.release();
    const e = await failure(waiting);
    expect(e.kind).to.equal('auth');
    expect(e.message).to.equal(FULL_DENIED);
  });

  it('once loaded: failures have their full messages and it is not fetched again', async () => {
    chunk.fail();
    const before = chunk.loads;
    const e = await failure(clientOf(() => DENIED).call('crm.item.list'));
    expect(e.message).to.equal(FULL_DENIED);
    expect(chunk.loads).to.equal(before);
  });
});
