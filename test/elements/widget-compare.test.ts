/**
 * Comparison with another period (issue 6.1): the change each number shows comes from the same
 * metric evaluated for the comparison period (previous period or same period last year); it reads
 * without colour (arrow, sign, words for screen readers); the records of the other period open
 * from it; the profile's toolbar sets it for every widget, a widget's own setting wins.
 */
import { fixture, html, expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/widget/define.js';
import '../../src/elements/profile/define.js';
import { widgetChunks, type CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmProfile, CompareChangeDetail } from '../../src/elements/profile/profile.js';
import { comparisonPeriod, type CompareMode } from '../../src/core/compare.js';
import { formatPeriod, resolvePeriod } from '../../src/core/period.js';
import { periodLabel } from '../../src/i18n/index.js';
import { valueText } from '../../src/widgets/views.js';
import { figureDelta } from '../../src/widgets/comparison.js';
import { normalizeLayout } from '../../src/widgets/layout.js';
import type { WidgetType } from '../../src/widgets/types.js';
import {
  $, $$, adapter, CONTACT_1, ZONE, footerText, loaded, metricsFor, oneEvent, panelOf, closePanel, finishAnimations, expectFocusOn, press,
  clearStoredLayouts,
} from './widget-helpers.js';
import { chunkLoader } from '../helpers/chunks.js';

/** The changes a widget must show: both periods evaluated by the core, worded by figureDelta. */
async function expectedDeltas(type: WidgetType, period: string, mode: CompareMode) {
  const resolved = resolvePeriod(period, adapter.now, ZONE, 'en');
  const other = comparisonPeriod(resolved, mode)!;
  const [now, before] = await Promise.all([metricsFor(type, period), metricsFor(type, formatPeriod(other.period))]);
  const label = periodLabel(other.period, 'en');
  return { label, other, now, before, delta: (id: keyof typeof now) => figureDelta(now[id], before[id], label, 'en') };
}

const deltaOf = (w: CrmWidget, id: string) => $<HTMLElement>(w, `[data-delta="${id}"]`);

async function widget(type: WidgetType, period: string, compare = 'previous', settings = {}) {
  const w = await fixture<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id=${CONTACT_1.id}
    type=${type} period=${period} time-zone=${ZONE} locale="en" compare=${compare} .settings=${settings}></crm-widget>`);
  await loaded(w);
  return w;
}

describe('<crm-widget> compared with another period', () => {
  // First in this page: the comparison's code (a chunk, src/elements/widget/comparison.ts) is not loaded yet.
  it('its code is a chunk loaded by a widget that compares; when it does not load, the widget says so and Retry loads it', async () => {
    const chunk = chunkLoader(widgetChunks, 'comparison');
    chunk.fail();
    let w: CrmWidget;
    try {
      w = await widget('sales-amount', 'last-90-days');
    } finally {
      chunk.restore();
    }
    expect($(w, '.body .error[role="alert"]')!.textContent).to.contain(
      'The comparison with another period could not be shown: its code did not load (Failed to fetch dynamically imported module).');
    await expect(w).to.be.accessible();
    $<HTMLButtonElement>(w, '.body .error button')!.click();
    await waitUntil(() => deltaOf(w, 'won-value') !== null, 'Retry did not show the changes', { timeout: 5000 });
    const e = await expectedDeltas('sales-amount', 'last-90-days', 'previous');
    expect(deltaOf(w, 'won-value')!.title).to.equal(`${e.delta('won-value')!.word} ${e.delta('won-value')!.text} ${e.delta('won-value')!.vs}`);
  });

  it('each number of the sales widget shows its change against the previous period: sign, arrow, words, colour class', async () => {
    const w = await widget('sales-amount', 'last-90-days');
    const e = await expectedDeltas('sales-amount', 'last-90-days', 'previous');
    let seen = 0;
    for (const id of ['won-value', 'sales-open', 'sales-lost'] as const) {
      const want = e.delta(id);
      const el = deltaOf(w, id);
      if (!want) {
        expect(el, `${id}: no delta when either side is "—"`).to.equal(null);
        continue;
      }
      seen++;
      expect(el, `${id}: delta shown`).to.not.equal(null);
      // What is visible: arrow + signed change; what is read: the direction and the other period.
      const visible = [...el!.childNodes].filter((n) => n.nodeType !== Node.COMMENT_NODE && !(n instanceof HTMLElement && n.classList.contains('visually-hidden'))).map((n) => n.textContent).join('');
      expect(visible).to.equal(`${want.direction === 'up' ? '▲' : want.direction === 'down' ? '▼' : '●'}${want.text}`);
      expect(el!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(`${want.word} ${visible} ${want.vs}`.replace(/\s+/g, ' '));
      expect(el!.classList.contains(want.tone), `${id}: tone ${want.tone}`).to.equal(true);
      expect(el!.classList.contains(want.direction)).to.equal(true);
      expect(want.vs).to.contain(valueText(e.before[id], 'en'));
    }
    expect(seen, 'at least one number is compared').to.be.greaterThan(0);
    await expect(w).to.be.accessible();
  });

  it('the changes are styled by the comparison\'s rules (they come with its chunk) in each widget that compares, added once', async () => {
    const [a, b] = [await widget('sales-amount', 'last-90-days'), await widget('deal-conversion', 'last-90-days')];
    for (const w of [a, b]) {
      const d = $$(w, '[data-delta]')[0]!;
      expect(d, `${w.type}: a change`).to.not.equal(undefined);
      const style = getComputedStyle(d);
      expect([style.display, style.fontSize], `${w.type}: the change's rules`).to.deep.equal(['flex', '12px']) // (inline-flex, blockified in its flex column);
      const tone = d.classList.contains('good') ? '--_good' : d.classList.contains('bad') ? '--_danger' : '--_fg-muted';
      const probe = document.createElement('span');
      probe.style.color = `var(${tone})`;
      w.shadowRoot!.append(probe);
      expect(style.color, `${w.type}: the tone's colour`).to.equal(getComputedStyle(probe).color);
      probe.remove();
    }
    // Another run (the period changes) does not add the rules again.
    const sheets = a.shadowRoot!.adoptedStyleSheets.length;
    a.period = 'last-30-days';
    await loaded(a);
    expect(a.shadowRoot!.adoptedStyleSheets.length).to.equal(sheets);
  });

  it('the change opens the records of the comparison period; the number still opens the current ones', async () => {
    const w = await widget('deal-conversion', 'last-90-days');
    const e = await expectedDeltas('deal-conversion', 'last-90-days', 'previous');
    const button = deltaOf(w, 'deal-conversion') as HTMLButtonElement;
    expect(button.tagName).to.equal('BUTTON');
    button.focus();
    const opened = oneEvent(w, 'crm-detail-open');
    await press('Enter');
    await opened;
    const panel = panelOf(w);
    await waitUntil(() => footerText(panel) !== '', 'the panel did not load');
    finishAnimations(panel);
    // The won deals of the other period, as many as its numerator counts.
    expect(panel.heading).to.equal('Deal conversion');
    expect(panel.periodLabel).to.equal(e.label);
    expect(footerText(panel)).to.contain(String(e.before['deal-conversion'].counts.won));
    const from = panel.filter!.dates![0]!;
    expect([from.from, from.to]).to.deep.equal([e.other.from, e.other.to]);
    await expect(panel).to.be.accessible();
    await closePanel(panel);
    expectFocusOn(button, 'the delta button');
  });

  it('same period last year', async () => {
    const w = await widget('invoice-amounts', 'month:2026-03', 'last-year');
    const e = await expectedDeltas('invoice-amounts', 'month:2026-03', 'last-year');
    expect(e.label).to.equal('March 2025');
    const issued = e.delta('invoice-issued');
    if (issued) expect(deltaOf(w, 'invoice-issued')!.textContent).to.contain(issued.text);
    else expect(deltaOf(w, 'invoice-issued')).to.equal(null);
    expect($$(w, '[data-delta]').every((d) => d.textContent!.includes('March 2025'))).to.equal(true);
  });

  it('all-time has no previous period: no change shown, no error', async () => {
    const w = await widget('sales-amount', 'all-time');
    expect($$(w, '[data-delta]')).to.have.length(0);
    expect($(w, '.error')).to.equal(null);
  });

  it('the widget setting wins over the attribute: "off" shows no change; an unknown mode warns and shows none', async () => {
    const off = await widget('sales-amount', 'last-90-days', 'previous', { compare: 'off' });
    expect($$(off, '[data-delta]')).to.have.length(0);
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (...a: unknown[]) => void warnings.push(a.join(' '));
    try {
      const bad = await widget('sales-amount', 'last-90-days', 'yesterday-ish');
      expect($$(bad, '[data-delta]')).to.have.length(0);
    } finally {
      console.warn = warn;
    }
    expect(warnings.some((m) => m.includes('Unknown compare "yesterday-ish"'))).to.equal(true);
  });

  it('layouts saved with compare: true keep comparing with the previous period', () => {
    const { layout } = normalizeLayout({ version: 1, items: [{ id: 'w1', type: 'system', settings: {} }, { id: 'w2', type: 'sales-amount', settings: { compare: true } }, { id: 'w3', type: 'deal-conversion', settings: { compare: false } }] });
    expect(layout.items.map((i) => i.settings.compare)).to.deep.equal([undefined, 'previous', 'off']);
  });
});

