/**
 * A CMS listing (bench/cms-listing.ts): 100 standalone `<crm-widget>`s, 5 for each of 20 clients
 * (contacts 1–10, companies 1–10; types system, load-by-channel, deal-conversion,
 * invoice-conversion, sales-amount; last 30 days), all given one adapter object, whose calls are
 * counted (CountingAdapter over one DemoAdapter, seed 1, created before the clock).
 *
 *   ?mode=widgets   the 100 widgets on the counted demo adapter, as a host would set `adapter`;
 *   ?mode=cached    the same, the host wrapping the adapter in the suite's CachedAdapter
 *                   (src/adapters/cache.ts; identical calls in flight shared) — the calls counted
 *                   are those that reach the demo adapter;
 *   ?mode=baseline  the same 100 widgets' numbers computed by the same core, as plain `<div>`s;
 *   ?mode=alone     each of the 100 widgets mounted alone, one after the other, on a fresh counting
 *                   wrapper (so nothing is shared, not even reference data): the naive expectation.
 *
 * Times until every number is painted (100 `crm-load` events, then two frames) and, for the
 * widgets, until their charts are created and painted.
 */
import '../../src/elements/widget/define.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { CachedAdapter } from '../../src/adapters/cache.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import type { ClientRef } from '../../src/core/model.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { WidgetType } from '../../src/widgets/types.js';
import {
  CountingAdapter, baselineBlock, baselineView, canvasesOf, chartCount, done, figureTexts, loaded, painted, params, until,
} from './common.js';

export interface CmsFigures {
  readonly mode: string;
  readonly widgets: number;
  readonly clients: number;
  /** Mount → numbers painted; mount → charts painted (widgets). */
  readonly paintedMs?: number;
  readonly chartsMs?: number;
  readonly charts?: number;
  /** Calls that reached the demo adapter, per method; aggregate queries; distinct calls. */
  readonly calls?: Record<string, number>;
  readonly total?: number;
  readonly queries?: number;
  readonly distinct?: number;
  /** What was shown (first widget of each type), to check the pages agree. */
  readonly shown?: string[];
}

const TYPES: readonly WidgetType[] = ['system', 'load-by-channel', 'deal-conversion', 'invoice-conversion', 'sales-amount'];
const CLIENTS: readonly ClientRef[] = [
  ...Array.from({ length: 10 }, (_, i): ClientRef => ({ type: 'contact', id: String(i + 1) })),
  ...Array.from({ length: 10 }, (_, i): ClientRef => ({ type: 'company', id: String(i + 1) })),
];
const ITEMS = CLIENTS.flatMap((client) => TYPES.map((type) => ({ client, type })));
const mode = params.get('mode') ?? 'widgets';

function widget(client: ClientRef, type: WidgetType, adapter: CrmAdapter): CrmWidget {
  const w = document.createElement('crm-widget') as CrmWidget;
  w.setAttribute('type', type);
  w.setAttribute('entity-type', client.type);
  w.setAttribute('entity-id', client.id);
  w.adapter = adapter;
  return w;
}

/** A listing's markup: one card per client holding its widgets. */
function cards(host: HTMLElement): HTMLElement[] {
  return CLIENTS.map((c) => {
    const card = document.createElement('section');
    card.style.cssText = 'display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:8px;margin-block-end:16px';
    card.dataset.client = `${c.type}:${c.id}`;
    host.append(card);
    return card;
  });
}

done(async (): Promise<CmsFigures> => {
  const demo = new DemoAdapter({ seed: 1 });
  const host = document.createElement('main');
  document.body.append(host);
  await painted();
  const base = { mode, widgets: ITEMS.length, clients: CLIENTS.length };

  if (mode === 'alone') {
    let total = 0;
    let queries = 0;
    const calls: Record<string, number> = {};
    for (const { client, type } of ITEMS) {
      const counted = new CountingAdapter(demo);
      const w = widget(client, type, counted);
      const ready = loaded(w, 1, false);
      host.append(w);
      await ready;
      w.remove();
      total += counted.total;
      queries += counted.queries;
      for (const [m, n] of Object.entries(counted.calls)) calls[m] = (calls[m] ?? 0) + n;
    }
    return { ...base, calls, total, queries };
  }

  const slots = cards(host);
  if (mode === 'baseline') {
    const places: HTMLElement[] = ITEMS.map((_, i) => slots[Math.floor(i / TYPES.length)]!.appendChild(document.createElement('div')));
    const t0 = performance.now();
    await Promise.all(ITEMS.map(({ client, type }, i) => baselineView(demo, client, type).then((view) => {
      const block = baselineBlock(type, view);
      places[i]!.replaceWith(block);
      places[i] = block;
    })));
    const t1 = await painted();
    const shown = places.slice(0, TYPES.length).map((b) => figureTexts(b).join(' '));
    return { ...base, paintedMs: t1 - t0, shown };
  }

  const counted = new CountingAdapter(demo);
  const adapter: CrmAdapter = mode === 'cached' ? new CachedAdapter(counted) : counted;
  const widgets = ITEMS.map(({ client, type }) => widget(client, type, adapter));
  const ready = loaded(host, widgets.length, false);
  const t0 = performance.now();
  widgets.forEach((w, i) => slots[Math.floor(i / TYPES.length)]!.append(w));
  await ready;
  const t1 = await painted();
  const canvases = canvasesOf(widgets);
  await until(() => chartCount() >= canvases.length, 'the charts');
  const t2 = await painted();
  const shown = widgets.slice(0, TYPES.length).map((w) => figureTexts(w.shadowRoot).join(' '));
  return {
    ...base, paintedMs: t1 - t0, chartsMs: t2 - t0, charts: canvases.length,
    calls: { ...counted.calls }, total: counted.total, queries: counted.queries, distinct: counted.distinct.size, shown,
  };
});
