/**
 * The layout rules (src/widgets/layout.ts: normalizeLayout, sanitizeSettings) are a lazy chunk
 * (src/widgets/layout-lazy.ts). This file runs in a page of its own, where they are not loaded yet:
 * the tests go in order, from "never loaded" through "failing" and "held back" to "loaded".
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { LayoutStore, STORAGE_PREFIX } from '../../src/controllers/layout-store.js';
import { defaultLayout, layoutChunks, loadedLayoutRules } from '../../src/widgets/layout-lazy.js';
import type { Layout } from '../../src/widgets/types.js';
import { $, $$, adapter, clearStoredLayouts, has, loaded, profileSettled, titleOf } from './widget-helpers.js';
import { CountingAdapter } from '../adapters/counting-adapter.js';
import { chunkLoader } from '../helpers/chunks.js';

const chunk = chunkLoader(layoutChunks, 'rules');
const typesOf = (p: CrmProfile) => $$<CrmWidget>(p, 'crm-widget').map((w) => w.type);

/** Runs `body` with console.error captured. */
async function capturingErrors(body: (errors: string[]) => Promise<void>): Promise<void> {
  const error = console.error;
  const errors: string[] = [];
  console.error = (...a: unknown[]) => void errors.push(a.map(String).join(' '));
  try {
    await body(errors);
  } finally {
    console.error = error;
  }
}

