/**
 * Shared by the <crm-widget> and <crm-profile> browser tests (not a test file itself): what a
 * widget must show, computed by the core independently of the view code; waiting for widgets and
 * panels; focus checks; failing sources.
 */
import { expect, oneEvent as rawOneEvent, waitUntil, aTimeout } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmDetailPanel } from '../../src/elements/detail-panel/detail-panel.js';
import type { CrmWidgetSettings } from '../../src/elements/widget-settings/widget-settings.js';
import type { CrmPeriodPicker } from '../../src/elements/period-picker/period-picker.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { profileChunks } from '../../src/elements/profile/profile.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { evaluateMetrics, type MetricValue } from '../../src/core/evaluate.js';
import { METRICS, type MetricId } from '../../src/core/metrics.js';
import type { ClientRef, RecordKind } from '../../src/core/model.js';
import type { AggregateQuery, RecordQuery } from '../../src/core/query.js';
import { resolvePeriod } from '../../src/core/period.js';
import { WIDGET_CATALOG } from '../../src/widgets/catalog.js';
import type { WidgetSettings, WidgetType } from '../../src/widgets/types.js';
import { valueText } from '../../src/widgets/views.js';
import { channelLabel, formatAmount, formatNumber, formatPercent, msg } from '../../src/i18n/index.js';
import { currencyExponent } from '../../src/core/money.js';

// ─── data ────────────────────────────────────────────────────────────────────────────────────────

/** Shared, read-only demo data: its `now` is fixed, so every period resolves the same way. */
export const adapter = new DemoAdapter({ seed: 1 });
export const reference = adapter.data.reference;
export const CONTACT_1: ClientRef = { type: 'contact', id: '1' };
/** Contact 4 has no deal, no invoice and no activity in the last 7 days. */
export const CONTACT_4: ClientRef = { type: 'contact', id: '4' };
export const ZONE = 'UTC';

/** The numbers a widget must show: evaluated by the core for the same context as the widget's. */
export async function metricsFor(
  type: WidgetType, period: string, client = CONTACT_1, settings: WidgetSettings = {},
): Promise<Record<MetricId, MetricValue>> {
  return evaluateMetrics(adapter, {
    client, period: resolvePeriod(period, adapter.now, ZONE, 'en'), now: adapter.now, locale: 'en',
    currency: reference.baseCurrency, ...(reference.rates ? { rates: reference.rates } : {}),
  }, WIDGET_CATALOG[type].metrics(settings));
}

export interface Expected {
  readonly id: string;
  /** The displayed text. */
  readonly text: string;
  /** What the drill-down lists, and how many. */
  readonly kind: RecordKind;
  readonly count: number;
  /** The footer's total when known (money numbers: the number itself). */
  readonly total?: string;
  /** False for a number that opens no records (a custom number's combination); default: clickable unless "—". */
  readonly clickable?: false;
}

const fmt = (n: number) => formatNumber(n, 'en', 0);
const kindOf = (id: MetricId): RecordKind => METRICS[id].inputs[METRICS[id].drill]!.kind;

/** A metric's number: its text is `valueText`; the drill-down lists its `drill` input. */
function metricFigure(v: MetricValue): Expected {
  const drill = METRICS[v.id].drill;
  return {
    id: v.id, text: valueText(v, 'en'), kind: kindOf(v.id), count: v.counts[drill]!,
    ...(v.money ? { total: formatAmount(v.money.total, 'en') } : {}),
  };
}

