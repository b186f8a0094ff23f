/**
 * Drill-down of 100 000 records (bench/drill-down.ts). The page generates the demo data with one
 * heavy client (contact 1: `?rows=` activities, 100 000 by default, and 1 000 deals), mounts a
 * standalone system `<crm-widget>` over all time on it and waits until its numbers are painted; its
 * "Activities" number is then `rows`. Then, with the clock started:
 *
 *   ?mode=panel     clicks that number: time until the first rows of `<crm-detail-panel>` are
 *                   painted (its code is a lazy chunk, loaded on this first open), the rows in the
 *                   DOM; then the page size 100 and frame times while scrolling `scroll` px
 *                   (10 000 by default) inside the panel, `step` px per frame, turning pages with
 *                   "Next" whenever the bottom of a page is reached (the panel pages: it never holds
 *                   more than 100 rows);
 *   ?mode=baseline  the same first page straight from the core and the adapter (inputFilter +
 *                   records(), the panel's columns) as a plain `<table>`.
 */
import '../../src/elements/widget/define.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { generateDemoData } from '../../src/adapters/demo/generate.js';
import { referenceOf } from '../../src/adapters/sources.js';
import { inputFilter } from '../../src/core/input-filter.js';
import type { ClientRef, CrmRecord } from '../../src/core/model.js';
import { parsePeriod } from '../../src/core/period.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { formatDate, msg } from '../../src/i18n/index.js';
import { recordColumns } from '../../src/widgets/record-columns.js';
import { LOCALE, TIME_ZONE, done, frame, loaded, painted, params, until, widgetContext } from './common.js';

export interface DrillDownFigures {
  readonly mode: 'panel' | 'baseline';
  /** The number clicked, as shown. */
  readonly number: string;
  /** Data generated and indexed (before the clock). */
  readonly generateMs: number;
  /** Click → first rows painted. */
  readonly firstRowsMs: number;
  /** Rows in the table (tbody) after the first page, and the "Page 1 of N" text. */
  readonly domRows: number;
  readonly pageOf?: string;
  /** The panel's footer once read ("100,000 activities"). */
  readonly footer?: string;
  /** Page size 100 chosen → its 100 rows painted. */
  readonly pageSize100Ms?: number;
  readonly domRowsAt100?: number;
  /** Scrolling (see {@link scrollThrough}). */
  readonly scroll?: ScrollFigures;
}

/** What scrolling measured: per scrolling frame (page turns apart), its interval and its work. */
export interface ScrollFigures {
  /** rAF to rAF, ms, frames that only scrolled (vsync-bound: 16.7 ms at 60 Hz when nothing is late). */
  readonly intervals: number[];
  /** The frame's work, ms: from its rAF callback (which scrolls) until a task posted then runs, after the frame's style, layout and paint. */
  readonly work: number[];
  readonly px: number;
  readonly pages: number;
  readonly pxPerPage: number;
  /** Next → the next page's rows painted, ms, each turn. */
  readonly pageTurnsMs: number[];
  readonly maxRows: number;
  /** The scrolling box's height (both pages scroll the same box size). */
  readonly boxHeight: number;
}

/** The time a task posted now runs: after this frame's rendering when called from a rAF callback. */
const afterRender = (): Promise<number> => new Promise((resolve) => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => resolve(performance.now());
  ch.port2.postMessage(0);
});

/**
 * Scrolls `box` SCROLL px, STEP px a frame; at the bottom, `turn()` shows the next page (it resolves
 * once its rows are painted) and scrolling goes on from the top. The same loop measures the panel
 * and the baseline.
 */
async function scrollThrough(box: HTMLElement, rows: () => number, turn: () => Promise<boolean>): Promise<ScrollFigures> {
  const intervals: number[] = [];
  const work: number[] = [];
  const pageTurnsMs: number[] = [];
  let px = 0;
  let pages = 1;
  let maxRows = rows();
  const pxPerPage = box.scrollHeight - box.clientHeight;
  let last = await frame();
  while (px < SCROLL) {
    const max = box.scrollHeight - box.clientHeight;
    if (box.scrollTop >= max - 1) {
      const s = performance.now();
      if (!(await turn())) break;
      pages++;
      pageTurnsMs.push(performance.now() - s);
      box.scrollTop = 0;
      last = await frame();
      continue;
    }
    // In a rAF callback: scroll, then time this frame's rendering and wait for the next one.
    const start = performance.now();
    const step = Math.min(STEP, max - box.scrollTop, SCROLL - px);
    box.scrollTop += step;
    px += step;
    const [done, next] = await Promise.all([afterRender(), frame()]);
    work.push(done - start);
    intervals.push(next - last);
    last = next;
    maxRows = Math.max(maxRows, rows());
  }
  return { intervals, work, px, pages, pxPerPage, pageTurnsMs, maxRows, boxHeight: box.clientHeight };
}

