/**
 * Client vs peers (issue 6.8): the communication-load and system widgets show the source's average
 * over the clients of the same type beside the client's own number; a source without averages (or
 * failing ones) shows the widget's numbers alone.
 */
import { fixture, html, expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/widget/define.js';
import { widgetChunks, type CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { resolvePeriod } from '../../src/core/period.js';
import { formatAmount, formatNumber } from '../../src/i18n/index.js';
import { $, $$, adapter, reference, ZONE, loaded } from './widget-helpers.js';
import { chunkLoader } from '../helpers/chunks.js';

async function widget(type: string, source: CrmAdapter = adapter, entity: 'contact' | 'company' = 'contact', id = '1') {
  const w = await fixture<CrmWidget>(html`<crm-widget .adapter=${source} entity-type=${entity} entity-id=${id}
    type=${type} period="last-90-days" time-zone=${ZONE} locale="en"></crm-widget>`);
  await loaded(w);
  return w;
}

/** The demo source without averages. */
const without = (): CrmAdapter => ({
  label: adapter.label, now: adapter.now, maxPageSize: adapter.maxPageSize,
  getClient: (r, s) => adapter.getClient(r, s), records: (q, s) => adapter.records(q, s), aggregate: (q, s) => adapter.aggregate(q, s),
  referenceData: (s) => adapter.referenceData(s),
});
const period = () => resolvePeriod('last-90-days', adapter.now, ZONE, 'en');
const figureText = (w: CrmWidget, id: string) => {
  const f = $(w, `[data-figure="${id}"]`);
  return f && [f.querySelector('.label')!.textContent!.trim(), f.querySelector('.value')!.textContent!.trim()];
};

describe('<crm-widget> client vs peers', () => {
  // First in this page: the peers' code (a chunk, src/elements/widget/peers.ts) is not loaded yet.
  it('its code is a chunk loaded beside the numbers, which never wait for it (nor fail with it); updateComplete waits for it', async () => {
    const chunk = chunkLoader(widgetChunks, 'peers');
    const warn = console.warn;
    const warnings: string[] = [];
    let w: CrmWidget;
    // It does not load: the numbers alone, and a warning.
    chunk.fail();
    console.warn = (...a: unknown[]) => void warnings.push(a.join(' '));
    try {
      w = await widget('communication-load');
    } finally {
      console.warn = warn;
    }
    try {
      expect($(w, '[data-figure="communication-load"]')).to.not.equal(null);
      expect($(w, '[data-figure="peers-communication-load"]')).to.equal(null);
      expect(warnings.some((m) => m.includes('Could not read the averages of other clients: Failed to fetch dynamically imported module'))).to.equal(true);
      // The next run tries again; the code held back, the numbers come without it and the averages follow it.
      chunk.hold();
      const before = chunk.loads;
      w.refresh();
      await waitUntil(() => chunk.loads - before === 1 && $(w, '.view[aria-busy="false"] [data-figure="communication-load"]'), 'the numbers waited for the peers\' code');
      expect($(w, '[data-figure="peers-communication-load"]')).to.equal(null);
      let complete = false;
      void w.updateComplete.then(() => (complete = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(complete, 'updateComplete resolved before the peers\' code came').to.equal(false);
      chunk.release();
      await w.updateComplete;
      await waitUntil(() => $(w, '[data-figure="peers-communication-load"]'), 'the averages did not follow their code');
      const peers = await adapter.peerAverages('contact', period());
      expect(figureText(w, 'peers-communication-load')).to.deep.equal([`Average of ${peers.clients} contacts`, formatNumber(peers.communicationLoad!, 'en', 2)]);
      expect(chunk.loads - before).to.equal(1);
    } finally {
      chunk.restore();
    }
  });

  it('communication load: the average of the contacts beside the client\'s own, not clickable', async () => {
    const peers = await adapter.peerAverages('contact', period());
    const w = await widget('communication-load');
    // The averages follow the widget's own numbers (which never wait for them).
    await waitUntil(() => $(w, '[data-figure="peers-communication-load"]'), 'no peers figure');
    expect(peers.communicationLoad).to.be.a('number');
    expect(figureText(w, 'peers-communication-load')).to.deep.equal([`Average of ${peers.clients} contacts`, formatNumber(peers.communicationLoad!, 'en', 2)]);
    expect($(w, '[data-figure="peers-communication-load"]')!.tagName).to.equal('DIV');
    // Right after the client's own number.
    expect($$(w, '.figures [data-figure]').map((f) => f.dataset.figure).slice(0, 2)).to.deep.equal(['communication-load', 'peers-communication-load']);
    await expect(w).to.be.accessible();
  });

  it('system widget: the average value of won deals of the companies, in the display currency', async () => {
    const peers = await adapter.peerAverages('company', period());
    const w = await widget('system', adapter, 'company', '2');
    await waitUntil(() => $(w, '[data-figure="peers-won-value"]'), 'no peers figure');
    expect(peers.currency).to.equal(reference.baseCurrency);
    expect(figureText(w, 'peers-won-value')).to.deep.equal([`Average of ${peers.clients} companies`, formatAmount({ minor: peers.wonValueMinor!, currency: peers.currency }, 'en')]);
  });

  it('the numbers do not wait for slow averages; they follow', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: CrmAdapter = {
      ...without(), peerAverages: async (type, period, signal) => (await gate, adapter.peerAverages(type, period, signal)),
    };
    const w = await widget('communication-load', slow);
    expect($(w, '[data-figure="communication-load"]')).to.not.equal(null);
    expect($(w, '[data-figure="peers-communication-load"]')).to.equal(null);
    release();
    await waitUntil(() => $(w, '[data-figure="peers-communication-load"]'), 'the averages did not follow');
  });

  it('a source without averages, or failing ones: the widget\'s own numbers only (and a warning for the failure)', async () => {
    const w1 = await widget('communication-load', without());
    expect($(w1, '[data-figure="peers-communication-load"]')).to.equal(null);
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (...a: unknown[]) => void warnings.push(a.join(' '));
    try {
      const w2 = await widget('communication-load', { ...without(), peerAverages: () => Promise.reject(new Error('no averages today')) });
      expect($(w2, '[data-figure="peers-communication-load"]')).to.equal(null);
      expect($(w2, '[data-figure="communication-load"]')).to.not.equal(null);
    } finally {
      console.warn = warn;
    }
    expect(warnings.some((m) => m.includes('Could not read the averages of other clients: no averages today'))).to.equal(true);
  });
});
