import { render } from 'lit';
import { fixture, html, expect, waitUntil, aTimeout } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/elements/widget/define.js';
import { CrmWidget, type WidgetActionDetail, type WidgetSettingsChangeDetail } from '../../src/elements/widget/widget.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import type { ClientRef } from '../../src/core/model.js';
import { parsePeriod } from '../../src/core/period.js';
import { DEFAULT_WIDGET_TYPES, WIDGET_TYPES, type WidgetSettings, type WidgetType } from '../../src/widgets/types.js';
import { channelLabel, periodLabel } from '../../src/i18n/index.js';
import { VERSION } from '../../src/version.js';
import { loadChartJs } from '../../src/controllers/chart-controller.js';
import {
  $, $$, CONTACT_1, CONTACT_4, FlakyAdapter, ZONE, adapter, checkReconciles, clearStoredLayouts, closePanel, deepActive,
  expectFocusOn, expectedFigures, figureButton, finishAnimations, footerOf, footerText, has, loaded, metricsFor, oneEvent,
  openFigure, outOfOrderAdapter, press, settingsOf, shown, typeTitleInSettings,
} from './widget-helpers.js';

interface Mount {
  type?: WidgetType;
  settings?: WidgetSettings;
  period?: string;
  client?: ClientRef;
  source?: CrmAdapter;
  theme?: 'light' | 'dark' | 'auto';
  locale?: string;
}

function widgetTemplate(m: Mount) {
  const client = m.client ?? CONTACT_1;
  return html`<crm-widget type=${m.type ?? 'system'} widget-id=${`w-${m.type ?? 'system'}`} entity-type=${client.type}
    entity-id=${client.id} period=${m.period ?? 'last-30-days'} locale=${m.locale ?? 'en'} time-zone=${ZONE}
    theme=${m.theme ?? 'light'} .adapter=${m.source ?? adapter} .settings=${m.settings ?? {}}></crm-widget>`;
}

async function mount(m: Mount = {}): Promise<CrmWidget> {
  const el = await fixture<CrmWidget>(widgetTemplate(m));
  await loaded(el);
  return el;
}

const PERIODS = ['last-30-days', 'current-quarter', 'all-time'] as const;

// ─── tests ───────────────────────────────────────────────────────────────────────────────────────

