/**
 * "How is this computed?" on a widget (issue 6.2 and 6.5): the info button opens an explanation
 * generated from the metric declarations and the context the numbers were computed in: formula,
 * period (and whether it follows the page), the settings' filters, the currency rule with the
 * rates and the original-currency breakdown, the comparison, the source and when it was fetched.
 */
import { fixture, html, expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/widget/define.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { formulaWords } from '../../src/widgets/explain.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import { resolvePeriod } from '../../src/core/period.js';
import { formatAmount, formatDate, loadMessages } from '../../src/i18n/index.js';
import { $, $$, adapter, reference, ZONE, loaded, press, expectFocusOn } from './widget-helpers.js';

async function widget(type: string, attrs: { period?: string; settings?: object; compare?: string; locale?: string; id?: string } = {}) {
  const w = await fixture<CrmWidget>(html`<crm-widget .adapter=${adapter} entity-type="contact" entity-id=${attrs.id ?? '1'}
    type=${type} period=${attrs.period ?? 'last-90-days'} time-zone=${ZONE} locale=${attrs.locale ?? 'en'} compare=${attrs.compare ?? ''}
    .settings=${attrs.settings ?? {}}></crm-widget>`);
  await loaded(w);
  return w;
}

async function openExplanation(w: CrmWidget): Promise<HTMLElement> {
  const button = $<HTMLButtonElement>(w, '.info-button')!;
  expect(button.getAttribute('aria-expanded')).to.equal('false');
  button.focus();
  await press('Enter');
  await waitUntil(() => $(w, '#explain') !== null, 'the explanation did not open');
  expect(button.getAttribute('aria-expanded')).to.equal('true');
  return $<HTMLElement>(w, '#explain')!;
}

const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

describe('<crm-widget> "How is this computed?"', () => {
  it('names each metric with its formula from the registry, the page period with its dates, the currency and the source', async () => {
    const w = await widget('sales-amount');
    const button = $<HTMLButtonElement>(w, '.info-button')!;
    expect(button.getAttribute('aria-label')).to.equal('How is “Sales amount” computed?');
    const box = await openExplanation(w);
    expect(text(box.querySelector('h4')!)).to.equal('How is this computed?');
    const metrics = $$(w, '.explain-metric').map((m) => m.dataset.metric);
    expect(metrics).to.deep.equal(['won-value', 'sales-open', 'sales-lost']);
    for (const id of ['won-value', 'sales-open', 'sales-lost'] as const) {
      expect(text($(w, `.explain-metric[data-metric="${id}"] p`)!)).to.contain(formulaWords(id, 'en'));
    }
    const notes = $$(w, '.explain .notes li').map(text);
    const p = resolvePeriod('last-90-days', adapter.now, ZONE, 'en');
    expect(notes[0]).to.equal(`Period: Last 90 days (${formatDate(p.from, 'en', ZONE)} – ${formatDate(p.to - 1, 'en', ZONE)}, time zone UTC), the page’s period.`);
    expect(notes.some((n) => n.startsWith(`Amounts in ${reference.baseCurrency}`) || n.startsWith(`Amounts in other currencies are converted to ${reference.baseCurrency}`))).to.equal(true);
    expect(notes.at(-1)).to.match(new RegExp(`^Data: ${adapter.label}, read .+\\.$`));
    await expect(w).to.be.accessible();
    // Escape on the button (focus stays there when it opens) closes it.
    expectFocusOn(button, 'the info button');
    await press('Escape');
    await w.updateComplete;
    expect($(w, '#explain')).to.equal(null);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    // Reopened: Tab reaches its close button (after the gear); Escape there closes it too and focus goes back.
    await press('Enter');
    await waitUntil(() => $(w, '#explain') !== null);
    await press('Tab');
    expectFocusOn($(w, '.menu-button'), 'the gear');
    await press('Tab');
    const close = $<HTMLButtonElement>(w, '.explain-close')!;
    expectFocusOn(close, 'the close button');
    expect(close.getAttribute('aria-label')).to.equal('Close the explanation');
    await press('Escape');
    await w.updateComplete;
    expect($(w, '#explain')).to.equal(null);
    expectFocusOn(button, 'the info button');
    // And its click does the same.
    await press('Enter');
    await waitUntil(() => $(w, '#explain') !== null);
    $<HTMLButtonElement>(w, '.explain-close')!.click();
    await w.updateComplete;
    expect($(w, '#explain')).to.equal(null);
    expectFocusOn(button, 'the info button');
  });

  it('a fixed period, the settings\' filters and the comparison are said', async () => {
    const w = await widget('load-by-channel', { settings: { period: 'month:2026-03', channels: ['call', 'email'], completed: true }, compare: 'last-year' });
    await openExplanation(w);
    const notes = $$(w, '.explain .notes li').map(text);
    expect(notes[0]).to.match(/^Period: March 2026 \(.+\), set in this widget’s settings\.$/);
    expect(notes).to.include('Channels: Calls and E-mail.');
    expect(notes).to.include('Completed activities only.');
    expect(notes.some((n) => /^Compared with March 2025 \(.+\)\.$/.test(n))).to.equal(true);
  });

  it('multi-currency: the original-currency totals with their rates add up to the total shown', async () => {
    // A client whose won deals are in more than one currency (found in the demo data, not assumed).
    let found: { id: string; minor: number } | undefined;
    for (let id = 1; id <= 40 && !found; id++) {
      const v = await evaluateMetrics(adapter, {
        client: { type: 'contact', id: String(id) }, period: resolvePeriod('all-time', adapter.now, ZONE), now: adapter.now,
        currency: reference.baseCurrency, ...(reference.rates ? { rates: reference.rates } : {}),
      }, ['won-value']);
      const m = v['won-value'].money!;
      if (m.lines.length > 1 && m.missing.length === 0) found = { id: String(id), minor: m.total.minor };
    }
    expect(found, 'a demo contact with won deals in several currencies').to.not.equal(undefined);
    const w = await widget('sales-amount', { period: 'all-time', id: found!.id });
    await openExplanation(w);
    const table = $(w, '.explain-metric[data-metric="won-value"] table')!;
    expect([...table.querySelectorAll('thead th')].map(text)).to.deep.equal(['Currency', 'Amount', 'Rate', `In ${reference.baseCurrency}`]);
    const rows = [...table.querySelectorAll('tbody tr')];
    expect(rows.length).to.be.greaterThan(1);
    for (const r of rows) {
      const [code, , rate] = [...r.children].map(text);
      if (code === reference.baseCurrency) expect(rate).to.equal('');
      else expect(rate).to.equal(`× ${reference.rates!.rates[code!]}`);
    }
    expect(text($(w, 'button[data-figure="won-value"] .value')!)).to.equal(formatAmount({ minor: found!.minor, currency: reference.baseCurrency }, 'en'));
    const notes = $$(w, '.explain .notes li').map(text);
    expect(notes.some((n) => n.startsWith(`Amounts in other currencies are converted to ${reference.baseCurrency} at the rates of `))).to.equal(true);
    await expect(w).to.be.accessible();
  });

  it('a custom number says how its metrics are combined, and explains each of them', async () => {
    const w = await widget('number', { period: 'all-time', settings: { metrics: ['invoice-issued', 'invoice-paid'], op: 'difference' } });
    await openExplanation(w);
    expect($$(w, '.explain-metric').map((m) => m.dataset.metric)).to.deep.equal(['invoice-issued', 'invoice-paid']);
    expect($$(w, '.explain .notes li').map(text)[0]).to.equal(
      'The number shown is Invoiced − Paid, from the numbers below; amounts are combined exactly, in the display currency.');
    await expect(w).to.be.accessible();
  });

  it('in French', async () => {
    await loadMessages('fr');
    const w = await widget('deal-conversion', { locale: 'fr' });
    await openExplanation(w);
    expect(text($(w, '#explain h4')!)).to.equal('Comment est-ce calculé ?');
    expect(text($(w, '.explain-metric p')!)).to.contain(formulaWords('deal-conversion', 'fr'));
    // The demo source's label is translated; a source's own label (a host name) is shown as it is.
    expect(adapter.label).to.equal('Demo data');
    expect($$(w, '.explain .notes li').map(text).at(-1)).to.match(/^Données : jeu de démonstration, lues le .+\.$/);
    await expect(w).to.be.accessible();
  });

  it('shows another source\'s label as the source gives it, in every language', async () => {
    await loadMessages('fr');
    // The demo data under another label (as a host's adapter or a REST source names itself).
    const named = new Proxy(adapter, {
      get: (t, k) => (k === 'label' ? 'crm.example.com' : typeof Reflect.get(t, k) === 'function' ? Reflect.get(t, k).bind(t) : Reflect.get(t, k)),
    });
    const w = await fixture<CrmWidget>(html`<crm-widget .adapter=${named} entity-type="contact" entity-id="1"
      type="deal-conversion" period="last-90-days" time-zone=${ZONE} locale="fr"></crm-widget>`);
    await loaded(w);
    await openExplanation(w);
    expect($$(w, '.explain .notes li').map(text).at(-1)).to.match(/^Données : crm\.example\.com, lues le .+\.$/);
  });
});
