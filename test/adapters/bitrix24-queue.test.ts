import { expect } from '@open-wc/testing';
import { Bitrix24Client, type Transport, type TransportResponse } from '../../src/adapters/bitrix24/client.js';
import { CommandQueue } from '../../src/adapters/bitrix24/queue.js';
import { AdapterError } from '../../src/adapters/errors.js';

/** Answers `batch` by echoing each sub-command; a sub-command for method `fail.me` fails. */
class EchoTransport implements Transport {
  readonly label = 'example.bitrix24.com';
  readonly requests: Array<{ method: string; params: Record<string, unknown> }> = [];
  async call(method: string, params: unknown): Promise<TransportResponse> {
    const p = params as Record<string, unknown>;
    this.requests.push({ method, params: p });
    if (method !== 'batch') return { status: 200, body: { result: { single: method }, total: 1 } };
    const cmd = p['cmd'] as Record<string, string>;
    const result: Record<string, unknown> = {};
    const errors: Record<string, unknown> = {};
    const totals: Record<string, number> = {};
    for (const [k, q] of Object.entries(cmd)) {
      if (q.startsWith('fail.me')) errors[k] = { error: 'ACCESS_DENIED', error_description: 'Access denied!' };
      else {
        result[k] = q;
        totals[k] = q.length;
      }
    }
    return { status: 200, body: { result: { result, result_error: Object.keys(errors).length ? errors : [], result_total: totals, result_next: [] } } };
  }
}

const setup = () => {
  const transport = new EchoTransport();
  const client = new Bitrix24Client({ transport, throttle: { rate: 100, burst: 100 } });
  return { transport, queue: new CommandQueue(client, { delayMs: 5 }) };
};

describe('CommandQueue', () => {
  it('sends the calls of one window as one batch, and identical calls as one command', async () => {
    const { transport, queue } = setup();
    const [a, b, c] = await Promise.all([
      queue.call('crm.activity.list', { filter: { '>=CREATED': '2026-01-01' }, select: ['ID'] }),
      queue.call('crm.activity.list', { filter: { '>=CREATED': '2026-01-01' }, select: ['ID'] }),
      queue.call('crm.contact.get', { id: 3 }),
    ]);
    expect(transport.requests).to.have.length(1);
    expect(transport.requests[0]!.method).to.equal('batch');
    expect(Object.values(transport.requests[0]!.params['cmd'] as object)).to.deep.equal([
      'crm.activity.list?filter[%3E%3DCREATED]=2026-01-01&select[]=ID', 'crm.contact.get?id=3',
    ]);
    expect(a.result).to.equal('crm.activity.list?filter[%3E%3DCREATED]=2026-01-01&select[]=ID');
    expect(b).to.deep.equal(a);
    expect(a.total).to.equal(a.result && String(a.result).length);
    expect(c.result).to.equal('crm.contact.get?id=3');
  });

  it('sends a lone call directly, without batch', async () => {
    const { transport, queue } = setup();
    const r = await queue.call('crm.currency.base.get');
    expect(transport.requests.map((x) => x.method)).to.deep.equal(['crm.currency.base.get']);
    expect(r).to.deep.equal({ result: { single: 'crm.currency.base.get' }, total: 1 });
  });

  it('splits more than 50 commands into several batches, and fails only the failing command', async () => {
    const { transport, queue } = setup();
    const calls = Array.from({ length: 120 }, (_, i) => queue.call('crm.item.list', { entityTypeId: 2, start: i * 50 }));
    const failing = queue.call('fail.me');
    const results = await Promise.all(calls);
    expect(transport.requests).to.have.length(3);
    expect(results[119]!.result).to.equal('crm.item.list?entityTypeId=2&start=5950');
    const e = await failing.catch((x: unknown) => x);
    expect(e).to.be.instanceOf(AdapterError);
    expect((e as AdapterError).kind).to.equal('auth');
    expect((e as AdapterError).message).to.contain('fail.me');
  });

  it('rejects an aborted caller at once and drops a command nobody waits for', async () => {
    const { transport, queue } = setup();
    const ctl = new AbortController();
    const aborted = queue.call('crm.contact.get', { id: 1 }, ctl.signal);
    const kept = queue.call('crm.contact.get', { id: 2 });
    ctl.abort();
    const e = await aborted.catch((x: unknown) => x);
    expect((e as AdapterError).kind).to.equal('aborted');
    await kept;
    expect(transport.requests.map((x) => x.method)).to.deep.equal(['crm.contact.get']);
    expect(transport.requests[0]!.params).to.deep.equal({ id: 2 });
    const pre = new AbortController();
    pre.abort();
    expect(((await queue.call('x.y', {}, pre.signal).catch((x: unknown) => x)) as AdapterError).kind).to.equal('aborted');
  });

  it('rejects every caller of a batch that failed as a whole', async () => {
    const transport: Transport = { label: 'p', call: () => Promise.resolve({ status: 500, body: { error: 'INTERNAL_SERVER_ERROR', error_description: 'boom' } }) };
    const queue = new CommandQueue(new Bitrix24Client({ transport, retries: 0 }), { delayMs: 0 });
    const errors = await Promise.all([queue.call('a.b'), queue.call('c.d')].map((p) => p.catch((e: unknown) => e)));
    expect(errors.map((e) => (e as AdapterError).kind)).to.deep.equal(['network', 'network']);
  });
});
