/**
 * What the bench pages share: frames and paint detection, waiting for the elements' `crm-load`
 * events, the chart checks, the plain-`<div>` baseline (the widgets' own data work through the
 * same core, without the elements) and an adapter wrapper that counts calls.
 */
import type { CrmAdapter, PeerAverages } from '../../src/adapters/adapter.js';
import { referenceOf } from '../../src/adapters/sources.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import type { MetricContext } from '../../src/core/metrics.js';
import type { Client, ClientRef, ClientType, RecordKind, ReferenceData } from '../../src/core/model.js';
import { DEFAULT_PERIOD, resolvePeriod, type Period, type ResolvedPeriod } from '../../src/core/period.js';
import { queryKey, type AggregateQuery, type AggregateResult, type RecordPage, type RecordQuery } from '../../src/core/query.js';
import { formatNumber } from '../../src/i18n/index.js';
import { liveCharts } from '../../src/controllers/chart-controller.js';
import { WIDGET_CATALOG, widgetTitle } from '../../src/widgets/catalog.js';
import { sanitizeSettings } from '../../src/widgets/layout.js';
import type { WidgetType } from '../../src/widgets/types.js';
import { widgetView, type WidgetView } from '../../src/widgets/views.js';

declare global {
  interface Window {
    /** The page's figures (the runner waits for it). */
    benchDone?: Promise<unknown>;
  }
}

export const params = new URLSearchParams(location.search);
export const LOCALE = 'en';
export const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Publishes the page's figures. */
export function done<T>(figures: () => Promise<T>): void {
  // Rejections reach the runner through page.evaluate.
  window.benchDone = figures();
}

/** The next animation frame's timestamp. */
export const frame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

/**
 * After two frames: the DOM changed before the first callback has been rendered in a frame that
 * was produced before the second callback runs. Returns `performance.now()` then.
 */
export async function painted(): Promise<number> {
  await frame();
  await frame();
  return performance.now();
}

/** Checks `test` every frame until it holds; fails after `timeoutMs`. */
export async function until(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await frame();
  }
}

/**
 * Resolves when `el` has reported `crm-load` for its header (a profile: `detail.client`) when
 * `header`, and for `widgets` distinct widgets (`detail.type`): the time of the last event.
 * Rejects on `crm-error`, or after `timeoutMs`.
 */
export function loaded(el: EventTarget, widgets: number, header: boolean, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const ids = new Set<EventTarget>();
    let headerDone = !header;
    const check = () => {
      if (headerDone && ids.size >= widgets) {
        finish();
        resolve(performance.now());
      }
    };
    const onLoad = (e: Event) => {
      const d = (e as CustomEvent<{ id?: string; type?: string; client?: unknown }>).detail;
      performance.mark(d.type !== undefined ? `crm-load:${d.type}` : 'crm-load:header');
      if (d.type !== undefined) ids.add(e.composedPath()[0]!);
      else if (d.client !== undefined) headerDone = true;
      check();
    };
    const onError = (e: Event) => {
      finish();
      reject(new Error(`crm-error: ${String((e as CustomEvent<{ error?: Error }>).detail.error?.message)}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`only ${ids.size} of ${widgets} widgets${header && !headerDone ? ' and not the header' : ''} loaded in ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      el.removeEventListener('crm-load', onLoad);
      el.removeEventListener('crm-error', onError);
    };
    el.addEventListener('crm-load', onLoad);
    el.addEventListener('crm-error', onError);
  });
}

/** The `<crm-widget>`s of a profile's shadow root. */
export const widgetsOf = (profile: Element): HTMLElement[] => [...(profile.shadowRoot?.querySelectorAll<HTMLElement>('crm-widget') ?? [])];

/**
 * The chart canvases rendered by these widgets that are in (or within 200 px of) the viewport: the
 * ones that get a chart (src/controllers/chart-controller.ts draws a chart only once its canvas
 * comes into view).
 */
export const canvasesOf = (widgets: readonly Element[]): HTMLCanvasElement[] =>
  widgets.flatMap((w) => [...(w.shadowRoot?.querySelectorAll('canvas') ?? [])]).filter((c) => {
    const r = c.getBoundingClientRect();
    return r.bottom > -200 && r.top < innerHeight + 200 && r.right > -200 && r.left < innerWidth + 200;
  });

/**
 * `data-figure=value` of every number in `root` (a widget's shadow root or a baseline block), in
 * order: the widget's own numbers (the peers' averages, added when they come, are left out).
 */
export const figureTexts = (root: ParentNode | null | undefined): string[] =>
  [...(root?.querySelectorAll<HTMLElement>('[data-figure]') ?? [])]
    .filter((f) => !f.dataset.figure!.startsWith('peers-'))
    .map((f) => `${f.dataset.figure}=${f.querySelector('.value')?.textContent ?? ''}`);

/** Chart instances alive in the page (src/controllers/chart-controller.ts counts them). */
export const chartCount = (): number => liveCharts;

type Probe = typeof import('./chart-probe.js');
let probe: Promise<Probe> | undefined;
/** chart.js itself (the same module instance the widgets use): loaded only once charts exist. */
export const chartJs = (): Promise<Probe> => (probe ??= import('./chart-probe.js'));

/** Waits until every canvas holds a chart.js chart whose animations have ended. */
export async function chartsDrawn(canvases: readonly HTMLCanvasElement[], timeoutMs = 30_000): Promise<void> {
  const { Chart, running } = await chartJs();
  await until(() => canvases.every((c) => {
    const chart = Chart.getChart(c);
    return chart !== undefined && !running(chart);
  }), 'the chart animations to end', timeoutMs);
}

