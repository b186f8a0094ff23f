/**
 * The gear button is a chunk of its own (src/elements/widget/gear.ts): loaded by a widget that shows
 * it or may (a configurable widget alone, any widget of a profile being edited), never by a
 * read-only profile nor a system widget alone. Its place is kept while it loads, `updateComplete`
 * waits for it, and one that does not load is said and tried again at the next update. (The tests
 * run in order: the chunk is loaded once per page.)
 */
import { fixture, fixtureSync, html, expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/widget/define.js';
import '../../src/elements/profile/define.js';
import { widgetChunks, type CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import { $, $$, adapter, ZONE, clearStoredLayouts, expectFocusOn, isSettled, press, profileSettled } from './widget-helpers.js';
import { chunkLoader, type ChunkLoader } from '../helpers/chunks.js';

const gearOf = (w: CrmWidget) => $<HTMLButtonElement>(w, '.menu-button');
const width = (el: Element) => el.getBoundingClientRect().width;

/** A widget alone (not waiting for its updates). */
function widget(type = 'sales-amount') {
  return fixtureSync<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id="1" type=${type}
    period="last-90-days" time-zone=${ZONE} locale="en"></crm-widget>`);
}

describe('<crm-widget> gear button (a chunk)', () => {
  let chunk: ChunkLoader;
  beforeEach(() => {
    chunk = chunkLoader(widgetChunks, 'gear');
  });
  afterEach(() => {
    chunk.restore();
    clearStoredLayouts();
  });

  it('a read-only profile and a system widget alone never fetch it', async () => {
    const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" locale="en"
      time-zone="UTC" storage-key="gear-test"></crm-profile>`);
    await profileSettled(p);
    const widgets = $$<CrmWidget>(p, 'crm-widget');
    expect(widgets.some((w) => w.type !== 'system')).to.equal(true);
    expect(widgets.every((w) => gearOf(w) === null)).to.equal(true);
    const w = widget('system');
    await waitUntil(() => isSettled(w), 'the widget did not load');
    expect($(w, '.lock')).to.not.equal(null);
    expect(chunk.loads).to.equal(0);
  });

  it('that does not load: a crm-error and a warning, the numbers stay; the next update tries again; held back, its place is kept and updateComplete waits for it', async () => {
    chunk.fail();
    const warn = console.warn;
    const warnings: string[] = [];
    const errors: Error[] = [];
    console.warn = (...a: unknown[]) => void warnings.push(a.join(' '));
    let w: CrmWidget;
    try {
      w = await fixture<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id="1" type="sales-amount"
        period="last-90-days" time-zone=${ZONE} locale="en" @crm-error=${(e: CustomEvent<{ error: Error }>) => errors.push(e.detail.error)}></crm-widget>`);
      await waitUntil(() => isSettled(w) && errors.length > 0, 'no crm-error');
    } finally {
      console.warn = warn;
    }
    expect(errors[0]!.message).to.equal('Could not respond to "Sales amount": its code did not load (Failed to fetch dynamically imported module).');
    expect(warnings.some((m) => m.includes('Could not respond to "Sales amount"'))).to.equal(true);
    expect(gearOf(w)).to.equal(null);
    expect($(w, '.view [data-figure="won-value"]')).to.not.equal(null);
    // Its place is kept meanwhile: the header does not move when it comes.
    const anchor = $(w, '.menu-anchor')!;
    expect(width(anchor)).to.equal(32);
    const title = $(w, 'h3')!.getBoundingClientRect().toJSON() as unknown;
    // The next update tries again; the code held back, updateComplete waits for it.
    chunk.hold();
    w.theme = 'dark';
    let complete = false;
    void w.updateComplete.then(() => (complete = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(complete, 'updateComplete resolved before the gear came').to.equal(false);
    expect(gearOf(w)).to.equal(null);
    chunk.release();
    await w.updateComplete;
    const gear = gearOf(w)!;
    expect(gear).to.not.equal(null);
    expect(width(anchor)).to.equal(32);
    expect(width(gear)).to.equal(32);
    expect($(w, 'h3')!.getBoundingClientRect().toJSON()).to.deep.equal(title);
    // Its rules came with it.
    expect(getComputedStyle(gear).borderRadius).to.equal('50%');
  });

  it('works: the keyboard opens the menu on its first item, Escape closes it back on the gear; a click opens it', async () => {
    const w = widget();
    await w.updateComplete;
    const gear = gearOf(w)!;
    expect(gear, 'the gear, its code loaded, at the first update').to.not.equal(null);
    expect(getComputedStyle(gear).borderRadius, 'its rules, in this widget too').to.equal('50%');
    gear.focus();
    await press('ArrowDown');
    await waitUntil(() => $$(w, '[role="menuitem"]').length > 0, 'the menu did not open');
    await w.updateComplete;
    expect(gear.getAttribute('aria-expanded')).to.equal('true');
    expectFocusOn($$(w, '[role="menuitem"]')[0], 'the first item');
    await press('Escape');
    await w.updateComplete;
    expectFocusOn(gear, 'the gear');
    expect(gear.getAttribute('aria-expanded')).to.equal('false');
    gear.click();
    await waitUntil(() => $$(w, '[role="menuitem"]').length > 0, 'the click did not open the menu');
    await expect(w).to.be.accessible();
  });

  it('a profile being edited: every configurable widget shows it', async () => {
    const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" locale="en"
      time-zone="UTC" storage-key="gear-test-2" editable></crm-profile>`);
    await profileSettled(p);
    const widgets = $$<CrmWidget>(p, 'crm-widget');
    await waitUntil(() => widgets.filter((w) => w.type !== 'system').every((w) => gearOf(w) !== null), 'no gear in an editable profile');
    expect(widgets.filter((w) => w.type === 'system').every((w) => gearOf(w) === null)).to.equal(true);
  });
});