/** Every number a widget type shows, from the metric values (independently of views.ts's figure building). */
export function expectedFigures(type: WidgetType, values: Record<MetricId, MetricValue>, settings: WidgetSettings = {}): Expected[] {
  const v = (id: MetricId) => values[id];
  switch (type) {
    case 'system': {
      const won = metricFigure(v('won-value'));
      const conv = v('conversion');
      return [
        won,
        { ...metricFigure(conv), total: won.text },
        { id: 'won-count', text: fmt(conv.counts.won!), kind: 'deal', count: conv.counts.won!, total: won.text },
        { id: 'activity-count', text: fmt(conv.counts.activities!), kind: 'activity', count: conv.counts.activities! },
      ];
    }
    case 'load-by-channel': {
      const l = v('load-by-channel');
      return [
        metricFigure(l),
        ...(l.groups ?? []).map((g) => ({
          id: `channel-${g.key}`, text: `${fmt(g.count)} · ${formatPercent(g.share!, 'en')}`, kind: 'activity' as const, count: g.count,
        })),
      ];
    }
    case 'preferred-channel': {
      const p = v('preferred-channel');
      const groups = p.groups ?? [];
      const top = groups.find((g) => g.key === p.value);
      return [
        { id: p.id, text: p.value === null ? '—' : channelLabel(String(p.value), 'en'), kind: 'activity', count: top?.count ?? 0 },
        ...groups.map((g) => ({ id: `channel-${g.key}`, text: fmt(g.count), kind: 'activity' as const, count: g.count })),
      ];
    }
    case 'communication-load': {
      const c = v('communication-load');
      return [
        metricFigure(c),
        ...(c.groups ?? []).filter((g) => g.key !== '').map((g) => ({
          id: `pipeline-${g.key}`, text: g.value === null ? '—' : formatNumber(g.value, 'en', 2), kind: 'activity' as const,
          // value = activities ÷ deals of the pipeline; count = its deals
          count: g.value === null ? 0 : Math.round(g.value * g.count),
        })),
      ];
    }
    case 'deal-conversion': {
      const closed = settings.count === 'closed';
      const d = v(closed ? 'deal-conversion-closed' : 'deal-conversion');
      const den = closed ? 'closed' : 'deals';
      return [
        metricFigure(d),
        { id: 'won', text: fmt(d.counts.won!), kind: 'deal', count: d.counts.won! },
        { id: den, text: fmt(d.counts[den]!), kind: 'deal', count: d.counts[den]! },
      ];
    }
    case 'invoice-conversion': {
      const conv = v('invoice-conversion');
      return [
        metricFigure(conv), metricFigure(v('invoice-paid-on-time')),
        { id: 'issued', text: fmt(conv.counts.issued!), kind: 'invoice', count: conv.counts.issued! },
      ];
    }
    case 'sales-amount':
      return (['won-value', 'sales-open', 'sales-lost'] as const).map((id) => metricFigure(v(id)));
    case 'invoice-amounts':
      return (['invoice-issued', 'invoice-paid', 'invoice-unpaid', 'invoice-overdue-share'] as const).map((id) => metricFigure(v(id)));
    case 'payments-trend':
      return (['trend-deals-created', 'trend-deals-won', 'trend-invoices-paid'] as const).map((id) => metricFigure(v(id)));
    case 'number': {
      // Its metrics (default: won deals); combined, the result first (worked out here from the
      // metrics' own values, not through src/widgets/number.ts), opening no records.
      const terms = (settings.metrics?.length ? settings.metrics : ['won-value' as const]).map((id) => metricFigure(v(id)));
      const op = settings.op ?? 'none';
      if (op === 'none') return terms;
      return [{ id: 'result', text: combinedText(op, (settings.metrics ?? []).map(v)), kind: 'deal', count: 0, clickable: false }, ...terms];
    }
  }
}

/** A custom number's combination as displayed: Σ (or first − rest) of amounts or counts, or first ÷ second × 100. */
export function combinedText(op: 'sum' | 'difference' | 'percentage', values: readonly MetricValue[]): string {
  const major = (x: MetricValue) => (x.unit === 'money' ? x.money!.total.minor / 10 ** currencyExponent(x.money!.total.currency)! : (x.value as number));
  if (op === 'percentage') {
    const [a, b] = values as [MetricValue, MetricValue];
    return a.value === null || b.value === null || major(b) === 0 ? '—' : formatPercent((major(a) / major(b)) * 100, 'en');
  }
  const signed = values.map((x, i) => (op === 'difference' && i > 0 ? -1 : 1) * (x.value as number));
  const total = signed.reduce((n, x) => n + x, 0);
  return values[0]!.unit === 'money' ? formatAmount({ minor: total, currency: values[0]!.money!.total.currency }, 'en') : fmt(total);
}