// ---- the baseline: the same numbers, computed by the same core, as plain <div>s ----------------

/** The metric context a `<crm-widget>` with default settings evaluates in. */
export function widgetContext(adapter: CrmAdapter, client: ClientRef, reference: ReferenceData | undefined, period: Period = DEFAULT_PERIOD): MetricContext {
  const now = adapter.now ?? Date.now();
  return {
    client, period: resolvePeriod(period, now, TIME_ZONE, LOCALE), now, locale: LOCALE,
    ...(reference?.baseCurrency ? { currency: reference.baseCurrency } : {}),
    ...(reference?.rates ? { rates: reference.rates } : {}),
    restrict: {},
  };
}

/**
 * The data work of one `<crm-widget>` of `type` with default settings: its view. As the widget
 * does, the peers' averages (system and communication-load widgets) are asked at the same time but
 * not waited for: the widget adds them when they come, after its own numbers.
 */
export async function baselineView(adapter: CrmAdapter, client: ClientRef, type: WidgetType, period: Period = DEFAULT_PERIOD): Promise<WidgetView> {
  const { settings } = sanitizeSettings(type, {});
  const reference = await referenceOf(adapter);
  const mctx = widgetContext(adapter, client, reference, period);
  if ((type === 'system' || type === 'communication-load') && adapter.peerAverages) void adapter.peerAverages(client.type, mctx.period).catch(() => undefined);
  const values = await evaluateMetrics(adapter, mctx, WIDGET_CATALOG[type].metrics(settings));
  return widgetView(type, settings, values, LOCALE, reference);
}

/** A widget's view as plain elements: its title and its numbers (`data-figure`, `.value`, as the widget marks them). */
export function baselineBlock(type: WidgetType, view: WidgetView): HTMLElement {
  const block = document.createElement('div');
  block.className = 'block';
  const h = document.createElement('h3');
  h.textContent = widgetTitle(type, {}, LOCALE);
  block.append(h);
  // The widget's order: headline and secondary numbers, then the rows.
  for (const f of [...view.figures.filter((x) => x.role !== 'row'), ...view.figures.filter((x) => x.role === 'row')]) {
    const div = document.createElement('div');
    div.dataset.figure = f.id;
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = `${f.label} `;
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = f.text;
    div.append(label, value);
    if (f.note) div.append(` ${f.note}`);
    block.append(div);
  }
  return block;
}

/** The data work of `<crm-profile>`'s header: the client, reference data, the communication load and its target. */
export async function baselineHeader(adapter: CrmAdapter, ref: ClientRef, period: Period = DEFAULT_PERIOD): Promise<{ client: Client; load: string }> {
  const [client] = await Promise.all([adapter.getClient(ref), referenceOf(adapter)]);
  const now = adapter.now ?? Date.now();
  const resolved = resolvePeriod(period, now, TIME_ZONE, LOCALE);
  const values = await evaluateMetrics(adapter, { client: ref, period: resolved, now, locale: LOCALE }, ['communication-load']);
  if (adapter.peerAverages) await adapter.peerAverages(ref.type, resolved);
  const load = values['communication-load'].value as number | null;
  return { client, load: load === null ? '—' : formatNumber(load, LOCALE, 2) };
}

// ---- counting adapter calls -----------------------------------------------------------------------

/** The demo adapter's members, each call counted (per method, and per distinct arguments). */
export class CountingAdapter implements CrmAdapter {
  /** Calls per method. */
  readonly calls: Record<string, number> = {};
  /** Aggregate queries asked (an `aggregate` call carries a batch of them). */
  queries = 0;
  /** Distinct calls (method + arguments; aggregate: per query). */
  readonly distinct = new Set<string>();

  constructor(readonly inner: CrmAdapter) {}

  get label(): string {
    return this.inner.label;
  }

  get now(): number | undefined {
    return this.inner.now;
  }

  get maxPageSize(): number | undefined {
    return this.inner.maxPageSize;
  }

  get total(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  #count(method: string, key: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    this.distinct.add(`${method}|${key}`);
  }

  getClient(ref: ClientRef, signal?: AbortSignal): Promise<Client> {
    this.#count('getClient', `${ref.type}:${ref.id}`);
    return this.inner.getClient(ref, signal);
  }

  records<K extends RecordKind>(query: RecordQuery<K>, signal?: AbortSignal): Promise<RecordPage<K>> {
    this.#count('records', queryKey(query));
    return this.inner.records(query, signal);
  }

  aggregate(queries: readonly AggregateQuery[], signal?: AbortSignal): Promise<readonly AggregateResult[]> {
    this.calls.aggregate = (this.calls.aggregate ?? 0) + 1;
    this.queries += queries.length;
    for (const q of queries) this.distinct.add(`aggregate|${queryKey(q)}`);
    return this.inner.aggregate!(queries, signal);
  }

  referenceData(signal?: AbortSignal): Promise<ReferenceData> {
    this.#count('referenceData', '');
    return this.inner.referenceData!(signal);
  }

  peerAverages(type: ClientType, period: ResolvedPeriod, signal?: AbortSignal): Promise<PeerAverages> {
    this.#count('peerAverages', `${type}|${period.from}|${period.to}`);
    return this.inner.peerAverages!(type, period, signal);
  }
}
