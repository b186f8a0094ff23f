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
import { inputFilter } from '../../src/core/evaluate.js';
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
  /** Scrolling: frame durations (rAF to rAF), px scrolled, pages visited, Next → rows of the next page painted. */
  readonly scroll?: { frames: number[]; px: number; pages: number; pxPerPage: number; pageTurnsMs: number[]; maxRows: number };
}

const mode = params.get('mode') === 'baseline' ? 'baseline' : 'panel';
const ROWS = Number(params.get('rows') ?? 100_000);
const SCROLL = Number(params.get('scroll') ?? 10_000);
const STEP = Number(params.get('step') ?? 50);
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
    const page = await adapter.records({ kind, filter, sort: { field: 'createdAt', direction: 'desc' }, page: { offset: 0, limit: 20 } });
    const columns = recordColumns(kind, { locale: LOCALE }).filter((c) => c.in !== 'export');
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const c of columns) head.appendChild(document.createElement('th')).textContent = msg(LOCALE, c.label);
    const body = table.createTBody();
    for (const r of page.items as readonly CrmRecord[]) {
      const tr = body.insertRow();
      for (const c of columns) {
        const d = c.type === 'date' ? c.date(r) : undefined;
        tr.insertCell().textContent = c.type === 'text' ? c.text(r) || '—' : c.type === 'date' ? (d === undefined ? '—' : formatDate(d, LOCALE, TIME_ZONE)) : '';
      }
    }
    host.append(table);
    const t1 = await painted();
    return { mode, number, generateMs, firstRowsMs: t1 - t0, domRows: body.rows.length };
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

  // Scrolling SCROLL px inside the panel, STEP px a frame, turning pages at the bottom.
  const body = root.querySelector<HTMLElement>('.body')!;
  const firstRow = () => root.querySelector('tbody tr')?.textContent ?? '';
  const frames: number[] = [];
  const pageTurnsMs: number[] = [];
  let px = 0;
  let pages = 1;
  let maxRows = rows();
  const pxPerPage = body.scrollHeight - body.clientHeight;
  let last = await frame();
  const tick = async () => {
    const t = await frame();
    frames.push(t - last);
    last = t;
    maxRows = Math.max(maxRows, rows());
  };
  while (px < SCROLL) {
    const max = body.scrollHeight - body.clientHeight;
    if (body.scrollTop >= max - 1) {
      const before = firstRow();
      const next = root.querySelector<HTMLButtonElement>('.pager .next');
      if (!next || next.disabled) break;
      const s = performance.now();
      next.click();
      pages++;
      for (let n = 0; firstRow() === before || root.querySelector('table.stale'); n++) {
        if (n > 1200) throw new Error(`page ${pages} did not show`);
        await tick();
      }
      await tick();
      pageTurnsMs.push(performance.now() - s);
      body.scrollTop = 0;
      continue;
    }
    const step = Math.min(STEP, max - body.scrollTop, SCROLL - px);
    body.scrollTop += step;
    px += step;
    await tick();
  }
  return {
    mode, number, generateMs, firstRowsMs: t1 - t0, domRows, pageOf: firstPageOf, footer, pageSize100Ms, domRowsAt100,
    scroll: { frames, px, pages, pxPerPage, pageTurnsMs, maxRows },
  };
});