const mode = params.get('mode') === 'baseline' ? 'baseline' : 'panel';
const ROWS = Number(params.get('rows') ?? 100_000);
const SCROLL = Number(params.get('scroll') ?? 10_000);
const STEP = Number(params.get('step') ?? 50);
/** The baseline's scrolling box: the panel's body at the bench's 1280 × 900 viewport. */
const BOX_HEIGHT = Number(params.get('box') ?? 746);
const client: ClientRef = { type: 'contact', id: '1' };
const PERIOD = 'all-time';

done(async (): Promise<DrillDownFigures> => {
  const g0 = performance.now();
  const adapter = new DemoAdapter(generateDemoData({ seed: 1, heavy: { client, activities: ROWS, deals: 1000 } }));
  const generateMs = performance.now() - g0;
  const host = document.createElement('main');
  document.body.append(host);
  const widget = document.createElement('crm-widget') as CrmWidget;
  for (const [k, v] of [['type', 'system'], ['entity-type', client.type], ['entity-id', client.id], ['period', PERIOD]]) widget.setAttribute(k!, v!);
  widget.adapter = adapter;
  const ready = loaded(widget, 1, false);
  host.append(widget);
  await ready;
  await painted();
  const button = widget.shadowRoot!.querySelector<HTMLButtonElement>('button[data-figure="activity-count"]');
  if (!button) throw new Error('the system widget shows no clickable "Activities" number');
  const number = button.querySelector('.value')?.textContent ?? '';

  if (mode === 'baseline') {
    const t0 = performance.now();
    const mctx = widgetContext(adapter, client, await referenceOf(adapter), parsePeriod(PERIOD));
    const { kind, filter } = await inputFilter(adapter, 'conversion', 'activities', mctx);
    const columns = recordColumns(kind, { locale: LOCALE }).filter((c) => c.in !== 'export');
    const read = (offset: number, limit: number) => adapter.records({ kind, filter, sort: { field: 'createdAt', direction: 'desc' }, page: { offset, limit } });
    const box = document.createElement('div');
    box.style.cssText = `overflow:auto;block-size:${BOX_HEIGHT}px`;
    const table = box.appendChild(document.createElement('table'));
    const head = table.createTHead().insertRow();
    for (const c of columns) head.appendChild(document.createElement('th')).textContent = msg(LOCALE, c.label);
    const body = table.createTBody();
    const show = (items: readonly CrmRecord[]) => {
      body.replaceChildren();
      for (const r of items) {
        const tr = body.insertRow();
        for (const c of columns) {
          const d = c.type === 'date' ? c.date(r) : undefined;
          tr.insertCell().textContent = c.type === 'text' ? c.text(r) || '—' : c.type === 'date' ? (d === undefined ? '—' : formatDate(d, LOCALE, TIME_ZONE)) : '';
        }
      }
    };
    show((await read(0, 20)).items as readonly CrmRecord[]);
    host.append(box);
    const t1 = await painted();
    const domRows = body.rows.length;
    // The same scrolling as the panel's: pages of 100 rows, the next page at the bottom.
    let offset = 0;
    show((await read(offset, 100)).items as readonly CrmRecord[]);
    await painted();
    const scroll = await scrollThrough(box, () => body.rows.length, async () => {
      offset += 100;
      show((await read(offset, 100)).items as readonly CrmRecord[]);
      await painted();
      return true;
    });
    return { mode, number, generateMs, firstRowsMs: t1 - t0, domRows, scroll };
  }

  const t0 = performance.now();
  button.click();
  const panel = () => widget.shadowRoot!.querySelector('crm-detail-panel')?.shadowRoot ?? null;
  const rows = () => panel()?.querySelectorAll('tbody tr').length ?? 0;
  await until(() => rows() > 0, 'the first rows');
  const t1 = await painted();
  const domRows = rows();
  const root = panel()!;
  const pageOf = () => root.querySelector('.page-of')?.textContent?.trim() ?? '';
  await until(() => root.querySelector('.summary .total') !== null, 'the footer');
  const footer = root.querySelector('.summary .total')?.textContent?.trim() ?? '';
  const firstPageOf = pageOf();

  // Page size 100.
  const select = root.querySelector<HTMLSelectElement>('.pager select')!;
  const t2 = performance.now();
  select.value = '100';
  select.dispatchEvent(new Event('change'));
  await until(() => rows() === 100 && !root.querySelector('table.stale'), 'a page of 100 rows');
  const pageSize100Ms = (await painted()) - t2;
  const domRowsAt100 = rows();

  // Scrolling SCROLL px inside the panel, STEP px a frame, turning pages with Next at the bottom.
  const body = root.querySelector<HTMLElement>('.body')!;
  const firstRow = () => root.querySelector('tbody tr')?.textContent ?? '';
  const scroll = await scrollThrough(body, rows, async () => {
    const before = firstRow();
    const next = root.querySelector<HTMLButtonElement>('.pager .next');
    if (!next || next.disabled) return false;
    next.click();
    await until(() => firstRow() !== before && !root.querySelector('table.stale'), 'the next page');
    await painted();
    return true;
  });
  return {
    mode, number, generateMs, firstRowsMs: t1 - t0, domRows, pageOf: firstPageOf, footer, pageSize100Ms, domRowsAt100, scroll,
  };
});
