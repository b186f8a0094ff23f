/**
 * adapterForSource: one lazily loaded adapter per source string. What elements read synchronously
 * (label, now, maxPageSize, which optional members exist) must be right before the adapter's code
 * is loaded, and equal the real adapter's after.
 */
import { expect } from '@open-wc/testing';
import { adapterForSource, SourceError } from '../../src/adapters/sources.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { generateDemoData } from '../../src/adapters/demo/generate.js';
import { DEMO_NOW } from '../../src/adapters/demo/now.js';
import { Bitrix24Adapter } from '../../src/adapters/bitrix24/adapter.js';
import { RestAdapter } from '../../src/adapters/rest/rest-adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import { METRICS, type MetricId } from '../../src/core/metrics.js';
import { resolvePeriod } from '../../src/core/period.js';

const OPTIONAL = ['aggregate', 'referenceData', 'loadLayout', 'saveLayout', 'invalidate', 'peerAverages'] as const;
const shape = (a: CrmAdapter) => Object.fromEntries(OPTIONAL.map((m) => [m, typeof a[m]]));
const sync = (a: CrmAdapter) => ({ label: a.label, now: a.now, maxPageSize: a.maxPageSize });

// A source string no other test uses, so that this test sees the adapter before it is loaded.
let n = 0;
const fresh = (prefix: string) => `${prefix}${prefix.endsWith(':') ? '' : ':'}${100 + n++}`;

