/**
 * First paint of a profile (bench/first-paint.ts, bench/charts.ts). The page creates a demo adapter
 * (seed 1: generated and indexed before the clock starts), waits two frames, then mounts
 *
 *   ?mode=profile   `<crm-profile>` with the default layout (header + 9 widgets) on that adapter, or
 *   ?mode=baseline  the same numbers as plain `<div>`s: each widget's and the header's data work done
 *                   by the same core (evaluateMetrics, peer averages, widgetView) with no element;
 *   &attrs=a,b      (profile) boolean attributes set on it, e.g. `editable,sync-url`: the profile then
 *                   also fetches its edit mode's and deep links' chunks;
 *
 * and times it until every number is painted: every `crm-load` (header and widgets; the baseline:
 * every block appended), then two frames. The profile then times its charts: until every canvas in view
 * holds a chart (and a frame shows it), and until their animations end.
 */
import '../../src/elements/profile/define.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { ClientRef } from '../../src/core/model.js';
import { defaultLayout } from '../../src/widgets/layout.js';
import {
  baselineBlock, baselineHeader, baselineView, canvasesOf, chartCount, chartsDrawn, done, figureTexts, loaded, painted,
  params, until, widgetsOf,
} from './common.js';

export interface FirstPaintFigures {
  readonly mode: 'profile' | 'baseline';
  /** performance.now() when the mount started (ms since navigation start). */
  readonly mountAt: number;
  /** Mount → the last crm-load / block appended. */
  readonly loadedMs: number;
  /** Mount → numbers painted. */
  readonly paintedMs: number;
  /** Navigation start → numbers painted. */
  readonly fromNavigationMs: number;
  /** Numbers painted → every chart created and painted (profile). */
  readonly chartsMs?: number;
  /** Numbers painted → every chart animation ended (profile). */
  readonly chartsDrawnMs?: number;
  readonly charts?: number;
  readonly widgets: number;
  /** What was shown, to check that both pages show the same numbers. */
  readonly shown: { header: string; widgets: { type: string; figures: string[] }[] };
}

const mode = params.get('mode') === 'baseline' ? 'baseline' : 'profile';
const attrs = (params.get('attrs') ?? '').split(',').filter(Boolean);
const client: ClientRef = { type: 'contact', id: params.get('id') ?? '1' };

done(async (): Promise<FirstPaintFigures> => {
  localStorage.clear(); // no stored layout
  const adapter = new DemoAdapter({ seed: 1 });
  const items = defaultLayout().items;
  const host = document.createElement('main');
  document.body.append(host);
  await painted();

  performance.mark('mount');
  const t0 = performance.now();
  if (mode === 'profile') {
    const el = document.createElement('crm-profile') as CrmProfile;
    el.setAttribute('entity-type', client.type);
    el.setAttribute('entity-id', client.id);
    for (const a of attrs) el.setAttribute(a, '');
    el.adapter = adapter;
    const allLoaded = loaded(el, items.length, true);
    host.append(el);
    const tLoaded = await allLoaded;
    const tPainted = await painted();
    performance.mark('numbers-painted');
    performance.measure('first-paint', 'mount', 'numbers-painted');
    const widgets = widgetsOf(el);
    const shown = {
      header: `${el.shadowRoot!.querySelector('.who h2')?.textContent ?? ''}|${el.shadowRoot!.querySelector('.load-value strong')?.textContent ?? ''}`,
      widgets: widgets.map((w) => ({ type: w.getAttribute('type') ?? '', figures: figureTexts(w.shadowRoot) })),
    };
    const canvases = canvasesOf(widgets);
    await until(() => chartCount() >= canvases.length, 'the charts');
    const tCharts = await painted();
    performance.mark('charts-painted');
    await chartsDrawn(canvases);
    const tDrawn = await painted();
    performance.mark('charts-drawn');
    return {
      mode, mountAt: t0, loadedMs: tLoaded - t0, paintedMs: tPainted - t0, fromNavigationMs: tPainted,
      chartsMs: tCharts - tPainted, chartsDrawnMs: tDrawn - tPainted, charts: canvases.length, widgets: widgets.length, shown,
    };
  }

  const header = document.createElement('header');
  const grid = document.createElement('div');
  const slots = items.map(() => grid.appendChild(document.createElement('div')));
  host.append(header, grid);
  const blocks: { type: string; figures: string[] }[] = [];
  let headerText = '';
  await Promise.all([
    baselineHeader(adapter, client).then((h) => {
      const name = document.createElement('h2');
      name.textContent = h.client.name;
      const load = document.createElement('strong');
      load.textContent = h.load;
      header.append(name, load);
      headerText = `${h.client.name}|${h.load}`;
    }),
    ...items.map((item, i) => baselineView(adapter, client, item.type).then((view) => {
      const block = baselineBlock(item.type, view);
      slots[i]!.replaceWith(block);
      blocks[i] = { type: item.type, figures: figureTexts(block) };
    })),
  ]);
  const tLoaded = performance.now();
  const tPainted = await painted();
  performance.mark('numbers-painted');
  performance.measure('first-paint', 'mount', 'numbers-painted');
  return {
    mode, mountAt: t0, loadedMs: tLoaded - t0, paintedMs: tPainted - t0, fromNavigationMs: tPainted,
    widgets: items.length, shown: { header: headerText, widgets: blocks },
  };
});