describe('<crm-profile> comparison toolbar', () => {
  beforeEach(clearStoredLayouts);

  it('choosing "Same period last year" compares every widget (the event says so); "No comparison" removes it', async () => {
    const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" period="last-90-days"
      time-zone=${ZONE} locale="en"></crm-profile>`);
    const widgets = () => [...p.shadowRoot!.querySelectorAll<CrmWidget>('crm-widget')];
    await waitUntil(() => widgets().length > 0 && widgets().every((w) => !w.shadowRoot!.querySelector('.skeleton')), 'widgets did not load', { timeout: 10000 });
    expect(widgets().some((w) => $$(w, '[data-delta]').length > 0)).to.equal(false);
    const select = p.shadowRoot!.querySelector<HTMLSelectElement>('.compare select')!;
    expect(select.labels![0]!.textContent).to.contain('Compare with');
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['No comparison', 'Previous period', 'Same period last year']);
    const changed = oneEvent<CompareChangeDetail>(p, 'crm-compare-change');
    select.value = 'last-year';
    select.dispatchEvent(new Event('change'));
    expect((await changed).detail).to.deep.equal({ compare: 'last-year' });
    expect(p.getAttribute('compare')).to.equal('last-year');
    const system = widgets().find((w) => w.type === 'system')!;
    const e = await expectedDeltas('system', 'last-90-days', 'last-year');
    const won = e.delta('won-value');
    await waitUntil(() => won ? deltaOf(system, 'won-value') !== null : true, 'the system widget shows no change', { timeout: 5000 });
    if (won) expect(deltaOf(system, 'won-value')!.textContent).to.contain(won.text);
    await expect(p).to.be.accessible();
    // Set from outside (a deep link, the host): the select follows, also after the user picked in it.
    p.compare = 'previous';
    await p.updateComplete;
    expect(select.value).to.equal('previous');
    select.value = '';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => widgets().every((w) => $$(w, '[data-delta]').length === 0), 'the changes stayed');
    expect(p.hasAttribute('compare')).to.equal(false);
  });

  it('a listener of crm-compare-change that sets compare back: the select shows the comparison in force', async () => {
    const p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" period="last-90-days"
      time-zone=${ZONE} locale="en" compare="previous"></crm-profile>`);
    const select = () => p.shadowRoot!.querySelector<HTMLSelectElement>('.compare select');
    await waitUntil(() => select(), 'no toolbar', { timeout: 10000 });
    expect(select()!.value).to.equal('previous');
    p.addEventListener('crm-compare-change', () => (p.compare = 'previous'));
    select()!.value = 'last-year';
    select()!.dispatchEvent(new Event('change'));
    await p.updateComplete;
    expect(p.compare).to.equal('previous');
    expect(select()!.value).to.equal('previous');
    select()!.value = '';
    select()!.dispatchEvent(new Event('change'));
    await p.updateComplete;
    expect(select()!.value).to.equal('previous');
    await expect(p).to.be.accessible();
  });
});