describe('adapterForSource', () => {
  it('gives one shared adapter per source string (surrounding spaces ignored)', () => {
    const a = adapterForSource('demo:42');
    expect(adapterForSource(' demo:42 ')).to.equal(a);
    expect(adapterForSource('demo:43')).not.to.equal(a);
    expect(adapterForSource('demo')).to.equal(adapterForSource('demo'));
  });

  it('the demo source: label, fixed now, page size and optional members before and after loading equal a DemoAdapter\'s', async () => {
    expect(DEMO_NOW).to.equal(generateDemoData({ contacts: 1, companies: 1, years: 1 }).now);
    const key = fresh('demo');
    const a = adapterForSource(key);
    const real = new DemoAdapter({ seed: Number(key.slice(5)) });
    expect(sync(a)).to.deep.equal(sync(real));
    expect(shape(a)).to.deep.equal(shape(real));
    const loaded = await a.load();
    expect(loaded).to.be.instanceOf(DemoAdapter);
    expect(await a.load()).to.equal(loaded);
    expect((loaded as DemoAdapter).data.seed).to.equal(real.data.seed);
    expect(sync(a)).to.deep.equal(sync(real));
    expect(shape(a)).to.deep.equal(shape(real));
  });

  it('the demo source answers exactly as a DemoAdapter of the same seed, every metric', async () => {
    const key = fresh('demo');
    const a = adapterForSource(key);
    const real = new DemoAdapter({ seed: Number(key.slice(5)) });
    const ctx = {
      client: { type: 'contact' as const, id: '3' }, period: resolvePeriod('last-90-days', DEMO_NOW, 'UTC', 'en'), now: DEMO_NOW, locale: 'en',
    };
    const ids = Object.keys(METRICS) as MetricId[];
    expect(await evaluateMetrics(a, ctx, ids)).to.deep.equal(await evaluateMetrics(real, ctx, ids));
    expect(await a.getClient({ type: 'company', id: '2' })).to.deep.equal(await real.getClient({ type: 'company', id: '2' }));
    expect(await a.referenceData!()).to.deep.equal(await real.referenceData());
  });

  it('loads on first use: the first call of a fresh adapter answers (getClient, records, aggregate, referenceData)', async () => {
    const client = { type: 'contact' as const, id: '1' };
    const c = await adapterForSource(fresh('demo')).getClient(client);
    expect(c.id).to.equal('1');
    const page = await adapterForSource(fresh('demo')).records({ kind: 'deal', filter: { client }, page: { offset: 0, limit: 5 } });
    expect(page.items.length).to.be.greaterThan(0);
    const key = fresh('demo');
    const [count] = await adapterForSource(key).aggregate!([{ kind: 'deal', filter: { client }, measure: 'count' }]);
    const all = await new DemoAdapter({ seed: Number(key.slice(5)) }).records({ kind: 'deal', filter: { client }, page: { offset: 0, limit: 1 } });
    expect(count!.rows[0]!.count).to.equal(all.total);
    const reference = await adapterForSource(fresh('demo')).referenceData!();
    expect(reference.baseCurrency).to.be.a('string');
  });

  it('refuses to wait for an aborted signal with the aborted AdapterError', async () => {
    const a = adapterForSource(fresh('demo'));
    const e = await a.getClient({ type: 'contact', id: '1' }, AbortSignal.abort()).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(AdapterError);
    expect((e as AdapterError).kind).to.equal('aborted');
  });

  it('bitrix24:<webhook>: label and page size before loading, a Bitrix24Adapter after; a bad URL is refused on first use, the label never shows its code', async () => {
    const a = adapterForSource('bitrix24:https://sources-test.bitrix24.com/rest/1/abc123/');
    expect(sync(a)).to.deep.equal({ label: 'Bitrix24 (sources-test.bitrix24.com)', now: undefined, maxPageSize: 50 });
    const real = new Bitrix24Adapter({ webhookUrl: 'https://sources-test.bitrix24.com/rest/1/abc123/' });
    expect(shape(a)).to.deep.equal(shape(real));
    const loaded = await a.load();
    expect(loaded).to.be.instanceOf(Bitrix24Adapter);
    expect(sync(a)).to.deep.equal(sync(real));
    expect(shape(a)).to.deep.equal(shape(real));

    for (const [url, message] of [
      ['http://example.bitrix24.com/rest/1/s3cr3t/', /must start with https/],
      ['ftp://example.bitrix24.com/rest/1/s3cr3t/', /must start with https/],
      ['https://u:p@example.bitrix24.com/rest/1/s3cr3t/', /user name or password/],
      ['https://example.bitrix24.com/rest/1/s3cr3t/?x=1', /query string/],
      ['https://example.bitrix24.com/api/s3cr3t/', /the path must be/],
      ['not a url s3cr3t', /not a URL/],
    ] as const) {
      const bad = adapterForSource(`bitrix24:${url}`);
      expect(bad.label, url).not.to.contain('s3cr3t');
      const error = await bad.getClient({ type: 'contact', id: '1' }).then(() => undefined, (e: unknown) => e);
      expect(error, url).to.be.instanceOf(AdapterError);
      expect((error as AdapterError).kind).to.equal('invalid-data');
      expect((error as Error).message).to.match(message);
      expect((error as Error).message).not.to.contain('s3cr3t');
      // The adapter's own check, unchanged by the stand-in.
      expect(() => new Bitrix24Adapter({ webhookUrl: url })).to.throw((error as Error).message);
    }
  });

  it('rest:<base URL>: label and page size before loading, a RestAdapter after', async () => {
    const a = adapterForSource('rest:https://crm.example.com/api/profile/');
    const real = new RestAdapter({ baseUrl: 'https://crm.example.com/api/profile/' });
    expect(sync(a)).to.deep.equal({ label: 'crm.example.com', now: undefined, maxPageSize: real.maxPageSize });
    expect(shape(a)).to.deep.equal(shape(real));
    expect(await a.load()).to.be.instanceOf(RestAdapter);
    expect(sync(a)).to.deep.equal(sync(real));
    expect(shape(a)).to.deep.equal(shape(real));
    // A relative base URL resolves against the page, as RestAdapter does.
    expect(adapterForSource('rest:/api/profile/').label).to.equal(location.host);
  });

  it('rest: with a bad base URL fails on first use with the adapter\'s message, every time', async () => {
    const a = adapterForSource('rest:ftp://crm.example.com/');
    for (let i = 0; i < 2; i++) {
      const e = await a.getClient({ type: 'contact', id: '1' }).catch((x: unknown) => x);
      expect(e).to.be.instanceOf(AdapterError);
      expect((e as Error).message).to.match(/http or https/);
    }
  });

  it('an unknown source throws a SourceError that never quotes a URL', () => {
    expect(() => adapterForSource('nope')).to.throw(SourceError, 'Unknown data source "nope". Use source="demo"');
    expect(() => adapterForSource('demo:x')).to.throw(SourceError, 'Unknown data source "demo:x"');
    let error: unknown;
    try {
      adapterForSource('https://example.com/rest/1/s3cr3t/');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(SourceError);
    expect((error as Error).message).not.to.contain('s3cr3t');
    expect((error as Error).message).to.contain('source="rest:<base URL>"');
  });
});
