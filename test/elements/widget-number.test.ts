/**
 * The custom number widget (`type="number"`) in a real browser: its numbers against the core's
 * (through `evaluateMetrics`), the single-metric widgets, the drill-down of each term, the settings
 * dialog by keyboard, and accessibility in every state.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/widget/define.js';
import type { CrmWidget, WidgetSettingsChangeDetail } from '../../src/elements/widget/widget.js';
import type { ClientRef } from '../../src/core/model.js';
import { formatAmount } from '../../src/i18n/index.js';
import type { WidgetSettings } from '../../src/widgets/types.js';
import {
  $, $$, CONTACT_1, CONTACT_4, ZONE, adapter, checkReconciles, closePanel, combinedText, expectFocusOn, expectedFigures,
  figureButton, finishAnimations, footerText, loaded, metricsFor, oneEvent, openFigure, press, settingsOf, shown, titleOf,
} from './widget-helpers.js';

function template(settings: WidgetSettings, period = 'all-time', client: ClientRef = CONTACT_1) {
  return html`<crm-widget type="number" widget-id="n1" entity-type=${client.type} entity-id=${client.id} period=${period}
    locale="en" time-zone=${ZONE} .adapter=${adapter} .settings=${settings}></crm-widget>`;
}

async function mount(settings: WidgetSettings, period = 'all-time', client: ClientRef = CONTACT_1): Promise<CrmWidget> {
  const el = await fixture<CrmWidget>(template(settings, period, client));
  await loaded(el);
  return el;
}

async function openSettings(el: CrmWidget) {
  $<HTMLButtonElement>(el, '.menu-button')!.click();
  await el.updateComplete;
  $<HTMLButtonElement>(el, '[role="menuitem"]')!.click();
  const dialog = settingsOf(el);
  await waitUntil(() => dialog.open, 'the settings dialog did not open');
  finishAnimations(el);
  return dialog;
}

const SALES = ['won-value', 'sales-open', 'sales-lost'] as const;

describe('<crm-widget type="number">', () => {
  it('from attributes only: the sum equals the sum of what the single-metric widgets show', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <crm-widget source="demo" entity-type="contact" entity-id="1" type="number" locale="en" time-zone="UTC"
        settings='{"metrics":["won-value","sales-open","sales-lost"],"op":"sum"}' period="all-time"></crm-widget>
      <crm-widget source="demo" entity-type="contact" entity-id="1" type="sales-amount" locale="en" time-zone="UTC" period="all-time"></crm-widget>
    </div>`);
    const [number, single] = [...wrap.querySelectorAll('crm-widget')] as [CrmWidget, CrmWidget];
    await Promise.all([loaded(number), loaded(single)]);
    const values = await metricsFor('number', 'all-time', CONTACT_1, { metrics: [...SALES] });
    const total = SALES.reduce((n, id) => n + values[id].money!.total.minor, 0);
    const figures = shown(number);
    expect(figures[0]).to.deep.equal({ id: 'result', text: formatAmount({ minor: total, currency: 'EUR' }, 'en'), clickable: false });
    // Each term shows exactly what the sales-amount widget shows for the same metric.
    const singles = Object.fromEntries(shown(single).map((f) => [f.id, f.text]));
    expect(figures.slice(1).map((f) => [f.id, f.text, f.clickable])).to.deep.equal(SALES.map((id) => [id, singles[id], true]));
    expect(titleOf(number)).to.equal('Value of won deals + In progress + Lost');
    expect($(number, '.figure.headline .label')!.textContent!.trim()).to.equal('Value of won deals + In progress + Lost');
  });

  for (const [name, settings, period] of [
    ['sum of amounts', { metrics: [...SALES], op: 'sum' }, 'all-time'],
    ['difference', { metrics: ['invoice-issued', 'invoice-paid'], op: 'difference' }, 'current-year'],
    ['percentage', { metrics: ['invoice-paid', 'invoice-issued'], op: 'percentage' }, 'all-time'],
    ['side by side', { metrics: ['won-value', 'conversion', 'communication-load'], op: 'none' }, 'last-90-days'],
  ] as const) {
    it(`${name}: every number equals the core's, each term opens exactly its records`, async () => {
      const el = await mount(settings as WidgetSettings, period);
      const expected = expectedFigures('number', await metricsFor('number', period, CONTACT_1, settings as WidgetSettings), settings as WidgetSettings);
      const opened = await checkReconciles(el, expected, `number ${name}`);
      expect(opened).to.equal(settings.metrics.length);
    });
  }

  it('clicking a term opens the drill-down of that metric: its records, their count', async () => {
    const el = await mount({ metrics: [...SALES], op: 'sum' });
    const values = await metricsFor('number', 'all-time', CONTACT_1, { metrics: [...SALES] });
    const panel = await openFigure(el, 'sales-open');
    expect(panel.kind).to.equal('deal');
    expect(panel.filter?.semantics).to.deep.equal(['open']);
    expect(footerText(panel)).to.equal(`${values['sales-open'].counts.open} deals · total ${formatAmount(values['sales-open'].money!.total, 'en')}`);
    expect(panel.heading).to.equal('Value of won deals + In progress + Lost · In progress');
    await closePanel(panel);
    expect(figureButton(el, 'result')).to.equal(null); // the combination is no one record set
  });

  it('"—" with the reason when the percentage\'s denominator is 0', async () => {
    const settings: WidgetSettings = { metrics: ['invoice-paid', 'invoice-issued'], op: 'percentage' };
    const el = await mount(settings, 'last-7-days', CONTACT_4);
    expect(shown(el)[0]).to.deep.equal({ id: 'result', text: '—', clickable: false });
    expect($(el, '.figure.headline .note')!.textContent).to.equal('Invoiced is 0: no percentage of it');
    const values = await metricsFor('number', 'last-7-days', CONTACT_4, settings);
    expect(combinedText('percentage', [values['invoice-paid'], values['invoice-issued']])).to.equal('—');
    await expect(el).to.be.accessible();
  });

  it('invalid settings: repaired with a console warning (never thrown), the rest kept', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      const el = await mount({ title: 'Mixed', metrics: ['won-value', 'gone', 'conversion'], op: 'sum' } as unknown as WidgetSettings);
      expect(el.effectiveSettings).to.deep.equal({ title: 'Mixed', metrics: ['won-value', 'conversion'], op: 'none' });
      expect(shown(el).map((f) => f.id)).to.deep.equal(['won-value', 'conversion']);
      expect(titleOf(el)).to.equal('Mixed');
      expect(warnings.some((w) => w.includes('unknown metric "gone"'))).to.equal(true);
      expect(warnings.some((w) => w.includes('setting "op"') && w.includes('side by side'))).to.equal(true);
      await expect(el).to.be.accessible();
    } finally {
      console.warn = warn;
    }
  });

  it('loaded (a number block and a combination): accessible', async () => {
    const block = await mount({ metrics: ['won-value', 'invoice-conversion'] });
    await expect(block).to.be.accessible();
    const sum = await mount({ metrics: [...SALES], op: 'sum' });
    expect($$(sum, '.rows button[data-figure]')).to.have.length(3);
    await expect(sum).to.be.accessible();
  });

  describe('settings', () => {
    it('keyboard only: pick a second metric and "Sum", Save → crm-widget-settings-change, the number follows', async () => {
      const el = await mount({});
      expect(titleOf(el)).to.equal('Custom number');
      expect(shown(el).map((f) => f.id)).to.deep.equal(['won-value']);
      const changes: WidgetSettingsChangeDetail[] = [];
      el.addEventListener('crm-widget-settings-change', (e) => changes.push((e as CustomEvent<WidgetSettingsChangeDetail>).detail));
      const gear = $<HTMLButtonElement>(el, '.menu-button')!;
      gear.focus();
      await press('Enter');
      await el.updateComplete;
      await press('Enter'); // Settings
      const dialog = settingsOf(el);
      await waitUntil(() => dialog.open, 'the settings dialog did not open');
      const root = dialog.shadowRoot!;
      const focused = () => root.activeElement;
      expectFocusOn(root.querySelector('#f-title'), 'the title field');
      await press('Tab'); // period
      await press('Tab'); // number 1: won deals
      expectFocusOn(root.querySelector('#f-metric-0'), 'the first metric');
      await press('Tab'); // number 2: none
      expectFocusOn(root.querySelector('#f-metric-1'), 'the second metric');
      const second = root.querySelector<HTMLSelectElement>('#f-metric-1')!;
      const target = [...second.options].findIndex((o) => o.value === 'sales-lost');
      for (let i = second.selectedIndex; i < target; i++) await press('ArrowDown');
      expect(second.value).to.equal('sales-lost');
      await press('Tab'); // number 3: none
      await press('Tab'); // combination: side by side
      expect((focused() as HTMLInputElement).name).to.equal('op');
      await press('ArrowDown'); // sum
      await dialog.updateComplete;
      expect(root.querySelector<HTMLInputElement>('input[name="op"]:checked')!.value).to.equal('sum');
      expect(root.querySelector('#number-problem')).to.equal(null);
      expect(root.querySelector<HTMLInputElement>('#f-title')!.placeholder).to.equal('Value of won deals + Lost');
      // Won deals read deals only: no activity or invoice filters are offered.
      const fields = [...root.querySelectorAll<HTMLElement>('[data-field]')].map((f) => f.dataset.field);
      expect(fields).to.include.members(['metrics', 'op', 'pipelines', 'dealStages']);
      expect(fields).not.to.include.members(['channels']);
      expect(fields).not.to.include('invoiceStages');
      await expect(el).to.be.accessible();
      const saved = oneEvent<WidgetSettingsChangeDetail>(el, 'crm-widget-settings-change');
      root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.focus();
      await press('Enter');
      const { detail } = await saved;
      expect(detail).to.deep.equal({ id: 'n1', settings: { metrics: ['won-value', 'sales-lost'], op: 'sum' } });
      await waitUntil(() => !dialog.open);
      expectFocusOn(gear, 'the gear button');
      await loaded(el);
      const settings: WidgetSettings = { metrics: ['won-value', 'sales-lost'], op: 'sum' };
      const expected = expectedFigures('number', await metricsFor('number', 'all-time', CONTACT_1, settings), settings);
      await waitUntil(() => JSON.stringify(shown(el).map((f) => f.text)) === JSON.stringify(expected.map((e) => e.text)),
        'the number did not follow the new settings');
      expect(titleOf(el)).to.equal('Value of won deals + Lost');
      expect(changes).to.have.length(1);
    });

    it('an invalid combination is refused with a clear message (accessible); fixing it saves', async () => {
      const el = await mount({ metrics: ['won-value', 'conversion'] });
      const dialog = await openSettings(el);
      const root = dialog.shadowRoot!;
      let saved = 0;
      el.addEventListener('crm-widget-settings-change', () => saved++);
      root.querySelector<HTMLInputElement>('input[name="op"][value="sum"]')!.click();
      await dialog.updateComplete;
      const problem = root.querySelector('#number-problem')!;
      expect(problem.getAttribute('role')).to.equal('alert');
      expect(problem.textContent).to.equal('Conversion is a percentage: percentages and ratios cannot be added or subtracted. '
        + 'Show the numbers side by side, or as a percentage.');
      expect(root.querySelector('[data-field="op"]')!.getAttribute('aria-describedby')).to.equal('number-problem');
      finishAnimations(el);
      await expect(el).to.be.accessible();
      root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
      await dialog.updateComplete;
      expect(saved).to.equal(0);
      expect(dialog.open).to.equal(true);
      expectFocusOn(root.querySelector('input[name="op"][value="sum"]'), 'the chosen combination');
      // A percentage of the two is fine.
      root.querySelector<HTMLInputElement>('input[name="op"][value="percentage"]')!.click();
      await dialog.updateComplete;
      expect(root.querySelector('#number-problem')).to.equal(null);
      const change = oneEvent<WidgetSettingsChangeDetail>(el, 'crm-widget-settings-change');
      root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
      expect((await change).detail.settings).to.deep.equal({ metrics: ['won-value', 'conversion'], op: 'percentage' });
    });

    it('settings open: accessible; filters follow the metrics chosen', async () => {
      const el = await mount({ metrics: ['won-value'], pipelines: ['0'] });
      const dialog = await openSettings(el);
      const root = dialog.shadowRoot!;
      await expect(el).to.be.accessible();
      const fields = () => [...root.querySelectorAll<HTMLElement>('[data-field]')].map((f) => f.dataset.field);
      expect(fields()).not.to.include('channels');
      const third = root.querySelector<HTMLSelectElement>('#f-metric-2')!;
      third.value = 'conversion';
      third.dispatchEvent(new Event('change'));
      await dialog.updateComplete;
      expect(fields()).to.include.members(['channels', 'directions', 'completed']);
      expect(root.querySelector<HTMLSelectElement>('#f-metric-1')!.value).to.equal(''); // the gap stays where it was
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open);
    });
  });
});