describe('<crm-widget>', () => {
  afterEach(async () => {
    clearStoredLayouts();
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  it('is defined by define.ts with the suite version', () => {
    expect(customElements.get('crm-widget') === CrmWidget).to.equal(true);
    expect(CrmWidget.version).to.equal(VERSION);
  });

  describe('numbers reconcile with their drill-down (every widget type, three periods)', () => {
    for (const period of PERIODS) {
      it(`${period}: each number equals the core's value, and its panel footer equals the number`, async () => {
        const wrap = await fixture<HTMLDivElement>(html`<div>${WIDGET_TYPES.map((type) => widgetTemplate({ type, period }))}</div>`);
        const widgets = [...wrap.querySelectorAll('crm-widget')];
        await Promise.all(widgets.map((w) => loaded(w)));
        // Every widget has its own panel: they are checked side by side.
        const label = periodLabel(parsePeriod(period), 'en');
        const opened = await Promise.all(widgets.map(async (w) => {
          expect($(w, '[part="badge"]')!.textContent, `${w.type} badge`).to.equal(label);
          return checkReconciles(w, expectedFigures(w.type, await metricsFor(w.type, period)), `${period} ${w.type}`);
        }));
        expect(opened.reduce((a, b) => a + b, 0)).to.be.greaterThan(25);
      });
    }

    it('a fixed period in the settings wins over the page period (badge, numbers and drill-down)', async () => {
      const el = await mount({ type: 'sales-amount', period: 'last-7-days', settings: { period: 'all-time' } });
      const badge = $(el, '[part="badge"]')!;
      expect(badge.textContent).to.equal('All time');
      expect(badge.classList.contains('fixed')).to.equal(true);
      const expected = expectedFigures('sales-amount', await metricsFor('sales-amount', 'all-time'));
      expect(shown(el).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
      const panel = await openFigure(el, 'won-value');
      expect(footerText(panel)).to.equal(footerOf(expected[0]!));
      expect(panel.periodLabel).to.equal('All time');
      await closePanel(panel);
    });

    it('a multi-currency client: the drill-down converts with the same rates as the number (system widget)', async () => {
      // Contact 14 won deals in EUR, GBP and USD: the total only reconciles when the panel gets the rates.
      const client: ClientRef = { type: 'contact', id: '14' };
      const el = await mount({ type: 'system', period: 'all-time', client });
      const expected = expectedFigures('system', await metricsFor('system', 'all-time', client));
      expect(shown(el).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
      const panel = await openFigure(el, 'won-value');
      expect(footerText(panel)).to.equal(footerOf(expected[0]!));
      expect(panel.currency).to.equal('EUR');
      await closePanel(panel);
    });
  });

  describe('standalone context', () => {
    it('works from attributes only (source="demo")', async () => {
      const el = await fixture<CrmWidget>(html`<crm-widget type="invoice-amounts" source="demo" entity-type="contact" entity-id="1"
        period="last-90-days" locale="en" time-zone="UTC"></crm-widget>`);
      await loaded(el);
      const expected = expectedFigures('invoice-amounts', await metricsFor('invoice-amounts', 'last-90-days'));
      expect(shown(el).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
    });

    it('says what is missing when it has no source, or no client', async () => {
      const el = await fixture<CrmWidget>(html`<crm-widget type="system"></crm-widget>`);
      expect($(el, '.error[role="alert"]')!.textContent).to.equal('Set the adapter property or a source attribute (e.g. source="demo").');
      el.source = 'demo';
      await el.updateComplete;
      expect($(el, '.error[role="alert"]')!.textContent).to.equal('Set entity-type and entity-id.');
      el.entityId = '1';
      await el.updateComplete;
      await loaded(el);
      expect(has(el, '.error'), '.error').to.equal(false);
      expect(has(el, 'button[data-figure="won-value"]')).to.equal(true);
    });

    it('follows its period attribute; the last of 20 rapid changes wins even when older answers arrive later', async () => {
      // Answers come back slower for older requests, and the source ignores cancellation.
      const el = await mount({ type: 'load-by-channel', source: outOfOrderAdapter() });
      const periods = ['last-7-days', 'last-60-days', 'current-month', 'all-time', 'last-90-days'];
      let last = '';
      for (let i = 0; i < 20; i++) {
        last = periods[i % periods.length]!;
        el.period = last;
        await el.updateComplete;
        await aTimeout(2);
      }
      const expected = expectedFigures('load-by-channel', await metricsFor('load-by-channel', last));
      await waitUntil(() => $(el, '.view[aria-busy="false"]') !== null, 'did not settle', { timeout: 5000 });
      await aTimeout(250); // every older answer has arrived by now
      expect(shown(el).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
      expect($(el, '[part="badge"]')!.textContent).to.equal(periodLabel(parsePeriod(last), 'en'));
    });

    it('keeps loading when it is moved in the DOM while loading', async () => {
      const slow = new DemoAdapter({ seed: 1 }, { delayMs: 150 });
      const wrap = await fixture<HTMLDivElement>(html`<div><p>before</p>${widgetTemplate({ type: 'deal-conversion', source: slow })}</div>`);
      const el = wrap.querySelector('crm-widget')!;
      await aTimeout(20);
      expect(has(el, '.skeleton'), '.skeleton').to.equal(true);
      wrap.prepend(el); // a reorder moves the node: disconnected and connected again at once
      await loaded(el);
      expect(has(el, '.error'), $(el, '.error')?.textContent ?? '').to.equal(false);
      const expected = expectedFigures('deal-conversion', await metricsFor('deal-conversion', 'last-30-days'));
      expect(shown(el).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
    });

    it('reloads when put back in the document after being removed while loading', async () => {
      const slow = new DemoAdapter({ seed: 1 }, { delayMs: 100 });
      const wrap = await fixture<HTMLDivElement>(html`<div>${widgetTemplate({ type: 'sales-amount', source: slow })}</div>`);
      const el = wrap.querySelector('crm-widget')!;
      await aTimeout(20);
      el.remove();
      await aTimeout(150);
      wrap.append(el);
      await el.updateComplete;
      await loaded(el);
      expect(has(el, '.error'), $(el, '.error')?.textContent ?? '').to.equal(false);
      expect(shown(el)).to.have.length(3);
    });
  });

  describe('states', () => {
    it('a long title wraps with its period badge; the buttons stay at the top end, in one row', async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div style="inline-size: 320px"></div>`);
      render(html`<crm-widget type="preferred-channel" entity-type="contact" entity-id="1" locale="en" time-zone="UTC" .adapter=${adapter}
        settings='{"title":"Preferred communication channel of this client, all periods"}'></crm-widget>`, wrap);
      const el = wrap.querySelector('crm-widget')!;
      await waitUntil(() => $(el, '.view'), 'no numbers');
      const header = $(el, 'header')!.getBoundingClientRect();
      const title = $(el, 'h3')!.getBoundingClientRect();
      const badge = $(el, '[part="badge"]')!.getBoundingClientRect();
      const info = $(el, '.info-button')!.getBoundingClientRect();
      expect(title.height, 'the title takes several lines').to.be.above(30);
      expect(badge.top, 'the badge under the title').to.be.at.least(title.bottom - 1);
      expect(info.top, 'the ⓘ button at the top').to.be.closeTo(header.top, 1);
      expect(info.left, 'right of the title and badge').to.be.at.least(Math.max(title.right, badge.right));
      const gear = $(el, '.menu-button');
      if (gear) expect(gear.getBoundingClientRect().top, 'the gear in the same row').to.be.closeTo(info.top, 1);
    });

    it('loading: a skeleton, busy and labelled, accessible; then the numbers', async () => {
      const slow = new DemoAdapter({ seed: 1 }, { delayMs: 200 });
      const wrap = await fixture<HTMLDivElement>(html`<div></div>`);
      const load = oneEvent<{ id: string; type: string }>(wrap, 'crm-load');
      render(widgetTemplate({ type: 'system', source: slow }), wrap);
      const el = wrap.querySelector('crm-widget')!;
      await el.updateComplete;
      const skeleton = $(el, '.skeleton')!;
      expect(skeleton.getAttribute('aria-busy')).to.equal('true');
      expect(skeleton.textContent!.trim()).to.equal('Loading…');
      await expect(el).to.be.accessible();
      await loaded(el);
      const { detail } = await load;
      expect(detail).to.deep.equal({ id: 'w-system', type: 'system' });
      expect(shown(el)).to.have.length(4);
    });

    it('loaded: accessible, the chart mirrored by a data table', async () => {
      const el = await mount({ type: 'load-by-channel', period: 'last-90-days' });
      const values = await metricsFor('load-by-channel', 'last-90-days');
      const groups = values['load-by-channel'].groups!;
      const table = $(el, 'table.visually-hidden')!;
      expect([...table.querySelectorAll('tbody th')].map((th) => th.textContent)).to.deep.equal(groups.map((g) => channelLabel(g.key, 'en')));
      expect([...table.querySelectorAll('tbody td')].map((td) => td.textContent)).to.deep.equal(groups.map((g) => String(g.count)));
      expect($(el, 'canvas')!.getAttribute('aria-hidden')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('a chart out of view is drawn when it is scrolled to, or when the page is printed', async () => {
      const { Chart } = await loadChartJs(); // (loaded: printing cannot wait for it to arrive)
      const page = await fixture<HTMLElement>(html`<div><div style="block-size: 4000px"></div>
        ${widgetTemplate({ type: 'load-by-channel', period: 'last-90-days' })}<div style="block-size: 4000px"></div>
        ${widgetTemplate({ type: 'payments-trend', period: 'last-90-days' })}</div>`);
      const [byChannel, trend] = page.querySelectorAll<CrmWidget>('crm-widget');
      await loaded(byChannel!);
      await loaded(trend!);
      const drawn = (w: CrmWidget) => Chart.getChart($<HTMLCanvasElement>(w, 'canvas')!) !== undefined;
      for (let i = 0; i < 5; i++) await new Promise(requestAnimationFrame);
      await aTimeout(100);
      expect([drawn(byChannel!), drawn(trend!)], 'out of view: not drawn').to.deep.equal([false, false]);
      $<HTMLCanvasElement>(byChannel!, 'canvas')!.scrollIntoView();
      await waitUntil(() => drawn(byChannel!), 'the chart scrolled to was not drawn');
      expect(drawn(trend!), 'the other one still waits').to.equal(false);
      window.dispatchEvent(new Event('beforeprint'));
      await waitUntil(() => drawn(trend!), 'the chart was not drawn for printing');
      page.remove();
    });

    it('time buckets are labelled as dates of the locale: months for a year, days for weeks', async () => {
      const year = await mount({ type: 'payments-trend', period: 'year:2025' });
      const months = [...$(year, 'table.visually-hidden')!.querySelectorAll('tbody th')].map((th) => th.textContent);
      expect(months).to.have.length(12);
      expect(months[0]).to.equal('Jan 2025');
      const fr = await mount({ type: 'payments-trend', period: 'last-90-days', locale: 'fr' });
      const weeks = [...$(fr, 'table.visually-hidden')!.querySelectorAll('tbody th')].map((th) => th.textContent!);
      expect(weeks.length).to.be.within(13, 15);
      for (const w of weeks) expect(w).to.match(/^\d{1,2} [a-zéû.]+$/);
    });

    it('all time: years, from the first year with anything in it (not from 1970); only empty years are left out', async () => {
      const all = await mount({ type: 'payments-trend', period: 'all-time' });
      const years = [...$(all, 'table.visually-hidden')!.querySelectorAll('tbody th')].map((th) => th.textContent!);
      const counts = [...$(all, 'table.visually-hidden')!.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => Number(td.textContent!.replace(/\D/g, ''))));
      expect(years.every((y) => /^\d{4}$/.test(y)), years.join()).to.equal(true);
      expect(Number(years[0])).to.be.greaterThan(2000);
      expect(counts[0]!.some((n) => n > 0), 'the first year shown has records').to.equal(true);
      expect(Number(years.at(-1))).to.equal(new Date(adapter.now).getUTCFullYear());
      // The series' totals are the widget's numbers: nothing was cut but empty years.
      const created = counts.reduce((sum, row) => sum + row[0]!, 0);
      expect(String(created)).to.equal(shown(all)[0]!.text);
    });

    it('error: the message and a Retry button that recovers; crm-error then crm-load', async () => {
      const flaky = new FlakyAdapter();
      const errors: Error[] = [];
      const wrap = await fixture<HTMLDivElement>(html`<div @crm-error=${(e: CustomEvent<{ error: Error }>) => errors.push(e.detail.error)}>
        ${widgetTemplate({ type: 'invoice-amounts', source: flaky })}</div>`);
      const el = wrap.querySelector('crm-widget')!;
      await loaded(el);
      const alert = $(el, '.error[role="alert"]')!;
      expect(alert.querySelector('p')!.textContent).to.equal('Could not load the data: Server unreachable');
      expect(errors).to.have.length(1);
      expect(errors[0]).to.be.instanceOf(AdapterError);
      await expect(el).to.be.accessible();
      flaky.failing = false;
      const retry = $<HTMLButtonElement>(el, 'button.retry')!;
      expect(retry.textContent).to.equal('Retry');
      const load = oneEvent(el, 'crm-load');
      retry.click();
      await load;
      await loaded(el);
      expect(has(el, '.error'), '.error').to.equal(false);
      const expected = expectedFigures('invoice-amounts', await metricsFor('invoice-amounts', 'last-30-days'));
      expect(shown(el).map((f) => f.text)).to.deep.equal(expected.map((e) => e.text));
    });

    it('refresh() reloads after a failure', async () => {
      const flaky = new FlakyAdapter();
      const el = await mount({ type: 'deal-conversion', source: flaky });
      expect(has(el, '.error'), '.error').to.equal(true);
      flaky.failing = false;
      el.refresh();
      await waitUntil(() => $(el, '.view[aria-busy="false"]') !== null, 'refresh did not recover', { timeout: 5000 });
      expect(shown(el)).to.have.length(3);
    });

    it('empty: the hint instead of a chart, "—" not clickable, accessible', async () => {
      const el = await mount({ type: 'load-by-channel', period: 'last-7-days', client: CONTACT_4 });
      expect($(el, '.empty')!.textContent).to.equal('No activities in this period');
      expect(has(el, '.chart'), '.chart').to.equal(false);
      expect(shown(el)).to.deep.equal([{ id: 'load-by-channel', text: '0', clickable: true }]);
      await expect(el).to.be.accessible();

      const pref = await mount({ type: 'preferred-channel', period: 'last-7-days', client: CONTACT_4 });
      expect(shown(pref)).to.deep.equal([{ id: 'preferred-channel', text: '—', clickable: false }]);
      expect($(pref, '.empty')!.textContent).to.equal('No activities in this period');
      await expect(pref).to.be.accessible();
    });

    it('dark theme: accessible, loaded and with the panel open', async () => {
      const el = await mount({ type: 'sales-amount', theme: 'dark', settings: { color: 'teal', chart: 'bar' } });
      expect(el.getAttribute('theme')).to.equal('dark');
      // (The panel joins the widget's shadow root with the interactions' chunk, on first use.)
      expect(has(el, 'crm-detail-panel'), 'crm-detail-panel before any use').to.equal(false);
      await expect(el).to.be.accessible();
      const panel = await openFigure(el, 'won-value');
      expect(panel.getAttribute('theme')).to.equal('dark');
      finishAnimations(el);
      await expect(el).to.be.accessible();
      await closePanel(panel);
    });

    it('theme="auto" under a dark colour scheme: accessible', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const wrap = await fixture<HTMLDivElement>(html`<div>${widgetTemplate({ type: 'load-by-channel', period: 'last-90-days' })}</div>`);
      const el = wrap.querySelector('crm-widget')!;
      el.theme = 'auto';
      await loaded(el);
      expect(getComputedStyle(el).colorScheme).to.equal('dark');
      await expect(el).to.be.accessible();
    });

    it('detail open: accessible', async () => {
      const el = await mount({ type: 'system', period: 'all-time' });
      const panel = await openFigure(el, 'activity-count');
      finishAnimations(el);
      await expect(el).to.be.accessible();
      await closePanel(panel);
    });

    it('settings open: accessible', async () => {
      const el = await mount({ type: 'payments-trend' });
      $<HTMLButtonElement>(el, '.menu-button')!.click();
      await el.updateComplete;
      await expect(el).to.be.accessible(); // menu open
      $<HTMLButtonElement>(el, '[role="menuitem"]')!.click();
      await waitUntil(() => settingsOf(el).open, 'the settings dialog did not open');
      finishAnimations(el);
      await expect(el).to.be.accessible();
      settingsOf(el).close();
    });

    it('colour setting: the accent comes from a named colour, no style attribute in the shadow', async () => {
      const el = await mount({ type: 'sales-amount', settings: { color: 'red' } });
      const style = getComputedStyle(el);
      expect(style.getPropertyValue('--_accent-custom').trim()).to.equal(style.getPropertyValue('--_color-red').trim());
      expect(getComputedStyle($(el, '.figure.headline .value')!).color).to.equal('rgb(179, 38, 30)'); // #b3261e
      expect($$(el, '[style]').length).to.equal(0);
      el.settings = {};
      await el.updateComplete;
      expect(el.style.getPropertyValue('--_accent-custom')).to.equal('');
    });
  });

  describe('settings', () => {
    it('equal settings in a new object (a host re-rendering) keep the numbers; a changed one computes them again', async () => {
      const el = await mount({ type: 'sales-amount', settings: { title: 'Sales', period: 'all-time' } });
      const loads: unknown[] = [];
      el.addEventListener('crm-load', (e) => loads.push((e as CustomEvent).detail));
      const before = $(el, '.value');
      el.settings = { period: 'all-time', title: 'Sales' };
      await el.updateComplete;
      await aTimeout(50);
      await el.updateComplete;
      expect(loads, 'no new evaluation').to.have.length(0);
      expect($(el, '.value'), 'the same number node').to.equal(before);
      el.settings = { title: 'Sales', period: 'last-30-days' };
      await waitUntil(() => loads.length === 1, 'the changed settings were not computed');
      expect($(el, 'h3')?.textContent).to.equal('Sales');
    });

    it('gear → Settings → Save: new title and fixed period, crm-widget-settings-change, numbers follow', async () => {
      const el = await mount({ type: 'invoice-amounts', period: 'last-30-days' });
      const changes: WidgetSettingsChangeDetail[] = [];
      el.addEventListener('crm-widget-settings-change', (e) => changes.push((e as CustomEvent<WidgetSettingsChangeDetail>).detail));
      $<HTMLButtonElement>(el, '.menu-button')!.click();
      await el.updateComplete;
      const items = $$(el, '[role="menuitem"]');
      // Standalone: Settings only (moving and removing need a profile).
      expect(items.map((i) => i.textContent)).to.deep.equal(['Settings']);
      items[0]!.click();
      const dialog = settingsOf(el);
      await waitUntil(() => dialog.open, 'the settings dialog did not open');
      const title = dialog.shadowRoot!.querySelector<HTMLInputElement>('#f-title')!;
      title.value = 'Billing';
      title.dispatchEvent(new InputEvent('input'));
      const period = dialog.shadowRoot!.querySelector<HTMLSelectElement>('#f-period')!;
      period.value = 'all-time';
      period.dispatchEvent(new Event('change'));
      await dialog.updateComplete;
      dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
      await waitUntil(() => !dialog.open);
      expect(changes).to.deep.equal([{ id: 'w-invoice-amounts', settings: { title: 'Billing', period: 'all-time' } }]);
      expect(el.settings).to.deep.equal({ title: 'Billing', period: 'all-time' });
      await el.updateComplete;
      expect($(el, 'h3')!.textContent).to.equal('Billing');
      await loaded(el);
      await waitUntil(() => $(el, '[part="badge"]')!.textContent === 'All time');
      const expected = expectedFigures('invoice-amounts', await metricsFor('invoice-amounts', 'all-time'));
      await waitUntil(() => JSON.stringify(shown(el).map((f) => f.text)) === JSON.stringify(expected.map((e) => e.text)),
        'the numbers did not follow the fixed period');
    });

    it('standalone, the settings dialog offers the source\'s pipelines (the widget reads the reference data itself)', async () => {
      const el = await mount({ type: 'payments-trend' });
      $<HTMLButtonElement>(el, '.menu-button')!.click();
      await el.updateComplete;
      $<HTMLButtonElement>(el, '[role="menuitem"]')!.click();
      await waitUntil(() => settingsOf(el).open, 'the settings dialog did not open');
      expect(settingsOf(el).reference?.pipelines.map((p) => p.name)).to.deep.equal(adapter.data.reference.pipelines.map((p) => p.name));
      const boxes = [...settingsOf(el).shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="pipelines"]')];
      expect(boxes.map((b) => b.value)).to.deep.equal(adapter.data.reference.pipelines.map((p) => p.id));
      settingsOf(el).close();
    });

    it('invalid settings are repaired with a warning (JSON attribute, unknown keys, a bad chart)', async () => {
      const warn = console.warn;
      const warnings: string[] = [];
      console.warn = (m: string) => warnings.push(m);
      try {
        const el = await fixture<CrmWidget>(html`<crm-widget type="load-by-channel" source="demo" entity-id="1" time-zone="UTC" locale="en"
          settings='{"title":"  Calls  ","chart":"line","bogus":1}'></crm-widget>`);
        expect(el.effectiveSettings).to.deep.equal({ title: 'Calls' });
        expect(warnings.some((w) => w.includes('bogus'))).to.equal(true);
        expect(warnings.some((w) => w.includes('no line chart'))).to.equal(true);
        el.setAttribute('settings', '{not json');
        await el.updateComplete;
        expect(el.effectiveSettings).to.deep.equal({});
        // The warning quotes the text that is not JSON.
        expect(warnings.some((w) => w.includes('settings must be an object, got "{not json"'))).to.equal(true);
        el.setAttribute('type', 'nope');
        await el.updateComplete;
        expect(el.type).to.equal('system');
        expect(warnings.some((w) => w.includes('Unknown widget type "nope"'))).to.equal(true);
      } finally {
        console.warn = warn;
      }
    });

    it('the system widget has no gear menu, only the lock', async () => {
      const el = await mount({ type: 'system' });
      expect(has(el, '.menu-button'), '.menu-button').to.equal(false);
      expect(has(el, 'crm-widget-settings'), 'crm-widget-settings').to.equal(false);
      expect($(el, '.lock')!.getAttribute('aria-label')).to.equal('System widget: cannot be moved, removed or configured');
    });
  });

  describe('keyboard', () => {
    it('gear menu: Down opens on the first item, arrows wrap, Escape closes back on the button', async () => {
      const el = await mount({ type: 'payments-trend' });
      const gear = $<HTMLButtonElement>(el, '.menu-button')!;
      expect(gear.getAttribute('aria-label')).to.equal('Widget menu: Payments trend');
      gear.focus();
      await press('ArrowDown');
      await el.updateComplete;
      expect(gear.getAttribute('aria-expanded')).to.equal('true');
      expectFocusOn($(el, '[role="menuitem"]'), 'the first menu item');
      await press('ArrowDown'); // wraps (one item standalone)
      expectFocusOn($(el, '[role="menuitem"]'), 'the first menu item');
      await press('Escape');
      await el.updateComplete;
      expect(has(el, '[role="menu"]'), '[role="menu"]').to.equal(false);
      expect(gear.getAttribute('aria-expanded')).to.equal('false');
      expectFocusOn(gear, 'the gear button');
    });

    it('openState and crm-widget-open follow what is open: a number\'s records, the explanation, nothing', async () => {
      const el = await mount({ type: 'deal-conversion', period: 'all-time' });
      const events: unknown[] = [];
      el.addEventListener('crm-widget-open', (e) => events.push((e as CustomEvent).detail));
      // Nothing open yet (no interaction with this widget).
      expect(el.openState).to.equal(null);
      const panel = await openFigure(el, 'won');
      await waitUntil(() => events.length === 1, 'no crm-widget-open');
      expect(el.openState).to.deep.equal({ figure: 'won' });
      await closePanel(panel);
      await waitUntil(() => events.length === 2, 'no crm-widget-open on close');
      expect(el.openState).to.equal(null);
      await el.showExplanation();
      expect(el.openState).to.deep.equal({ explanation: true });
      await el.showExplanation(false);
      expect(el.openState).to.equal(null);
      expect(events).to.deep.equal([
        { id: 'w-deal-conversion', open: { figure: 'won' } }, { id: 'w-deal-conversion', open: null },
        { id: 'w-deal-conversion', open: { explanation: true } }, { id: 'w-deal-conversion', open: null },
      ]);
    });

    it('Enter on a number opens the panel; Escape closes it and focus returns to the number', async () => {
      const el = await mount({ type: 'deal-conversion', period: 'all-time' });
      const button = figureButton(el, 'won')!;
      const panel = await openFigure(el, 'won', 'enter');
      expect(panel.open).to.equal(true);
      expect(deepActive()?.getRootNode() === panel.shadowRoot, 'focus is inside the panel').to.equal(true);
      const closed = oneEvent(panel, 'close');
      await press('Escape');
      await closed;
      expectFocusOn(button, 'the number that opened the panel');
    });

    it('keyboard-only settings: gear, Enter on Settings, type a title, Enter saves; focus returns to the gear', async () => {
      const el = await mount({ type: 'load-by-channel' });
      const gear = $<HTMLButtonElement>(el, '.menu-button')!;
      gear.focus();
      const dialog = await typeTitleInSettings(el, 'By channel');
      const saved = oneEvent<WidgetSettingsChangeDetail>(el, 'crm-widget-settings-change');
      await press('Enter');
      const { detail } = await saved;
      expect(detail.settings).to.deep.equal({ title: 'By channel', chart: 'doughnut' });
      await waitUntil(() => !dialog.open);
      expectFocusOn(gear, 'the gear button');
      await el.updateComplete;
      expect($(el, 'h3')!.textContent).to.equal('By channel');
    });

    it('after a mouse click on a number, closing the panel returns focus to that number', async () => {
      const el = await mount({ type: 'system', period: 'all-time' });
      const button = figureButton(el, 'won-value')!;
      const panel = await openFigure(el, 'won-value', 'click');
      const closed = oneEvent(panel, 'close');
      await press('Escape');
      await closed;
      expectFocusOn(button, 'the number that opened the panel');
    });

    it('keyboard-only settings with Cancel: focus returns to the gear, nothing saved', async () => {
      const el = await mount({ type: 'sales-amount' });
      const gear = $<HTMLButtonElement>(el, '.menu-button')!;
      gear.focus();
      await press('ArrowDown');
      await el.updateComplete;
      await press('Enter');
      await waitUntil(() => settingsOf(el).open, 'the settings dialog did not open');
      let saved = 0;
      el.addEventListener('crm-widget-settings-change', () => saved++);
      const closed = oneEvent(settingsOf(el), 'close');
      await press('Escape');
      await closed;
      expect(saved).to.equal(0);
      expectFocusOn(gear, 'the gear button');
    });

    it('in a host that handles crm-widget-action, the menu offers Move and Remove and fires the action', async () => {
      // Pretend to be inside a profile: the actions appear with a profile context only, so use a real one.
      await import('../../src/elements/profile/define.js');
      const key = `widget-test-actions-${Date.now()}`;
      const profile = await fixture<HTMLElement>(html`<crm-profile entity-type="contact" entity-id="1" locale="en" time-zone="UTC"
        storage-key=${key} editable .adapter=${adapter}></crm-profile>`);
      const actions: WidgetActionDetail[] = [];
      profile.shadowRoot!.addEventListener('crm-widget-action', (e) => actions.push((e as CustomEvent<WidgetActionDetail>).detail), true);
      await waitUntil(() => profile.shadowRoot!.querySelectorAll('crm-widget').length === DEFAULT_WIDGET_TYPES.length);
      const w = profile.shadowRoot!.querySelector<CrmWidget>('crm-widget[widget-id="w3"]')!;
      await w.updateComplete;
      $<HTMLButtonElement>(w, '.menu-button')!.click();
      await w.updateComplete;
      expect($$(w, '[role="menuitem"]').map((i) => i.textContent)).to.deep.equal(['Settings', 'Move earlier', 'Move later', 'Remove']);
      $$(w, '[role="menuitem"]')[2]!.click();
      expect(actions).to.deep.equal([{ id: 'w3', action: 'move-down' }]);
    });
  });

  describe('known bugs in the elements the widget uses (not fixed here)', () => {
    // BUG (src/widgets/views.ts): `reasonText` maps a metric's empty input to a sentence through
    // EMPTY_KEYS, which has no entry for preferred-channel's inputs (`incoming`, `all`): its "—"
    // is explained by the generic "Nothing to show for this period" while the same widget's empty
    // state says "No activities in this period".
    it('preferred channel: the "—" note names what is missing (no activities)', async () => {
      const pref = await mount({ type: 'preferred-channel', period: 'last-7-days', client: CONTACT_4 });
      expect($(pref, '.note')!.textContent).to.equal('No activities in this period');
    });

  });
});
