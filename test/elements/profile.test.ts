import { fixture, html, expect, waitUntil, aTimeout } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/elements/profile/define.js';
import { CrmProfile, type LayoutChangeDetail } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmPeriodPicker } from '../../src/elements/period-picker/period-picker.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import { parsePeriod, resolvePeriod } from '../../src/core/period.js';
import type { ClientRef } from '../../src/core/model.js';
import { formatNumber, periodLabel } from '../../src/i18n/index.js';
import { STORAGE_PREFIX } from '../../src/controllers/layout-store.js';
import { DEFAULT_WIDGET_TYPES, type Layout, type WidgetType } from '../../src/widgets/types.js';
import { VERSION } from '../../src/version.js';
import {
  $, $$, CONTACT_1, CONTACT_4, FlakyAdapter, adapter, checkReconciles, clearStoredLayouts, closePanel, deepActive, describeEl,
  expectFocusOn, expectedFigures, figureButton, finishAnimations, gearOf, has, metricsFor, oneEvent, openFigure,
  outOfOrderAdapter, press, settingsOf, shown, slowSource, profileSettled, tabTo, titleOf, whileChunkFails,
} from './widget-helpers.js';

// ─── fixtures ────────────────────────────────────────────────────────────────────────────────────

let keys = 0;
/** A storage key no other test uses. */
const uniqueKey = (name: string) => `profile-test-${name}-${Date.now()}-${++keys}`;

interface Mount {
  key?: string;
  source?: CrmAdapter;
  period?: string;
  client?: ClientRef;
  editable?: boolean;
  theme?: 'light' | 'dark';
  /** A stored layout of these types (ids w1, w2, …) instead of the default one. */
  types?: readonly WidgetType[];
}

function profileTemplate(m: Mount) {
  const client = m.client ?? CONTACT_1;
  return html`<crm-profile entity-type=${client.type} entity-id=${client.id} period=${m.period ?? 'last-30-days'} locale="en"
    time-zone="UTC" theme=${m.theme ?? 'light'} storage-key=${m.key ?? uniqueKey('p')} ?editable=${m.editable ?? false}
    .adapter=${m.source ?? adapter}></crm-profile>`;
}

/** A profile after a focusable "start" button, so that keyboard tests can Tab into it. */
async function mount(m: Mount = {}, settle = true): Promise<CrmProfile> {
  if (m.types) {
    const key = m.key ?? uniqueKey('small');
    const items = m.types.map((type, i) => ({ id: `w${i + 1}`, type, settings: {} }));
    localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify({ version: 1, items }));
    m = { ...m, key };
  }
  const wrap = await fixture<HTMLDivElement>(html`<div><button id="start">Start</button>${profileTemplate(m)}</div>`);
  const p = wrap.querySelector('crm-profile')!;
  const types = m.types?.join();
  if (types) await waitUntil(() => widgetsOf(p).map((w) => w.type).join() === types, 'the stored layout was not read');
  if (settle) await profileSettled(p);
  return p;
}

const widgetsOf = (p: CrmProfile) => $$<CrmWidget>(p, 'crm-widget');
const widget = (p: CrmProfile, id: string) => $<CrmWidget>(p, `crm-widget[widget-id="${id}"]`)!;
const order = (p: CrmProfile) => widgetsOf(p).map((w) => w.widgetId);
const button = (p: CrmProfile, text: string) => $$<HTMLButtonElement>(p, '.toolbar button, .undo button')
  .find((b) => b.textContent!.replace(/\s+/g, ' ').trim().endsWith(text)) ?? null;
const picker = (p: CrmProfile) => $<CrmPeriodPicker>(p, 'crm-period-picker')!;
const pickerButton = (p: CrmProfile) => picker(p).shadowRoot!.querySelector<HTMLButtonElement>('#button')!;



const SMALL: readonly WidgetType[] = ['system', 'load-by-channel', 'sales-amount'];

// ─── tests ───────────────────────────────────────────────────────────────────────────────────────