describe('the layout rules, a lazy chunk', () => {
  beforeEach(clearStoredLayouts);
  after(clearStoredLayouts);

  it('a profile with the default layout and its widgets (no settings) never load them', async () => {
    const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1"></crm-profile>`);
    await profileSettled(p);
    expect(typesOf(p)).to.deep.equal(defaultLayout().items.map((i) => i.type));
    expect(chunk.loads).to.equal(0);
    expect(loadedLayoutRules()).to.equal(undefined);
  });

  it('when their code does not load: a host layout leaves the profile its own (a console error); a widget with settings shows an error', async () => {
    chunk.fail();
    await capturingErrors(async (errors) => {
      const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1"
        layout="load-by-channel, sales-amount"></crm-profile>`);
      await profileSettled(p);
      expect(typesOf(p)).to.deep.equal(defaultLayout().items.map((i) => i.type));
      expect(errors.filter((e) => e.includes('the layout could not be checked'))).to.have.length(1);
      await expect(p).to.be.accessible();
    });
    const w = await fixture<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id="1" type="sales-amount"
      settings='{"title":"My sales"}'></crm-widget>`);
    await loaded(w);
    expect($(w, '.body .error[role="alert"]')!.textContent).to.contain("The widget's settings could not be checked: their code did not load");
    // Another tab's change (or removal) meanwhile: not read, the page keeps its layout and says why.
    const warnings: string[] = [];
    const heard: Layout[] = [];
    const off = new LayoutStore({ key: 'failing-tab', onWarning: (x) => warnings.push(`${x.code}: ${x.message}`) }).subscribe((r) => heard.push(r.layout));
    for (const newValue of ['["system","sales-amount"]', null]) {
      window.dispatchEvent(new StorageEvent('storage', { key: `${STORAGE_PREFIX}failing-tab`, newValue }));
    }
    await waitUntil(() => warnings.length === 2, 'no warnings');
    off();
    expect(heard).to.deep.equal([]);
    expect(warnings[0]).to.match(/^unavailable: another tab changed the layout, but the code that checks layouts did not load \(TypeError: Failed to fetch dynamically imported module\): this page keeps its layout$/);
    await expect(w).to.be.accessible();
    expect(loadedLayoutRules()).to.equal(undefined);
  });

  it('held back: profiles with a host or a stored layout and widgets with settings show skeletons, no widget reads (only the headers do); then theirs', async () => {
    // The profiles' reads, and the widget's (its own source).
    const counting = new CountingAdapter(adapter);
    const alone = new CountingAdapter(adapter);
    // A widget that failed before: its Retry waits for the held chunk like the others.
    chunk.fail();
    const failed = await fixture<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id="1" type="sales-amount"
      settings='{"title":"Retried"}'></crm-widget>`);
    await loaded(failed);
    chunk.hold();
    localStorage.setItem(`${STORAGE_PREFIX}stored-here`, JSON.stringify({ version: 1, items: [{ id: 'a', type: 'system', settings: {} }, { id: 'b', type: 'deal-conversion', settings: {} }] }));
    const page = await fixture<HTMLElement>(html`<div>
      <crm-profile id="host" .adapter=${counting} entity-type="contact" entity-id="1" storage-key="host-here" layout="load-by-channel, sales-amount"></crm-profile>
      <crm-profile id="stored" .adapter=${counting} entity-type="contact" entity-id="1" storage-key="stored-here"></crm-profile>
      <crm-widget .adapter=${alone} entity-type="contact" entity-id="1" type="sales-amount" settings='{"title":"Mine"}'></crm-widget>
    </div>`);
    const [host, stored] = [page.querySelector<CrmProfile>('#host')!, page.querySelector<CrmProfile>('#stored')!];
    const widget = page.querySelector<CrmWidget>('crm-widget')!;
    $<HTMLButtonElement>(failed, '.body .error button')!.click();
    // Another tab's changes heard meanwhile are read in order once the rules come.
    const heard: Layout[] = [];
    const store = new LayoutStore({ key: 'other-tab' });
    const off = store.subscribe((r) => heard.push(r.layout));
    const key = `${STORAGE_PREFIX}other-tab`;
    window.dispatchEvent(new StorageEvent('storage', { key, newValue: '["system","sales-amount"]' }));
    window.dispatchEvent(new StorageEvent('storage', { key, newValue: null }));

    for (let i = 0; i < 5; i++) await new Promise(requestAnimationFrame);
    for (const p of [host, stored]) {
      expect(has(p, '.client.skeleton[aria-busy="true"]'), p.id).to.equal(true);
      expect(typesOf(p), p.id).to.deep.equal([]);
    }
    for (const w of [widget, failed]) expect(has(w, '.skeleton'), 'widget skeleton').to.equal(true);
    expect(heard).to.deep.equal([]);
    await expect(host).to.be.accessible();
    await expect(widget).to.be.accessible();
    // Only the headers read meanwhile: the layout's wait keeps the widgets out, not the header,
    // which needs no layout and is not read again (a url or period wait holds the header too).
    // Each header: the client, the reference data, the communication load (a page of deals and an
    // aggregate of activities) and the peers' average. (They start once the checking of a host's
    // answers has loaded, src/adapters/checked-answers.ts, a chunk: hence the wait.)
    const HEADERS = { getClient: 2, records: 2, aggregate: 2, referenceData: 2, peerAverages: 2 };
    await waitUntil(() => counting.calls.peerAverages === 2, 'the headers did not read');
    expect(counting.calls).to.deep.equal(HEADERS);
    expect(alone.total).to.equal(0);

    chunk.release();
    await profileSettled(host);
    await profileSettled(stored);
    await loaded(widget);
    await loaded(failed);
    expect(typesOf(host)).to.deep.equal(['system', 'load-by-channel', 'sales-amount']);
    expect(typesOf(stored)).to.deep.equal(['system', 'deal-conversion']);
    expect(titleOf(widget)).to.equal('Mine');
    expect(titleOf(failed)).to.equal('Retried');
    expect(heard).to.deep.equal([
      { version: 1, items: [{ id: 'w1', type: 'system', settings: {} }, { id: 'w2', type: 'sales-amount', settings: {} }] },
      defaultLayout(),
    ]);
    off();
    expect(counting.calls.getClient, 'the headers were not read again').to.equal(HEADERS.getClient);
    await expect(host).to.be.accessible();
    expect(loadedLayoutRules()).to.not.equal(undefined);
  });
});