/** The footer line the detail panel must show for a number (exact, or its exact start when the total is not shown). */
export function footerOf(e: Expected): string | RegExp {
  const records = msg('en', `kind.${e.kind}`, { count: e.count });
  if (e.kind === 'activity') return records;
  if (e.total) return msg('en', 'detail.footer', { records, total: e.total });
  return new RegExp(`^${records} · total \\S`);
}

// ─── DOM ─────────────────────────────────────────────────────────────────────────────────────────

export const $ = <T extends Element = HTMLElement>(el: Element, sel: string): T | null => el.shadowRoot!.querySelector<T>(sel);
export const $$ = <T extends Element = HTMLElement>(el: Element, sel: string): T[] => [...el.shadowRoot!.querySelectorAll<T>(sel)];
export const has = (el: Element, sel: string): boolean => el.shadowRoot!.querySelector(sel) !== null;
export const panelOf = (w: CrmWidget) => $<CrmDetailPanel>(w, 'crm-detail-panel')!;
export const settingsOf = (w: CrmWidget) => $<CrmWidgetSettings>(w, 'crm-widget-settings')!;
export const figureButton = (w: CrmWidget, id: string) => $<HTMLButtonElement>(w, `button[data-figure="${CSS.escape(id)}"]`);
export const gearOf = (w: CrmWidget) => $<HTMLButtonElement>(w, '.menu-button');
export const titleOf = (w: CrmWidget) => $(w, 'h3')?.textContent ?? '';
export const press = (key: string) => sendKeys({ press: key });
export const footerText = (panel: CrmDetailPanel) => panel.shadowRoot!.querySelector('.summary .total')?.textContent ?? '';

/** `oneEvent` that fails after a few seconds instead of at mocha's timeout (which stalls the whole file). */
export function oneEvent<T = unknown>(target: EventTarget, name: string, ms = 5000): Promise<CustomEvent<T>> {
  return Promise.race([
    rawOneEvent(target, name) as Promise<CustomEvent<T>>,
    aTimeout(ms).then(() => {
      throw new Error(`no ${name} event within ${ms} ms`);
    }),
  ]);
}

/** The numbers shown, by figure id: text and whether it opens the records. */
export function shown(w: CrmWidget): { id: string; text: string; clickable: boolean }[] {
  // The peers' averages have no records behind them (widget-peers.test.ts checks them).
  return $$(w, '[data-figure]:not([data-figure^="peers-"])').map((f) => ({
    id: f.dataset.figure!, text: f.querySelector('.value')!.textContent!, clickable: f.tagName === 'BUTTON',
  }));
}

/** Whether the widget shows settled numbers or an error (no skeleton, no stale view). */
export const isSettled = (w: CrmWidget): boolean =>
  !has(w, '.skeleton') && (has(w, '.view[aria-busy="false"]') || has(w, '.body .error[role="alert"]'));

/** Waits until a profile's header and every widget are settled, twice in a row (nothing still arriving). */
export async function profileSettled(p: HTMLElement & { updateComplete: Promise<unknown> }, timeout = 8000): Promise<void> {
  const widgets = () => $$<CrmWidget>(p, 'crm-widget');
  const settled = async () => {
    await p.updateComplete;
    await Promise.all(widgets().map((w) => w.updateComplete));
    return (has(p, '.client h2') || has(p, '.client.error')) && !has(p, '.client.skeleton') && widgets().length > 0 && widgets().every(isSettled);
  };
  await waitUntil(async () => (await settled()) && (await settled()), 'the profile did not settle', { timeout });
}

/** Waits until the widget has rendered its pending changes and shows settled numbers (or an error). */
export async function loaded(w: CrmWidget, timeout = 5000): Promise<void> {
  await w.updateComplete;
  await waitUntil(() => isSettled(w), `<crm-widget type=${w.type}> did not finish loading`, { timeout });
  await w.updateComplete;
}

/** The focused element, through shadow roots. */
export function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

