/**
 * Demo of `<crm-detail-panel>` over the embedded demo data (contact 1): each number opens the panel
 * on the same filter that computed it, so the footer reconciles with the number shown.
 */
import { html, render } from 'lit';
import '../src/elements/detail-panel/define.js';
import { DemoAdapter } from '../src/adapters/demo/demo-adapter.js';
import { evaluateMetrics } from '../src/core/evaluate.js';
import { inputFilter } from '../src/core/input-filter.js';
import type { MetricContext, MetricId } from '../src/core/metrics.js';
import type { RecordKind } from '../src/core/model.js';
import { parsePeriod, resolvePeriod } from '../src/core/period.js';
import { formatAmount, formatNumber, loadMessages, msg, periodLabel } from '../src/i18n/index.js';

const adapter = new DemoAdapter({ seed: 1 }, { delayMs: 150 });
const { now, reference } = adapter.data;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const panel = $('panel') as HTMLElementTagNameMap['crm-detail-panel'];
const periodSel = $<HTMLSelectElement>('period');
const localeSel = $<HTMLSelectElement>('locale');
const themeSel = $<HTMLSelectElement>('theme');
const dirSel = $<HTMLSelectElement>('dir');
const numbers = $('numbers');
const log = $('log');

interface Drill {
  readonly key: string;
  readonly metric: MetricId;
  readonly input: string;
  readonly kind: RecordKind;
  readonly heading: Record<string, string>;
}
const DRILLS: readonly Drill[] = [
  { key: 'won', metric: 'won-value', input: 'won', kind: 'deal', heading: { en: 'Won deals', fr: 'Affaires gagnées' } },
  { key: 'activities', metric: 'communication-load', input: 'activities', kind: 'activity', heading: { en: 'Activities on the deals of the period', fr: 'Activités liées aux affaires de la période' } },
  { key: 'invoices', metric: 'invoice-issued', input: 'issued', kind: 'invoice', heading: { en: 'Invoices issued', fr: 'Factures émises' } },
];

const params = new URLSearchParams(location.search);
for (const [sel, name] of [[periodSel, 'period'], [localeSel, 'locale'], [themeSel, 'theme'], [dirSel, 'dir']] as const) {
  const v = params.get(name);
  if (v && [...sel.options].some((o) => o.value === v)) sel.value = v;
}

function ctx(): MetricContext {
  return {
    client: { type: 'contact', id: '1' }, period: resolvePeriod(periodSel.value, now, 'Europe/Paris', localeSel.value),
    now, currency: 'EUR', rates: reference.rates!, locale: localeSel.value,
  };
}

async function open(d: Drill, opener?: HTMLElement): Promise<void> {
  const locale = localeSel.value;
  await loadMessages(locale); // the period name's words
  const { kind, filter } = await inputFilter(adapter, d.metric, d.input, ctx());
  Object.assign(panel, {
    adapter, kind, filter, rates: reference.rates, locale,
    heading: d.heading[locale] ?? d.heading.en!, periodLabel: periodLabel(parsePeriod(periodSel.value), locale),
  });
  await panel.show(opener);
}

async function refresh(): Promise<void> {
  const locale = localeSel.value;
  document.documentElement.lang = locale;
  document.documentElement.dir = dirSel.value;
  panel.theme = themeSel.value as 'light' | 'dark';
  const values = await evaluateMetrics(adapter, ctx(), DRILLS.map((d) => d.metric));
  render(DRILLS.map((d) => {
    const v = values[d.metric];
    const shown = v.money ? formatAmount(v.money.total, locale) : formatNumber(v.counts[d.input] ?? 0, locale);
    return html`<button type="button" class="number" data-drill=${d.key}
      @click=${(e: Event) => void open(d, e.currentTarget as HTMLElement)}>
      <span class="label">${d.heading[locale] ?? d.heading.en}</span>
      <span class="value">${shown}</span>
      <bdi class="muted">${msg(locale, `kind.${d.kind}`, { count: v.counts[d.input] ?? 0 })}</bdi>
    </button>`;
  }), numbers);
}

panel.addEventListener('crm-record-open', (e) => {
  const { kind, record } = (e as CustomEvent<{ kind: string; record: { id: string } }>).detail;
  e.preventDefault(); // the demo URLs point nowhere: log instead of navigating
  log.textContent = `crm-record-open: ${kind} ${record.id} (navigation prevented by the demo)`;
});
panel.addEventListener('close', () => { log.textContent = 'Panel closed.'; });

for (const sel of [periodSel, localeSel, themeSel, dirSel]) sel.addEventListener('change', () => void refresh());

await refresh();
const auto = DRILLS.find((d) => d.key === params.get('open'));
if (auto) await open(auto, numbers.querySelector<HTMLElement>(`[data-drill="${auto.key}"]`) ?? undefined);