describe('<crm-profile>', () => {
  before(async () => {
    await setViewport({ width: 1280, height: 900 });
  });

  afterEach(() => {
    clearStoredLayouts();
  });

  it('is defined by define.ts with the suite version', () => {
    expect(customElements.get('crm-profile') === CrmProfile).to.equal(true);
    expect(CrmProfile.version).to.equal(VERSION);
  });

  it('is read-only without editable: no gear menu, no add or edit buttons; editable brings them', async () => {
    const p = await mount({ types: ['system', 'load-by-channel'] });
    expect(widget(p, 'w2').shadowRoot!.querySelector('.menu-button')).to.equal(null);
    expect(button(p, 'Add widget')).to.equal(null);
    expect(button(p, 'Edit layout')).to.equal(null);
    p.editable = true;
    await waitUntil(() => widget(p, 'w2').shadowRoot!.querySelector('.menu-button') !== null, 'no gear menu once editable');
    expect(button(p, 'Add widget')).not.to.equal(null);
  });

  it('when the edit mode cannot be loaded, the profile stays read-only, says why, and tries again on its next update', async () => {
    let p!: CrmProfile;
    await whileChunkFails('editor', async (errors) => {
      p = await mount({ editable: true, types: ['system', 'load-by-channel'] });
      expect(errors.some((m) => m.includes('the edit mode could not be loaded; the profile stays read-only')), errors.join('\n')).to.equal(true);
      // Updates try again, without a new message each time.
      p.requestUpdate();
      await p.updateComplete;
      expect(errors.filter((m) => m.includes('the edit mode could not be loaded')), 'said once').to.have.length(1);
      expect(button(p, 'Add widget')).to.equal(null);
      expect(widget(p, 'w2').shadowRoot!.querySelector('.menu-button'), 'no gear menu').to.equal(null);
      expect(widgetsOf(p).every((w) => w.shadowRoot!.querySelector('.view[aria-busy="false"]')), 'the numbers show').to.equal(true);
      await expect(p).to.be.accessible();
    });
    // The chunk loads again: the next update brings the tools and the gear menus.
    p.requestUpdate();
    await p.updateComplete;
    expect(button(p, 'Add widget')).not.to.equal(null);
    await waitUntil(() => widget(p, 'w2').shadowRoot!.querySelector('.menu-button') !== null, 'no gear menu once loaded');
  });

  describe('context', () => {
    it('shows as initials the first letter of the first two words, skipping quotes and signs', async () => {
      const named = (name: string): CrmAdapter => ({
        label: 'Named', records: adapter.records.bind(adapter),
        getClient: async (ref) => {
          const client = { ...(await adapter.getClient(ref)), name };
          delete client.photoUrl; // (the initials show in place of a photo)
          return client;
        },
      });
      for (const [name, initials] of [['АО «Техностиль»', 'АТ'], ['"Acme" & Sons', 'AS'], ['ada lovelace', 'AL'], ['3M', '3']]) {
        const p = await mount({ source: named(name!), client: { type: 'company', id: '2' } });
        expect($(p, '.avatar')!.textContent, name).to.equal(initials);
      }
    });

    it('shows the client, its communication load and every widget of the default layout in order', async () => {
      const loads: unknown[] = [];
      const wrap = await fixture<HTMLDivElement>(html`<div @crm-load=${(e: CustomEvent) => { if (e.composedPath()[0] instanceof CrmProfile) loads.push(e.detail); }}>
        ${profileTemplate({ period: 'last-90-days' })}</div>`);
      const p = wrap.querySelector('crm-profile')!;
      await profileSettled(p);
      const client = await adapter.getClient(CONTACT_1);
      expect($(p, '.client h2')!.textContent).to.equal(client.name);
      expect(loads).to.have.length(1);
      const load = await evaluateMetrics(adapter, {
        client: CONTACT_1, period: resolvePeriod('last-90-days', adapter.now, 'UTC', 'en'), now: adapter.now, locale: 'en',
      }, ['communication-load']);
      expect($(p, '.load-value strong')!.textContent).to.equal(formatNumber(load['communication-load'].value as number, 'en', 2));
      expect(order(p)).to.deep.equal(DEFAULT_WIDGET_TYPES.map((_, i) => `w${i + 1}`));
      expect(widgetsOf(p).map((w) => w.type)).to.deep.equal([...DEFAULT_WIDGET_TYPES]);
      expect(picker(p).value).to.equal('last-90-days');
    });

    it('removed while its header loads: the reading is cancelled, no crm-error; put back, the header loads again', async () => {
      const signals: AbortSignal[] = [];
      let slow = true;
      const gated: CrmAdapter = {
        label: 'Gated', records: adapter.records.bind(adapter),
        getClient: async (ref, signal) => {
          signals.push(signal!);
          if (slow) await new Promise((resolve) => setTimeout(resolve, 200));
          signal?.throwIfAborted();
          return adapter.getClient(ref);
        },
      };
      const errors: unknown[] = [];
      const wrap = await fixture<HTMLDivElement>(html`<div @crm-error=${(e: CustomEvent) => {
        if (e.composedPath()[0] instanceof CrmProfile) errors.push(e.detail);
      }}>${profileTemplate({ source: gated, types: SMALL })}</div>`);
      const p = wrap.querySelector('crm-profile')!;
      await waitUntil(() => signals.length === 1, 'the client was not read');
      wrap.prepend(p); // moved in the page: the reading goes on
      await aTimeout(0);
      expect(signals[0]!.aborted, 'a move cancels nothing').to.equal(false);
      p.remove();
      await aTimeout(0);
      expect(signals[0]!.aborted, 'out of the document: cancelled').to.equal(true);
      slow = false;
      wrap.append(p);
      await profileSettled(p);
      expect(signals).to.have.length(2);
      expect($(p, '.client h2')!.textContent).to.equal((await adapter.getClient(CONTACT_1)).name);
      expect(errors).to.deep.equal([]);
    });

    it('its widgets take adapter, client, period and currency from it: every number reconciles with its panel', async () => {
      const p = await mount({ period: 'current-quarter' });
      const opened = await Promise.all(widgetsOf(p).map(async (w) =>
        checkReconciles(w, expectedFigures(w.type, await metricsFor(w.type, 'current-quarter')), `profile ${w.type}`)));
      expect(opened.reduce((a, b) => a + b, 0)).to.be.greaterThan(20);
    });

    it('20 rapid period changes end showing the last period\'s numbers, even when older answers arrive later', async () => {
      const p = await mount({ source: outOfOrderAdapter(250, 12) });
      const periods = ['last-7-days', 'all-time', 'current-month', 'last-60-days', 'current-quarter', 'last-90-days', 'year:2025'];
      const changes: string[] = [];
      p.addEventListener('crm-period-change', (e) => changes.push((e as CustomEvent<{ value: string }>).detail.value));
      let last = '';
      for (let i = 0; i < 20; i++) {
        last = periods[(i * 3) % periods.length]!;
        p.period = last;
        await p.updateComplete;
        await aTimeout(i % 3);
      }
      await profileSettled(p);
      await aTimeout(300); // every older answer has come back by now
      await profileSettled(p);
      expect(picker(p).value).to.equal(last);
      const label = periodLabel(parsePeriod(last), 'en');
      await Promise.all(widgetsOf(p).map(async (w) => {
        const expected = expectedFigures(w.type, await metricsFor(w.type, last));
        expect(shown(w).map((f) => [f.id, f.text]), `${w.type} after 20 changes`).to.deep.equal(expected.map((e) => [e.id, e.text]));
        expect($(w, '[part="badge"]')!.textContent).to.equal(label);
      }));
      const load = await evaluateMetrics(adapter, {
        client: CONTACT_1, period: resolvePeriod(last, adapter.now, 'UTC', 'en'), now: adapter.now, locale: 'en',
      }, ['communication-load']);
      const v = load['communication-load'].value;
      expect($(p, '.load-value strong')!.textContent).to.equal(v === null ? '—' : formatNumber(v as number, 'en', 2));
      expect(changes).to.deep.equal([]); // set by the host: no event
    });

    it('keeps loading when it is moved in the DOM while loading', async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div><p>before</p>${profileTemplate({ source: slowSource(120) })}</div>`);
      const p = wrap.querySelector('crm-profile')!;
      await aTimeout(20);
      wrap.prepend(p);
      await profileSettled(p);
      expect(has(p, '.client.error'), $(p, '.client.error')?.textContent ?? '').to.equal(false);
      expect(widgetsOf(p).filter((w) => has(w, '.error')).map((w) => w.type)).to.deep.equal([]);
    });
  });

  describe('layout', () => {
    it('a widget keeps its element, its numbers and its open drill-down while another tab removes the widget before it', async () => {
      const key = uniqueKey('keyed');
      const p = await mount({ key, period: 'all-time', types: SMALL });
      const w3 = widget(p, 'w3');
      const panel = await openFigure(w3, 'sales-open');
      const items = p.layout.items.filter((i) => i.id !== 'w2');
      window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_PREFIX + key, newValue: JSON.stringify({ version: 1, items }) }));
      await waitUntil(() => order(p).join() === 'w1,w3', 'the other tab\'s layout was not taken');
      await p.updateComplete;
      expect(widget(p, 'w3'), 'the same element').to.equal(w3);
      expect(panel.open, 'the drill-down stays open').to.equal(true);
      expect((deepActive()?.getRootNode() as ShadowRoot | undefined)?.host, 'the focus stays in it').to.equal(panel);
      await closePanel(panel);
    });

    it('remove + reorder + settings survive a reload (same storage key)', async () => {
      const key = uniqueKey('reload');
      const p = await mount({ key, editable: true });
      const changes: LayoutChangeDetail[] = [];
      p.addEventListener('crm-layout-change', (e) => changes.push((e as CustomEvent<LayoutChangeDetail>).detail));

      // Remove "preferred channel" (w3) from its gear menu.
      gearOf(widget(p, 'w3'))!.click();
      await widget(p, 'w3').updateComplete;
      $$<HTMLButtonElement>(widget(p, 'w3'), '[role="menuitem"]').find((b) => b.textContent === 'Remove')!.click();
      await p.updateComplete;
      expect(order(p)).to.deep.equal(['w1', 'w2', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9']);

      // Move "deal conversion" (w5) earlier.
      const w5 = widget(p, 'w5');
      gearOf(w5)!.click();
      await w5.updateComplete;
      $$<HTMLButtonElement>(w5, '[role="menuitem"]').find((b) => b.textContent === 'Move earlier')!.click();
      await p.updateComplete;
      expect(order(p)).to.deep.equal(['w1', 'w2', 'w5', 'w4', 'w6', 'w7', 'w8', 'w9']);

      // Settings of "load by channel" (w2): a title, a bar chart and calls only.
      const w2 = widget(p, 'w2');
      gearOf(w2)!.click();
      await w2.updateComplete;
      $$<HTMLButtonElement>(w2, '[role="menuitem"]').find((b) => b.textContent === 'Settings')!.click();
      const dialog = settingsOf(w2);
      await waitUntil(() => dialog.open, 'the settings dialog did not open');
      const root = dialog.shadowRoot!;
      const title = root.querySelector<HTMLInputElement>('#f-title')!;
      title.value = 'Calls only';
      title.dispatchEvent(new InputEvent('input'));
      root.querySelector<HTMLInputElement>('input[name="chart"][value="bar"]')!.click();
      root.querySelector<HTMLInputElement>('input[name="channels"][value="call"]')!.click();
      await dialog.updateComplete;
      root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
      await waitUntil(() => !dialog.open);
      await p.updateComplete;
      expect(changes.map((c) => c.reason)).to.deep.equal(['remove', 'move', 'settings']);
      const saved = changes.at(-1)!.layout;
      expect(saved.items.find((i) => i.id === 'w2')!.settings).to.deep.equal({ title: 'Calls only', channels: ['call'], chart: 'bar' });
      const stored = JSON.parse(localStorage.getItem(STORAGE_PREFIX + key)!) as Layout;
      expect(stored.items).to.deep.equal(saved.items);

      // "Reload": a new profile with the same key.
      const before = { layout: p.layout, order: order(p) };
      p.remove();
      const again = await mount({ key, editable: true });
      await waitUntil(() => order(again).join() === before.order.join(), 'the stored layout was not read back');
      await profileSettled(again);
      expect(again.layout.items).to.deep.equal(before.layout.items);
      expect(order(again)).to.deep.equal(['w1', 'w2', 'w5', 'w4', 'w6', 'w7', 'w8', 'w9']);
      const w2again = widget(again, 'w2');
      expect(titleOf(w2again)).to.equal('Calls only');
      expect(w2again.effectiveSettings).to.deep.equal({ title: 'Calls only', channels: ['call'], chart: 'bar' });
      // The settings apply: calls only.
      expect(shown(w2again).map((f) => f.id)).to.deep.equal(['load-by-channel', 'channel-call']);
    });

    it('Undo brings a removed widget back in its place', async () => {
      const p = await mount({ editable: true });
      gearOf(widget(p, 'w4'))!.click();
      await widget(p, 'w4').updateComplete;
      $$<HTMLButtonElement>(widget(p, 'w4'), '[role="menuitem"]').at(-1)!.click();
      await p.updateComplete;
      expect($(p, '.undo span')!.textContent).to.equal('Widget “Communication load” removed');
      expect($(p, '[role="status"]')!.textContent).to.equal('Widget “Communication load” removed');
      button(p, 'Undo')!.click();
      await p.updateComplete;
      expect(order(p)).to.deep.equal(DEFAULT_WIDGET_TYPES.map((_, i) => `w${i + 1}`));
      expect(has(p, '.undo')).to.equal(false);
    });

    it('a layout set by the host replaces the default one (and is repaired)', async () => {
      const p = await mount({ editable: true });
      p.layout = { version: 1, items: [{ id: 'x', type: 'sales-amount', settings: {} }, { id: 'sys', type: 'system', settings: {} }] } as Layout;
      await p.updateComplete;
      await profileSettled(p);
      expect(widgetsOf(p).map((w) => [w.widgetId, w.type])).to.deep.equal([['sys', 'system'], ['x', 'sales-amount']]);
    });

    it('a layout given by the host at creation is the one shown (not replaced by the stored or default one)', async () => {
      const layout: Layout = { version: 1, items: [{ id: 's', type: 'system', settings: {} }, { id: 'i', type: 'invoice-amounts', settings: { title: 'Bills' } }] };
      const wrap = await fixture<HTMLDivElement>(html`<div><crm-profile entity-type="contact" entity-id="1" locale="en" time-zone="UTC"
        storage-key=${uniqueKey('host')} .adapter=${adapter} .layout=${layout}></crm-profile></div>`);
      const p = wrap.querySelector('crm-profile')!;
      await profileSettled(p);
      await aTimeout(20);
      expect(widgetsOf(p).map((w) => [w.widgetId, w.type])).to.deep.equal([['s', 'system'], ['i', 'invoice-amounts']]);
      expect(titleOf(widget(p, 'i'))).to.equal('Bills');
      // It replaces the stored one.
      const stored = JSON.parse(localStorage.getItem(STORAGE_PREFIX + p.storageKey)!) as Layout;
      expect(stored.items).to.deep.equal(layout.items);
    });

    it('the add-widget menu is disabled at 30 widgets', async () => {
      const items = [{ id: 'w1', type: 'system', settings: {} }, ...Array.from({ length: 29 }, (_, i) => ({ id: `n${i}`, type: 'invoice-conversion', settings: {} }))];
      const key = uniqueKey('full');
      localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify({ version: 1, items }));
      const p = await mount({ key, editable: true }, false);
      await waitUntil(() => widgetsOf(p).length === 30, 'the stored layout was not read');
      await p.updateComplete; // the edit mode's chunk
      const add = $<HTMLButtonElement>(p, '.add-button')!;
      expect(add.disabled).to.equal(true);
      expect(add.title).to.equal('At most 30 widgets');
    });

    it('without editable: no add or edit-layout buttons', async () => {
      const p = await mount();
      expect(has(p, '.add-button')).to.equal(false);
      expect(button(p, 'Edit layout') === null).to.equal(true);
      expect(button(p, 'Refresh') !== null).to.equal(true);
    });
  });

  it('forgets the Undo snapshot once anything else changes (no later edit is lost)', async () => {
    const p = await mount({ editable: true, types: ['system', 'load-by-channel', 'sales-amount'] });
    widget(p, 'w2').dispatchEvent(new CustomEvent('crm-widget-action', { detail: { id: 'w2', action: 'remove' }, bubbles: true, composed: true }));
    await p.updateComplete;
    expect(button(p, 'Undo')).not.to.equal(null);
    widget(p, 'w3').dispatchEvent(new CustomEvent('crm-widget-settings-change', {
      detail: { id: 'w3', settings: { title: 'Kept' } }, bubbles: true, composed: true,
    }));
    await p.updateComplete;
    expect(button(p, 'Undo')).to.equal(null);
    expect(p.layout.items.map((item) => [item.id, item.settings.title ?? ''])).to.deep.equal([['w1', ''], ['w3', 'Kept']]);
  });

  it('reorders with the pointer: drag a handle onto another widget (the system widget never takes a drop)', async () => {
    const p = await mount({ editable: true, types: ['system', 'load-by-channel', 'sales-amount', 'invoice-amounts'] });
    button(p, 'Edit layout')!.click();
    await p.updateComplete;
    const data = new DataTransfer();
    const handle = $<HTMLElement>(p, '.handle[data-id="w4"]')!;
    handle.dispatchEvent(new DragEvent('dragstart', { dataTransfer: data, bubbles: true, composed: true }));
    const target = widget(p, 'w2').parentElement!;
    const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, composed: true, cancelable: true });
    target.dispatchEvent(over);
    expect(over.defaultPrevented).to.equal(true);
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await p.updateComplete;
    expect(order(p)).to.deep.equal(['w1', 'w4', 'w2', 'w3']);
    const system = widget(p, 'w1').parentElement!;
    const overSystem = new DragEvent('dragover', { dataTransfer: data, bubbles: true, composed: true, cancelable: true });
    system.dispatchEvent(overSystem);
    expect(overSystem.defaultPrevented).to.equal(false);
    expect(JSON.parse(localStorage.getItem(STORAGE_PREFIX + p.storageKey)!).items.map((x: { id: string }) => x.id))
      .to.deep.equal(['w1', 'w4', 'w2', 'w3']);
    // The edit mode no longer in force (read-only now): the grid takes no drop.
    p.editable = false;
    await p.updateComplete;
    const overReadOnly = new DragEvent('dragover', { dataTransfer: data, bubbles: true, composed: true, cancelable: true });
    widget(p, 'w2').parentElement!.dispatchEvent(overReadOnly);
    expect(overReadOnly.defaultPrevented).to.equal(false);
    widget(p, 'w2').parentElement!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await p.updateComplete;
    expect(order(p)).to.deep.equal(['w1', 'w4', 'w2', 'w3']);
  });

  describe('keyboard only', () => {
    it('change the period: Tab to the picker, open it, choose, focus back on it; the numbers follow', async () => {
      const p = await mount({ types: SMALL });
      const events: string[] = [];
      p.addEventListener('crm-period-change', (e) => events.push((e as CustomEvent<{ value: string }>).detail.value));
      p.parentElement!.querySelector<HTMLButtonElement>('#start')!.focus();
      await tabTo(() => pickerButton(p), 'the period picker');
      expect(pickerButton(p).getAttribute('aria-label')).to.equal('Reporting period: Last 30 days');
      await press('Enter');
      await picker(p).updateComplete;
      expectFocusOn(picker(p).shadowRoot!.querySelector('#listbox'), 'the list of periods');
      await press('ArrowDown'); // last 60 days
      await press('ArrowDown'); // last 90 days
      await press('Enter');
      await p.updateComplete;
      await picker(p).updateComplete;
      expectFocusOn(pickerButton(p), 'the period picker button');
      expect(events).to.deep.equal(['last-90-days']);
      expect(p.period).to.equal('last-90-days');
      await profileSettled(p);
      const w = widget(p, 'w1');
      const expected = expectedFigures('system', await metricsFor('system', 'last-90-days'));
      expect(shown(w).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
      expect($(w, '[part="badge"]')!.textContent).to.equal('Last 90 days');
    });

    it('open and save settings: gear, Enter, Enter on Settings, type, Enter; focus back on the gear', async () => {
      const p = await mount({ editable: true, types: SMALL });
      const w2 = widget(p, 'w2');
      p.parentElement!.querySelector<HTMLButtonElement>('#start')!.focus();
      await tabTo(() => gearOf(w2), 'the gear of "Load by channel"');
      await press('Enter');
      await w2.updateComplete;
      expectFocusOn($(w2, '[role="menuitem"]'), 'the Settings item');
      expect($$(w2, '[role="menuitem"]').map((i) => i.textContent)).to.deep.equal(['Settings', 'Move earlier', 'Move later', 'Remove']);
      await press('Enter');
      const dialog = settingsOf(w2);
      await waitUntil(() => dialog.open, 'the settings dialog did not open');
      expectFocusOn(dialog.shadowRoot!.querySelector('#f-title'), 'the title field');
      await sendKeys({ type: 'Channels' });
      const change = oneEvent<LayoutChangeDetail>(p, 'crm-layout-change');
      await press('Enter');
      const { detail } = await change;
      expect(detail.reason).to.equal('settings');
      expect(detail.layout.items[1]!.settings).to.deep.equal({ title: 'Channels', chart: 'doughnut' });
      await waitUntil(() => !dialog.open);
      expectFocusOn(gearOf(w2), 'the gear of the widget');
      await w2.updateComplete;
      expect(titleOf(w2)).to.equal('Channels');
    });

    it('remove and re-add: Remove from the gear menu, focus on Undo; Add widget menu, focus on the new widget', async () => {
      const p = await mount({ editable: true });
      const w3 = widget(p, 'w3');
      p.parentElement!.querySelector<HTMLButtonElement>('#start')!.focus();
      await tabTo(() => gearOf(w3), 'the gear of "Preferred communication channel"');
      await press('ArrowUp'); // opens on the last item
      await w3.updateComplete;
      expectFocusOn($$(w3, '[role="menuitem"]').at(-1), 'the Remove item');
      await press('Enter');
      await p.updateComplete;
      expect(order(p)).to.not.include('w3');
      expectFocusOn(button(p, 'Undo'), 'the Undo button');
      // Back to the toolbar, then the add-widget menu.
      await tabTo(() => $(p, '.add-button'), 'the Add widget button', { back: true, max: 6 });
      await press('Enter');
      await p.updateComplete;
      expect($(p, '.add-button')!.getAttribute('aria-expanded')).to.equal('true');
      const entries = $$<HTMLButtonElement>(p, '.add-menu [role="menuitem"]');
      expectFocusOn(entries[0], 'the first entry of the add-widget menu');
      expect(entries.map((b) => b.textContent)).to.deep.equal([
        'Load by channel', 'Preferred communication channel', 'Communication load', 'Deal conversion', 'Invoice conversion',
        'Sales amount', 'Invoice amounts', 'Payments trend', 'Custom number',
      ]);
      await press('End');
      expectFocusOn(entries.at(-1), 'the last entry (End)');
      await press('ArrowDown'); // wraps to the first
      await press('ArrowDown');
      expectFocusOn(entries[1], 'the "Preferred communication channel" entry');
      await press('Enter');
      await p.updateComplete;
      const added = widgetsOf(p).at(-1)!;
      expect([added.widgetId, added.type]).to.deep.equal(['w10', 'preferred-channel']);
      await added.updateComplete;
      expectFocusOn(gearOf(added), 'the gear of the added widget');
      expect(has(p, '.add-menu')).to.equal(false);
      expect($(p, '[role="status"]')!.textContent).to.equal('Widget “Preferred communication channel” added');
      const stored = JSON.parse(localStorage.getItem(STORAGE_PREFIX + p.storageKey)!) as Layout;
      expect(stored.items.map((i) => i.id)).to.deep.equal(['w1', 'w2', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10']);
    });

    it('reorder: Edit layout, then arrow keys and Home on a handle; focus stays on the handle; Delete removes', async () => {
      const p = await mount({ editable: true });
      p.parentElement!.querySelector<HTMLButtonElement>('#start')!.focus();
      await tabTo(() => button(p, 'Edit layout'), 'the Edit layout button');
      await press('Enter');
      await p.updateComplete;
      const toggle = button(p, 'Done')!;
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      expectFocusOn(toggle, 'the Done button');
      expect(p.hasAttribute('editable')).to.equal(true);
      expect(widgetsOf(p).every((w) => w.editing)).to.equal(true);
      const handle = (id: string) => $<HTMLButtonElement>(p, `.handle[data-id="${id}"]`);
      expect(handle('w1') === null, 'no handle on the system widget').to.equal(true);
      await tabTo(() => handle('w6'), 'the handle of "Invoice conversion"');
      expect(handle('w6')!.getAttribute('aria-describedby')).to.equal('reorder-help');
      await press('ArrowLeft');
      await p.updateComplete;
      expect(order(p)).to.deep.equal(['w1', 'w2', 'w3', 'w4', 'w6', 'w5', 'w7', 'w8', 'w9']);
      expectFocusOn(handle('w6'), 'the moved handle');
      expect($(p, '[role="status"]')!.textContent).to.equal('“Invoice conversion” moved to position 5 of 9');
      await press('Home');
      await p.updateComplete;
      expect(order(p)).to.deep.equal(['w1', 'w6', 'w2', 'w3', 'w4', 'w5', 'w7', 'w8', 'w9']);
      expectFocusOn(handle('w6'), 'the moved handle');
      await press('ArrowLeft'); // cannot go before the system widget
      await p.updateComplete;
      expect(order(p)).to.deep.equal(['w1', 'w6', 'w2', 'w3', 'w4', 'w5', 'w7', 'w8', 'w9']);
      await press('End');
      await p.updateComplete;
      expect(order(p).at(-1)).to.equal('w6');
      expectFocusOn(handle('w6'), 'the moved handle');
      await press('Delete');
      await p.updateComplete;
      expect(order(p)).to.not.include('w6');
      expectFocusOn(button(p, 'Undo'), 'the Undo button');
      const stored = JSON.parse(localStorage.getItem(STORAGE_PREFIX + p.storageKey)!) as Layout;
      expect(stored.items.map((i) => i.id)).to.deep.equal(['w1', 'w2', 'w3', 'w4', 'w5', 'w7', 'w8', 'w9']);
    });

    it('reorder from the gear menu: Move later keeps focus on the gear of the moved widget', async () => {
      const p = await mount({ editable: true, types: SMALL });
      const w2 = widget(p, 'w2');
      p.parentElement!.querySelector<HTMLButtonElement>('#start')!.focus();
      await tabTo(() => gearOf(w2), 'the gear of "Load by channel"');
      await press('ArrowDown');
      await w2.updateComplete;
      await press('ArrowDown');
      await press('ArrowDown');
      expectFocusOn($$(w2, '[role="menuitem"]')[2], 'Move later');
      await press('Enter');
      await p.updateComplete;
      expect(order(p)).to.deep.equal(['w1', 'w3', 'w2']);
      expectFocusOn(gearOf(w2), 'the gear of the moved widget');
    });

    it('open and close the drill-down: Enter on a number, Escape, focus back on the number', async () => {
      const p = await mount({ period: 'all-time', types: SMALL });
      const w1 = widget(p, 'w1');
      p.parentElement!.querySelector<HTMLButtonElement>('#start')!.focus();
      await tabTo(() => figureButton(w1, 'won-count'), 'the "Won deals" number');
      const opened = oneEvent(p, 'crm-detail-open');
      await press('Enter');
      await opened;
      const panel = $(w1, 'crm-detail-panel')!;
      await waitUntil(() => has(panel, '.summary .total'), 'the panel did not load');
      expect(deepActive()?.getRootNode() === panel.shadowRoot, `focus is in the panel, not on ${describeEl(deepActive())}`).to.equal(true);
      const expected = expectedFigures('system', await metricsFor('system', 'all-time'));
      expect($(panel, '.summary .total')!.textContent).to.equal(`${expected[2]!.text} deals · total ${expected[0]!.text}`);
      const closed = oneEvent(panel, 'close');
      await press('Escape');
      await closed;
      expectFocusOn(figureButton(w1, 'won-count'), 'the number that opened the panel');
    });
  });

  describe('failures', () => {
    it('error: each widget and the header show the message with Retry; the header\'s Retry recovers everything', async () => {
      const flaky = new FlakyAdapter();
      const errors: { from: string; error: unknown }[] = [];
      const onError = (e: CustomEvent<{ error: unknown }>) => errors.push({ from: (e.composedPath()[0] as Element).localName, error: e.detail.error });
      const wrap = await fixture<HTMLDivElement>(html`<div @crm-error=${onError}>${profileTemplate({ source: flaky })}</div>`);
      const p = wrap.querySelector('crm-profile')!;
      await profileSettled(p);
      expect($(p, '.client.error p')!.textContent).to.equal('Could not load the data: Server unreachable');
      for (const w of widgetsOf(p)) {
        expect($(w, '.error[role="alert"] p')?.textContent, w.type).to.equal('Could not load the data: Server unreachable');
        expect($(w, '.error button.retry')?.textContent).to.equal('Retry');
      }
      // One crm-error from the profile (its header) and one per widget, each an AdapterError.
      expect(errors.filter((e) => e.from === 'crm-profile')).to.have.length(1);
      expect(errors.filter((e) => e.from === 'crm-widget')).to.have.length(DEFAULT_WIDGET_TYPES.length);
      expect(errors.every((e) => e.error instanceof AdapterError && e.error.message === 'Server unreachable')).to.equal(true);
      await expect(p).to.be.accessible();
      flaky.failing = false;
      $<HTMLButtonElement>(p, '.client.error .retry')!.click();
      await p.updateComplete;
      await profileSettled(p);
      expect(has(p, '.client.error')).to.equal(false);
      expect(widgetsOf(p).filter((w) => has(w, '.error')).map((w) => w.type)).to.deep.equal([]);
      const expected = expectedFigures('invoice-amounts', await metricsFor('invoice-amounts', 'last-30-days'));
      expect(shown(widget(p, 'w8')).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
    });

    it('a failing source degrades only the widgets it fails: the others show their numbers, one Retry recovers one widget', async () => {
      const flaky = new FlakyAdapter(adapter, (q) => q.kind === 'invoice');
      const p = await mount({ source: flaky });
      const failed = widgetsOf(p).filter((w) => has(w, '.error')).map((w) => w.type);
      expect(failed).to.deep.equal(['invoice-conversion', 'invoice-amounts', 'payments-trend']);
      expect(has(p, '.client.error')).to.equal(false);
      flaky.failing = false;
      const w8 = widget(p, 'w8');
      $<HTMLButtonElement>(w8, '.retry')!.click();
      await profileSettled(p);
      expect(widgetsOf(p).filter((w) => has(w, '.error')).map((w) => w.type)).to.deep.equal(['invoice-conversion', 'payments-trend']);
      expect(shown(w8)).to.have.length(4);
    });

    it('says what is missing without a source or a client', async () => {
      const p = await fixture<CrmProfile>(html`<crm-profile></crm-profile>`);
      expect($(p, '.error[role="alert"]')!.textContent).to.equal('Set the adapter property or a source attribute (e.g. source="demo").');
      p.source = 'nope';
      await p.updateComplete;
      await p.updateComplete;
      expect($(p, '.error[role="alert"]')!.textContent).to.contain('Unknown data source "nope"');
      // The source removed: what is missing again, not the error of the source that is gone.
      p.source = '';
      await p.updateComplete;
      expect($(p, '.error[role="alert"]')!.textContent).to.equal('Set the adapter property or a source attribute (e.g. source="demo").');
      p.source = 'nope';
      await p.updateComplete;
      expect($(p, '.error[role="alert"]')!.textContent).to.contain('Unknown data source "nope"');
      p.source = 'demo';
      await p.updateComplete;
      expect($(p, '.error[role="alert"]')!.textContent).to.equal('Set entity-type and entity-id.');
    });
  });

  describe('accessibility (axe) in every state', () => {
    it('loading', async () => {
      const slow = new DemoAdapter({ seed: 1 }, { delayMs: 200 });
      const p = await mount({ source: slow }, false);
      await p.updateComplete;
      expect($(p, '.client.skeleton')!.getAttribute('aria-busy')).to.equal('true');
      expect(widgetsOf(p).every((w) => has(w, '.skeleton[aria-busy="true"]'))).to.equal(true);
      await expect(p).to.be.accessible();
      // (Not waited for: the demo source's peer averages run every client through its 200 ms delay.)
    });

    it('loaded', async () => {
      const p = await mount({ period: 'last-90-days' });
      await expect(p).to.be.accessible();
    });

    it('empty (a client with nothing in the period)', async () => {
      const p = await mount({ client: CONTACT_4, period: 'last-7-days', types: ['system', 'load-by-channel', 'preferred-channel'] });
      expect($(widget(p, 'w2'), '.empty')!.textContent).to.equal('No activities in this period');
      expect($(p, '.load-value strong')!.textContent).to.equal('—');
      await expect(p).to.be.accessible();
    });

    it('settings open', async () => {
      const p = await mount({ editable: true, types: SMALL });
      const w = widget(p, 'w2');
      gearOf(w)!.click();
      await w.updateComplete;
      await expect(p).to.be.accessible(); // gear menu open
      $<HTMLButtonElement>(w, '[role="menuitem"]')!.click();
      await waitUntil(() => settingsOf(w).open, 'the settings dialog did not open');
      finishAnimations(p);
      await expect(p).to.be.accessible();
      settingsOf(w).close();
    });

    it('detail open', async () => {
      const p = await mount({ period: 'all-time', types: SMALL });
      const panel = await openFigure(widget(p, 'w3'), 'sales-open');
      finishAnimations(p);
      await expect(p).to.be.accessible();
      await closePanel(panel);
    });

    it('edit mode, add menu open and after a removal (undo bar)', async () => {
      const p = await mount({ editable: true, types: SMALL });
      button(p, 'Edit layout')!.click();
      await p.updateComplete;
      await expect(p).to.be.accessible();
      $<HTMLButtonElement>(p, '.add-button')!.click();
      await p.updateComplete;
      await expect(p).to.be.accessible();
      $<HTMLButtonElement>(p, '.add-button')!.click();
      $<HTMLButtonElement>(p, '.handle[data-id="w2"]')!.focus();
      await press('Delete');
      await p.updateComplete;
      expect(has(p, '.undo')).to.equal(true);
      await expect(p).to.be.accessible();
    });

    it('dark', async () => {
      const p = await mount({ theme: 'dark', editable: true, period: 'last-90-days' });
      expect(widgetsOf(p).every((w) => w.getAttribute('theme') === 'dark')).to.equal(true);
      expect(picker(p).getAttribute('theme')).to.equal('dark');
      const panel = await openFigure(widget(p, 'w1'), 'won-value');
      finishAnimations(p);
      await expect(p).to.be.accessible();
      await closePanel(panel);
    });
  });
});
