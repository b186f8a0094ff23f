/**
 * checkedAdapter (src/adapters/checked.ts): what the elements do with the `adapter` property. A
 * host's own adapter is validated and bounded in time; the built-in adapters, which validate (or
 * generate) their answers themselves, pass through untouched.
 */
import { expect } from '@open-wc/testing';
import { checkedAdapter } from '../../src/adapters/checked.js';
import { ANSWERS_CHECKED, type CrmAdapter } from '../../src/adapters/adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { generateDemoData } from '../../src/adapters/demo/generate.js';
import { RestAdapter } from '../../src/adapters/rest/rest-adapter.js';
import { Bitrix24Adapter } from '../../src/adapters/bitrix24/adapter.js';

const demo = new DemoAdapter({ seed: 1 });
const C1 = { type: 'contact', id: '1' } as const;

describe('checkedAdapter', () => {
  it('the built-in adapters pass through: REST, Bitrix24 and the demo source over generated data', () => {
    const rest = new RestAdapter({ baseUrl: 'https://crm.example.com/api' });
    const b24 = new Bitrix24Adapter({ webhookUrl: 'https://portal.example.com/rest/1/abc/' });
    const generated = new DemoAdapter(generateDemoData({ seed: 2 }));
    for (const a of [rest, b24, demo, generated] as CrmAdapter[]) {
      expect(a[ANSWERS_CHECKED], a.label).to.equal(true);
      expect(checkedAdapter(a), a.label).to.equal(a);
    }
  });

  it('a demo source over a dataset the host built is checked like any host adapter', async () => {
    const data = structuredClone(generateDemoData({ seed: 1 }));
    const given = new DemoAdapter(data);
    expect(given[ANSWERS_CHECKED]).to.equal(false);
    const checked = checkedAdapter(given);
    expect(checked).to.not.equal(given);
    expect(checkedAdapter(given), 'one wrapper per adapter').to.equal(checked);
    (data.clients[0] as { name: unknown }).name = null;
    const e = await checked.getClient({ type: data.clients[0]!.type, id: data.clients[0]!.id }).then(() => undefined, (x: unknown) => x);
    expect(e).to.be.instanceOf(AdapterError);
    expect((e as AdapterError).kind).to.equal('invalid-data');
  });

  it('a host adapter that never answers fails with a timeout naming the call, and its signal aborts', async () => {
    let seen: AbortSignal | undefined;
    const hung: CrmAdapter = {
      label: 'Hung CRM', timeoutMs: 120,
      getClient: (_ref, signal) => {
        seen = signal;
        return new Promise(() => {});
      },
      records: (q, signal) => demo.records(q, signal),
    };
    const t0 = performance.now();
    const e = await checkedAdapter(hung).getClient(C1).then(() => undefined, (x: unknown) => x) as AdapterError;
    expect(performance.now() - t0).to.be.within(100, 2000);
    expect([e.kind, e.retryable, e.message]).to.deep.equal(['timeout', true, 'The data source "Hung CRM" did not answer (getClient) within 0.1 s; try again later.']);
    expect(seen?.aborted).to.equal(true);
    expect(seen?.reason).to.equal(e);
  });

  it('timeoutMs 0 waits as long as it takes; the caller\'s own abort still reaches the adapter', async () => {
    let seen: AbortSignal | undefined;
    const slow: CrmAdapter = {
      label: 'Slow CRM', timeoutMs: 0,
      getClient: (ref, signal) => {
        seen = signal;
        return new Promise((resolve) => setTimeout(() => resolve(demo.getClient(ref)), 150));
      },
      records: (q, signal) => demo.records(q, signal),
    };
    const ctl = new AbortController();
    const client = await checkedAdapter(slow).getClient(C1, ctl.signal);
    expect(client.id).to.equal('1');
    expect(seen).to.equal(ctl.signal);
  });
});
