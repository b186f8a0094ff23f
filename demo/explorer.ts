/**
 * The demo data explorer: every metric of the registry for a chosen demo client and period.
 * Plain lit-html over the core; the custom elements will be demonstrated beside it.
 */
import { html, render, nothing } from 'lit';
import {
  METRIC_IDS, PERIOD_PRESETS, evaluateMetrics, formatMoney, formatPeriod,
  loadMessages, parsePeriod, periodLabel, resolvePeriod, type MetricValue, type Period,
} from '../src/core/index.js';
import { DemoAdapter } from '../src/adapters/index.js';
import { formulaWords } from '../src/widgets/explain.js';
import { metricTitle } from '../src/widgets/views.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const adapter = new DemoAdapter({ seed: 1 });
const { now, clients, reference } = adapter.data;

const clientSel = $<HTMLSelectElement>('client');
const presetSel = $<HTMLSelectElement>('preset');
const periodInput = $<HTMLInputElement>('period');
const tzInput = $<HTMLInputElement>('tz');
const localeSel = $<HTMLSelectElement>('locale');
const currencySel = $<HTMLSelectElement>('currency');
const errorBox = $('period-error');
const output = $('output');

render(clients.map((c) => html`<option value="${c.type}:${c.id}">${c.type} ${c.id} — ${c.name}</option>`), clientSel);
render(reference.currencies.map((c) => html`<option>${c}</option>`), currencySel);
currencySel.value = reference.baseCurrency;

function renderPresets(locale: string): void {
  const presets = PERIOD_PRESETS.map((p): Period => ({ kind: 'preset', preset: p }));
  render([...presets.map((p) => html`<option value="${formatPeriod(p)}">${periodLabel(p, locale)}</option>`),
    html`<option value="">Other (type below)</option>`], presetSel);
  presetSel.value = PERIOD_PRESETS.includes(periodInput.value as never) ? periodInput.value : '';
}

function show(v: MetricValue, locale: string): unknown {
  if (v.value === null) return html`— <span class="muted">(${v.reason?.code === 'empty' ? `no ${v.reason.input}` : 'no records'})</span>`;
  switch (v.unit) {
    case 'money': return formatMoney(v.money!.total, locale);
    case 'percent': return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v.value as number) + ' %';
    case 'ratio': return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(v.value as number);
    default: return String(v.value);
  }
}

function details(v: MetricValue, locale: string): unknown {
  const parts: unknown[] = [];
  if (v.money && (v.money.lines.length > 1 || v.money.missing.length)) {
    parts.push(html`<ul>${v.money.lines.map((l) => html`<li>${formatMoney(l.amount, locale)}${l.rate && l.amount.currency !== v.money!.total.currency ? ` × ${l.rate}` : ''}${l.converted ? '' : ' — no rate, not included'}</li>`)}</ul>`);
  }
  if (v.groups?.length) {
    const shown = v.groups.filter((g) => g.count > 0).slice(0, 12);
    parts.push(html`<ul>${shown.map((g) => html`<li>${g.key || '(none)'}: ${g.share !== undefined
      ? `${g.count} (${g.share.toFixed(1)} %)` : g.value === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(g.value)}</li>`)}</ul>`);
  }
  return parts.length ? parts : nothing;
}

let run = 0;
async function update(): Promise<void> {
  const mine = ++run;
  const locale = localeSel.value;
  let period: Period;
  try {
    period = parsePeriod(periodInput.value);
    resolvePeriod(period, now, tzInput.value, locale);
    errorBox.textContent = '';
  } catch (e) {
    errorBox.textContent = (e as Error).message;
    return;
  }
  const [type, id] = clientSel.value.split(':') as ['contact' | 'company', string];
  const resolved = resolvePeriod(period, now, tzInput.value, locale);
  const t0 = performance.now();
  const values = await evaluateMetrics(adapter, {
    client: { type, id }, period: resolved, now, currency: currencySel.value, rates: reference.rates!, locale,
  });
  const ms = performance.now() - t0;
  if (mine !== run) return;
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: tzInput.value });
  render(html`
    <p class="meta">${periodLabel(period, locale)}: ${fmt.format(resolved.from)} → ${fmt.format(resolved.to)} (exclusive),
      ${tzInput.value}. Evaluated in ${ms.toFixed(1)} ms.</p>
    <table>
      <thead><tr><th scope="col">Metric</th><th scope="col">Value</th><th scope="col">Records</th><th scope="col">Definition and breakdown</th></tr></thead>
      <tbody>${METRIC_IDS.map((mid) => {
        const v = values[mid];
        return html`<tr>
          <th scope="row">${metricTitle(mid, locale)}</th>
          <td class="value">${show(v, locale)}</td>
          <td>${Object.entries(v.counts).map(([k, n]) => html`<div>${k}: ${n}</div>`)}</td>
          <td><span class="muted">${formulaWords(mid, locale)}</span>${details(v, locale)}</td>
        </tr>`;
      })}</tbody>
    </table>`, output);
}

presetSel.addEventListener('change', () => {
  if (presetSel.value) periodInput.value = presetSel.value;
  void update();
});
for (const el of [clientSel, periodInput, tzInput, currencySel]) el.addEventListener('change', () => void update());
localeSel.addEventListener('change', async () => {
  document.documentElement.lang = localeSel.value;
  await loadMessages(localeSel.value); // the period names' words
  renderPresets(localeSel.value);
  void update();
});
renderPresets('en');
presetSel.value = 'last-30-days';
void update();