export const describeEl = (e: Element | null): string => (e
  ? `<${e.localName}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().replace(/\s+/g, '.')}` : ''}> "${(e.textContent ?? '').trim().slice(0, 40)}"`
  : 'nothing');

/** Compares elements by identity (a failing chai `equal` on DOM nodes stalls the runner while it serializes them). */
export function expectFocusOn(target: Element | null | undefined, what: string): void {
  const active = deepActive();
  expect(active !== null && active === target, `focus should be on ${what}, is on ${describeEl(active)}`).to.equal(true);
}

/** Presses Tab (or Shift+Tab) until `target()` has focus; fails after `max` presses. */
export async function tabTo(target: () => Element | null | undefined, what: string, { back = false, max = 80 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (deepActive() === target() && target()) return;
    if (back) {
      await sendKeys({ down: 'Shift' });
      await press('Tab');
      await sendKeys({ up: 'Shift' });
    } else await press('Tab');
  }
  expectFocusOn(target(), what);
}

/**
 * From the focused gear of `w`, by keyboard only: Enter opens the menu (focus on Settings), Enter
 * opens the dialog (focus on the title field), `title` is typed. Returns the dialog (still open:
 * the caller saves or cancels).
 */
export async function typeTitleInSettings(w: CrmWidget, title: string): Promise<CrmWidgetSettings> {
  await press('Enter');
  await w.updateComplete;
  expectFocusOn($(w, '[role="menuitem"]'), 'the Settings item');
  await press('Enter');
  const dialog = settingsOf(w);
  await waitUntil(() => dialog.open, 'the settings dialog did not open');
  expectFocusOn(dialog.shadowRoot!.querySelector('#f-title'), 'the title field');
  await sendKeys({ type: title });
  return dialog;
}

/** Opens the detail panel from a number (click or Enter) and waits for its footer. */
export async function openFigure(w: CrmWidget, id: string, how: 'click' | 'enter' = 'click'): Promise<CrmDetailPanel> {
  const button = figureButton(w, id);
  expect(button !== null, `number ${id} of ${w.type} is a button`).to.equal(true);
  const opened = oneEvent(w, 'crm-detail-open');
  if (how === 'click') button!.click();
  else {
    button!.focus();
    await press('Enter');
  }
  await opened;
  const panel = panelOf(w);
  await waitUntil(() => footerText(panel) !== '' && panel.shadowRoot!.querySelector('dialog')!.getAttribute('aria-busy') === 'false',
    `the panel of ${w.type} › ${id} did not load`, { timeout: 5000 });
  return panel;
}

export async function closePanel(panel: CrmDetailPanel): Promise<void> {
  const closed = oneEvent(panel, 'close');
  panel.close();
  await closed;
}

/**
 * Checks every number of a loaded widget against `expected`, then opens the panel of each
 * clickable one: its footer must show the same count (and, for money, the number as its total).
 */
export async function checkReconciles(w: CrmWidget, expected: readonly Expected[], what: string): Promise<number> {
  const figures = shown(w);
  expect(figures.map((f) => [f.id, f.text]), `${what}: numbers`).to.deep.equal(expected.map((e) => [e.id, e.text]));
  expect(figures.map((f) => f.clickable), `${what}: clickable numbers`).to.deep.equal(expected.map((e) => e.text !== '—' && e.clickable !== false));
  let opened = 0;
  for (const e of expected) {
    if (e.text === '—' || e.clickable === false) continue;
    const panel = await openFigure(w, e.id);
    const footer = footerText(panel);
    const want = footerOf(e);
    if (typeof want === 'string') expect(footer, `${what} › ${e.id}: footer`).to.equal(want);
    else expect(footer, `${what} › ${e.id}: footer`).to.match(want);
    opened++;
    await closePanel(panel);
  }
  return opened;
}

/** Jumps to the end of dialog opening animations, through nested shadow roots (axe skips text still fading in). */
export function finishAnimations(root: Element): void {
  const visit = (node: Element | ShadowRoot) => {
    for (const d of node.querySelectorAll('dialog')) for (const a of d.getAnimations({ subtree: true })) a.finish();
    for (const el of node.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
  };
  visit(root.shadowRoot ?? root);
}

// ─── sources ─────────────────────────────────────────────────────────────────────────────────────

type Query = AggregateQuery | RecordQuery;

/**
 * The demo source, with failures on demand: while `failing` is set, record and aggregate queries
 * (those `fails` selects: all by default) reject with a network AdapterError.
 */
export class FlakyAdapter implements CrmAdapter {
  readonly label = 'Flaky';
  failing = true;
  constructor(private readonly inner: DemoAdapter = adapter, private readonly fails: (q: Query) => boolean = () => true) {}
  get now(): number {
    return this.inner.now;
  }
  get maxPageSize(): number {
    return this.inner.maxPageSize;
  }
  getClient: CrmAdapter['getClient'] = (ref, signal) => this.inner.getClient(ref, signal);
  referenceData: NonNullable<CrmAdapter['referenceData']> = (signal) => this.inner.referenceData(signal);
  peerAverages: NonNullable<CrmAdapter['peerAverages']> = (type, period, signal) => this.inner.peerAverages(type, period, signal);
  records: CrmAdapter['records'] = async (q, signal) => {
    if (this.failing && this.fails(q)) throw new AdapterError('network', 'Server unreachable');
    return this.inner.records(q, signal);
  };
  aggregate: NonNullable<CrmAdapter['aggregate']> = async (qs, signal) => {
    if (this.failing && qs.some((q) => this.fails(q))) throw new AdapterError('network', 'Server unreachable');
    return this.inner.aggregate(qs, signal);
  };
}

/**
 * The demo source answering aggregates out of order: the n-th call waits `max(0, slowest − step·n)`
 * ms after computing its answer, so older requests come back last; it ignores cancellation.
 */
export function outOfOrderAdapter(slowest = 200, step = 10): CrmAdapter {
  let n = 0;
  return {
    label: 'Out of order', now: adapter.now, maxPageSize: adapter.maxPageSize,
    getClient: (ref) => adapter.getClient(ref),
    referenceData: () => adapter.referenceData(),
    records: (q) => adapter.records(q),
    aggregate: async (q) => {
      const wait = Math.max(0, slowest - step * n++);
      const r = await adapter.aggregate(q);
      await aTimeout(wait);
      return r;
    },
  };
}

/** Removes what the tests stored (layouts under `crm-profile-widgets:`). */
export function clearStoredLayouts(): void {
  for (const k of Object.keys(localStorage)) if (k.startsWith('crm-profile-widgets:')) localStorage.removeItem(k);
}

/**
 * The demo source with `ms` of latency on each call, except peer averages (the demo source computes
 * them by evaluating every client through its own delayed calls: seconds at 100 ms).
 */
export function slowSource(ms: number): CrmAdapter {
  const slow = new DemoAdapter(adapter.data, { delayMs: ms });
  return {
    label: 'Slow', now: adapter.now, maxPageSize: adapter.maxPageSize,
    getClient: (ref, signal) => slow.getClient(ref, signal),
    referenceData: (signal) => slow.referenceData(signal),
    records: (q, signal) => slow.records(q, signal),
    aggregate: (q, signal) => slow.aggregate(q, signal),
    peerAverages: (type, period, signal) => adapter.peerAverages(type, period, signal),
  };
}

// ─── period picker ───────────────────────────────────────────────────────────────────────────────

/** A period picker's button (what opens its popup). */
export const pickerButton = (p: CrmPeriodPicker): HTMLButtonElement => p.shadowRoot!.querySelector<HTMLButtonElement>('#button')!;
/** An option of an open period picker's list, by preset id. */
export const pickerOption = (p: CrmPeriodPicker, id: string): HTMLElement => p.shadowRoot!.querySelector<HTMLElement>(`#option-${id}`)!;

/**
 * Runs `body` while the profile's lazy part `part` fails to load (as a chunk the network lost),
 * with `console.error` captured into `errors`; restores both afterwards.
 */
export async function whileChunkFails(part: keyof typeof profileChunks, body: (errors: string[]) => Promise<void>): Promise<void> {
  const load = profileChunks[part];
  const error = console.error;
  const errors: string[] = [];
  profileChunks[part] = (() => Promise.reject(new TypeError('Failed to fetch dynamically imported module'))) as never;
  console.error = (...a: unknown[]) => void errors.push(a.map(String).join(' '));
  try {
    await body(errors);
  } finally {
    profileChunks[part] = load as never;
    console.error = error;
  }
}
