/**
 * The detail panel's Export CSV and Copy as table, end to end: a real <crm-widget>, a click on a
 * number, a click on Export; the CSV bytes are read from the Blob handed to URL.createObjectURL
 * (the download link's click is stubbed) and parsed with a strict RFC 4180 reader.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/widget/define.js';
import '../../src/elements/detail-panel/define.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmDetailExportDetail, CrmDetailPanel } from '../../src/elements/detail-panel/detail-panel.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import { inputFilter } from '../../src/core/input-filter.js';
import { isoInstant, safeFileName } from '../../src/core/csv.js';
import type { CrmRecord, RecordKind } from '../../src/core/model.js';
import { MoneyBag, convertBag } from '../../src/core/money.js';
import { parseMoney } from '../../src/core/money-parse.js';
import { resolvePeriod } from '../../src/core/period.js';
import type { RecordFilter, RecordPage, RecordQuery, SortSpec } from '../../src/core/query.js';
import { formatAmount, formatNumber, loadMessages, msg } from '../../src/i18n/index.js';
import { parseCsv } from '../core/csv-parse.js';

const demo = new DemoAdapter({ seed: 1 });
const reference = demo.data.reference;
const rates = reference.rates!;
const CLIENT = { type: 'contact', id: '1' } as const;

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────────

const $ = <T extends Element = HTMLElement>(el: Element, sel: string): T | null => el.shadowRoot!.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: Element, sel: string): T[] => [...el.shadowRoot!.querySelectorAll<T>(sel)];
const panelOf = (w: CrmWidget) => $<CrmDetailPanel>(w, 'crm-detail-panel')!;
const figureText = (w: CrmWidget, id: string) => $(w, `[data-figure="${id}"] .value`)!.textContent!;
const notice = (p: CrmDetailPanel) => $(p, '.notice')?.textContent ?? '';
const alertText = (p: CrmDetailPanel) => $(p, '.export-error')?.textContent ?? '';
const exportButton = (p: CrmDetailPanel) => $<HTMLButtonElement>(p, 'button.export')!;
const copyButton = (p: CrmDetailPanel) => $<HTMLButtonElement>(p, 'button.copy')!;
const footerText = (p: CrmDetailPanel) => $(p, '.summary .total')?.textContent ?? '';

function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

async function loadedWidget(w: CrmWidget): Promise<CrmWidget> {
  await w.updateComplete;
  await waitUntil(() => $(w, '.view[aria-busy="false"]') !== null && $(w, '.skeleton') === null, 'the widget did not load', { timeout: 8000 });
  await w.updateComplete;
  return w;
}

/** Clicks a number and waits for its panel to be loaded. */
async function openFigure(w: CrmWidget, id: string): Promise<CrmDetailPanel> {
  const opened = oneEvent(w, 'crm-detail-open');
  $<HTMLButtonElement>(w, `button[data-figure="${id}"]`)!.click();
  await opened;
  await waitUntil(() => {
    const p = $<CrmDetailPanel>(w, 'crm-detail-panel');
    return p?.open === true && footerText(p) !== '' && $(p, 'dialog')!.getAttribute('aria-busy') === 'false';
  }, `the panel of ${id} did not load`, { timeout: 8000 });
  const panel = panelOf(w);
  for (const a of $(panel, 'dialog')!.getAnimations({ subtree: true })) a.finish(); // axe skips text still sliding in
  return panel;
}

/** Closes the panel and waits for its `close` event (a number clicked before it would race with it). */
async function closePanel(p: CrmDetailPanel): Promise<void> {
  const closed = oneEvent(p, 'close');
  p.close();
  await closed;
}

async function settled(p: CrmDetailPanel): Promise<void> {
  await p.updateComplete;
  await waitUntil(() => $(p, 'dialog')!.getAttribute('aria-busy') === 'false', 'the panel did not settle', { timeout: 5000 });
  await p.updateComplete;
}

/** Waits until the running export or copy is over (a status or an error shown). */
async function exportDone(p: CrmDetailPanel): Promise<void> {
  await p.updateComplete; // the click has been rendered: the buttons say busy
  await waitUntil(() => exportButton(p).getAttribute('aria-disabled') === 'false' && (alertText(p) !== '' || (notice(p) !== '' && notice(p) !== msg('en', 'export.reading') && notice(p) !== msg('fr', 'export.reading'))),
    'the export did not finish', { timeout: 8000 });
  await p.updateComplete;
}

interface Download {
  readonly filename: string;
  readonly blob: Blob;
}

/** Captures downloads: the Blob given to URL.createObjectURL and the `download` link's click (stubbed). */
function captureDownloads(): { downloads: Download[]; restore: () => void } {
  const downloads: Download[] = [];
  const blobs = new Map<string, Blob>();
  const create = URL.createObjectURL;
  const click = HTMLAnchorElement.prototype.click;
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    const url = create.call(URL, obj);
    blobs.set(url, obj as Blob);
    return url;
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (this.hasAttribute('download') && blobs.has(this.href)) downloads.push({ filename: this.download, blob: blobs.get(this.href)! });
    else click.call(this);
  };
  return {
    downloads,
    restore: () => {
      URL.createObjectURL = create;
      HTMLAnchorElement.prototype.click = click;
    },
  };
}

interface ParsedCsv {
  readonly bom: boolean;
  readonly text: string;
  /** Key/value header lines, by label (Filter rows gathered). */
  readonly meta: Map<string, string[]>;
  readonly filters: string[];
  readonly header: string[];
  readonly rows: string[][];
}

/** Reads the real bytes of a CSV download: BOM, header lines, empty line, column header, rows. */
async function readCsv(blob: Blob): Promise<ParsedCsv> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  const all = parseCsv(text.replace(/^\uFEFF/, ''));
  const blank = all.findIndex((r) => r.length === 1 && r[0] === '');
  expect(blank, 'an empty line separates the header lines from the table').to.be.greaterThan(0);
  const meta = new Map<string, string[]>();
  const filters: string[] = [];
  for (const [key, ...values] of all.slice(0, blank)) {
    if (key === 'Filter' || key === 'Filtre') filters.push(values[0]!);
    else meta.set(key!, values);
  }
  return { bom, text, meta, filters, header: all[blank + 1]!, rows: all.slice(blank + 2) };
}

/** The rows' amounts in their own currencies, converted to EUR with the demo rates (as the widget does). */
function convertedTotal(csv: ParsedCsv): string {
  const amount = csv.header.indexOf('Amount');
  const currency = csv.header.indexOf('Currency');
  expect(amount).to.be.greaterThan(-1);
  expect(currency).to.equal(amount + 1);
  const bag = new MoneyBag();
  for (const row of csv.rows) {
    if (row[amount] === '') continue;
    expect(row[amount], 'a plain decimal with a dot').to.match(/^-?\d+(\.\d+)?$/);
    bag.add(parseMoney(row[amount]!, row[currency]!));
  }
  return formatAmount(convertBag(bag, 'EUR', rates).total, 'en');
}

/** The demo source with a small page size, counting record reads; `failOn(n)` makes the n-th read fail. */
function pagedSource(maxPageSize: number): CrmAdapter & { reads: RecordQuery[]; failOn?: number; mutate?: (page: RecordPage) => RecordPage } {
  const a: CrmAdapter & { reads: RecordQuery[]; failOn?: number; mutate?: (page: RecordPage) => RecordPage } = {
    label: 'Paged demo', now: demo.now, maxPageSize, reads: [],
    getClient: (r, s) => demo.getClient(r, s),
    referenceData: (s) => demo.referenceData(s),
    aggregate: (q, s) => demo.aggregate(q, s),
    records: async <K extends RecordKind>(q: RecordQuery<K>, s?: AbortSignal): Promise<RecordPage<K>> => {
      a.reads.push(q);
      if (a.failOn !== undefined && a.reads.length === a.failOn) throw new AdapterError('network', 'Server unreachable');
      const page = await demo.records(q, s);
      return (a.mutate ? a.mutate(page) : page) as RecordPage<K>;
    },
  };
  return a;
}

async function allRecords(kind: RecordKind, filter: RecordFilter, sort: SortSpec): Promise<CrmRecord[]> {
  const page = await demo.records({ kind, filter, sort, page: { offset: 0, limit: 1000 } });
  return page.items as CrmRecord[];
}

// ─── tests ───────────────────────────────────────────────────────────────────────────────────────

describe('<crm-detail-panel> Export CSV and Copy as table', () => {
  let capture: ReturnType<typeof captureDownloads>;
  beforeEach(() => {
    capture = captureDownloads();
  });
  afterEach(() => {
    capture.restore();
    for (const d of document.querySelectorAll('crm-widget')) panelOf(d as CrmWidget)?.close();
  });

  it('exports every record behind a money number: BOM, header lines, count and converted sum reconcile', async () => {
    const w = await loadedWidget(await fixture<CrmWidget>(html`<crm-widget source="demo" entity-type="contact" entity-id="1"
      type="sales-amount" period="all-time" locale="en" time-zone="UTC"></crm-widget>`));
    const values = await evaluateMetrics(demo, {
      client: CLIENT, period: resolvePeriod('all-time', demo.now, 'UTC', 'en'), now: demo.now, locale: 'en', currency: 'EUR', rates,
    }, ['won-value', 'sales-open']);
    const client = await demo.getClient(CLIENT);
    const period = resolvePeriod('all-time', demo.now, 'UTC', 'en');

    for (const id of ['sales-open', 'won-value'] as const) {
      const shownTotal = figureText(w, id);
      expect(shownTotal).to.equal(formatAmount(values[id].money!.total, 'en'));
      const panel = await openFigure(w, id);
      const count = values[id].counts[id === 'won-value' ? 'won' : 'open']!;
      expect(footerText(panel)).to.equal(msg('en', 'detail.footer', { records: msg('en', 'kind.deal', { count }), total: shownTotal }));

      const before = capture.downloads.length;
      exportButton(panel).click();
      await exportDone(panel);
      expect(alertText(panel)).to.equal('');
      expect(notice(panel)).to.equal(msg('en', 'export.saved', { count }));
      expect(capture.downloads).to.have.length(before + 1);
      const { filename, blob } = capture.downloads.at(-1)!;
      expect(blob.type).to.equal('text/csv;charset=utf-8');
      expect(filename).to.equal(safeFileName([panel.heading, client.name, 'All time']));
      expect(filename).to.match(/\.csv$/);

      const csv = await readCsv(blob);
      expect(csv.bom, 'UTF-8 BOM').to.equal(true);
      expect(csv.text).to.not.match(/[^\r]\n/); // CRLF only
      expect(csv.meta.get('Client')).to.deep.equal([client.name, 'contact 1']);
      expect(csv.meta.get('Metric')).to.deep.equal([panel.heading]);
      expect(panel.heading).to.not.equal('');
      expect(csv.meta.get('Period')).to.deep.equal(['All time']);
      expect(csv.meta.get('From')).to.deep.equal([isoInstant(period.from, 'UTC')]);
      expect(csv.meta.get('To (excluded)')).to.deep.equal([isoInstant(period.to, 'UTC')]);
      expect(csv.meta.get('Exported at')![0]).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
      expect(csv.filters[0]).to.equal('Records: deals');
      expect(csv.filters[1]).to.equal('Client: contact 1');
      expect(csv.filters).to.include(id === 'won-value' ? 'Status: Won' : 'Status: In progress');
      // The count the widget's panel shows, and every record once.
      expect(csv.meta.get('Records')).to.deep.equal([String(count)]);
      expect(csv.rows).to.have.length(count);
      expect(new Set(csv.rows.map((r) => r[0])).size).to.equal(count);
      expect(csv.header).to.deep.equal(['ID', 'Title', 'Pipeline', 'Stage', 'Status', 'Amount', 'Currency', 'Created', 'Closed', 'Responsible', 'URL']);
      // The sum of the amount column, converted as the widget converts, is the number shown.
      expect(convertedTotal(csv)).to.equal(shownTotal);
      const [total, currency] = csv.meta.get('Total')!;
      expect(currency).to.equal('EUR');
      expect(formatAmount(parseMoney(total!, 'EUR'), 'en')).to.equal(shownTotal);
      if (id === 'sales-open') {
        expect(new Set(csv.rows.map((r) => r[6])).size, 'several currencies, each row in its own').to.be.greaterThan(1);
      }
      await closePanel(panel);
    }
  });

  it('reads every page with the adapter\'s maxPageSize, in the panel\'s current sort', async () => {
    const source = pagedSource(100);
    const w = await loadedWidget(await fixture<CrmWidget>(html`<crm-widget .adapter=${source} entity-type="contact" entity-id="1"
      type="load-by-channel" period="all-time" locale="en" time-zone="UTC"></crm-widget>`));
    const shownCount = Number(figureText(w, 'load-by-channel').replace(/\D/g, ''));
    expect(shownCount).to.be.greaterThan(200);
    const panel = await openFigure(w, 'load-by-channel');
    // Sort by subject, ascending (not the default order).
    $$(panel, 'thead th button.sort').find((b) => b.dataset.sort === 'title')!.click();
    await settled(panel);
    const sort: SortSpec = { field: 'title', direction: 'asc' };
    source.reads.length = 0;

    exportButton(panel).click();
    await exportDone(panel);
    expect(alertText(panel)).to.equal('');
    expect(source.reads.map((q) => q.page)).to.deep.equal([{ offset: 0, limit: 100 }, { offset: 100, limit: 100 }, { offset: 200, limit: 100 }]);
    expect(source.reads.every((q) => JSON.stringify(q.sort) === JSON.stringify(sort))).to.equal(true);
    const csv = await readCsv(capture.downloads.at(-1)!.blob);
    expect(csv.rows).to.have.length(shownCount);
    expect(csv.meta.get('Records')).to.deep.equal([String(shownCount)]);
    expect(csv.meta.has('Total'), 'activities have no money total').to.equal(false);
    expect(csv.header).to.deep.equal(['ID', 'Channel', 'Direction', 'Subject', 'Date', 'Completed', 'Deals', 'Responsible', 'URL']);
    const { filter } = await inputFilter(demo, 'load-by-channel', 'activities', {
      client: CLIENT, period: resolvePeriod('all-time', demo.now, 'UTC', 'en'), now: demo.now, locale: 'en',
    });
    const expected = await allRecords('activity', filter, sort);
    expect(csv.rows.map((r) => r[0])).to.deep.equal(expected.map((r) => r.id));
    expect(csv.rows[0]![4]).to.equal(isoInstant(expected[0]!.createdAt, 'UTC'));
    await closePanel(panel);

    // A channel's row: the extra filter is exported and described too.
    const row = $$(w, 'button[data-figure^="channel-"]')[0]!;
    const rowCount = Number(row.querySelector('.value')!.textContent!.split('·')[0]!.replace(/\D/g, ''));
    const rowPanel = await openFigure(w, row.dataset.figure!);
    exportButton(rowPanel).click();
    await exportDone(rowPanel);
    const rowCsv = await readCsv(capture.downloads.at(-1)!.blob);
    expect(rowCsv.rows).to.have.length(rowCount);
    expect(rowCsv.filters.some((f) => f.startsWith('Channel: '))).to.equal(true);
    expect(new Set(rowCsv.rows.map((r) => r[1])).size).to.equal(1);
  });

  it('reconciles a money number read over several small pages', async () => {
    const source = pagedSource(4);
    const w = await loadedWidget(await fixture<CrmWidget>(html`<crm-widget .adapter=${source} entity-type="contact" entity-id="1"
      type="invoice-amounts" period="all-time" locale="en" time-zone="UTC"></crm-widget>`));
    const shownTotal = figureText(w, 'invoice-issued');
    const panel = await openFigure(w, 'invoice-issued');
    exportButton(panel).click();
    await exportDone(panel);
    const csv = await readCsv(capture.downloads.at(-1)!.blob);
    const count = Number(csv.meta.get('Records')![0]);
    expect(footerText(panel).startsWith(msg('en', 'kind.invoice', { count }))).to.equal(true);
    // Every page of 4 read from the source, each once (the panel's first page reaches the export
    // through the standalone widgets' shared cache).
    const offsets = source.reads.filter((q) => q.kind === 'invoice' && q.page.limit === 4).map((q) => q.page.offset);
    expect([...offsets].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: Math.ceil(count / 4) }, (_, i) => i * 4));
    expect(csv.rows).to.have.length(count);
    expect(convertedTotal(csv)).to.equal(shownTotal);
  });

  it('copies the same rows as tab-separated text and an HTML table, and says so politely', async () => {
    const w = await loadedWidget(await fixture<CrmWidget>(html`<crm-widget source="demo" entity-type="contact" entity-id="1"
      type="sales-amount" period="all-time" locale="en" time-zone="UTC"></crm-widget>`));
    const panel = await openFigure(w, 'won-value');
    const items: ClipboardItem[] = [];
    const texts: string[] = [];
    const stub = {
      write: async (data: ClipboardItem[]) => { items.push(...data); },
      writeText: async (t: string) => { texts.push(t); },
    };
    Object.defineProperty(navigator, 'clipboard', { value: stub, configurable: true });
    try {
      copyButton(panel).focus();
      await sendKeys({ press: 'Enter' });
      await exportDone(panel);
      expect(deepActive() === copyButton(panel), 'focus stays on Copy as table').to.equal(true);
      expect(alertText(panel)).to.equal('');
      expect(texts, 'not the writeText fallback').to.deep.equal([]);
      expect(items).to.have.length(1);
      expect(texts).to.have.length(0);
      expect([...items[0]!.types].sort()).to.deep.equal(['text/html', 'text/plain']);
      const tsv = await (await items[0]!.getType('text/plain')).text();
      const lines = tsv.trimEnd().split('\n').map((l) => l.split('\t'));
      const count = lines.length - 1;
      expect(notice(panel)).to.equal(msg('en', 'export.copied', { count }));
      expect($(panel, '.notice')!.getAttribute('role')).to.equal('status');
      expect(lines[0]).to.deep.equal(['ID', 'Title', 'Pipeline', 'Stage', 'Status', 'Amount', 'Currency', 'Created', 'Closed', 'Responsible', 'URL']);
      expect(footerText(panel).startsWith(msg('en', 'kind.deal', { count }))).to.equal(true);

      const doc = new DOMParser().parseFromString(await (await items[0]!.getType('text/html')).text(), 'text/html');
      const rows = [...doc.querySelectorAll('table tr')].map((tr) => [...tr.children].map((c) => c.textContent));
      expect(rows).to.deep.equal(lines);
      expect(doc.querySelector('caption')!.textContent).to.include(panel.heading);
      await expect(panel).to.be.accessible();

      // Without ClipboardItem support: writeText with the same tab-separated text.
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: stub.writeText }, configurable: true });
      copyButton(panel).click();
      await exportDone(panel);
      expect(texts).to.have.length(1);
      expect(texts[0]).to.equal(tsv);

      // A refused clipboard: a clear message, as an alert.
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: async () => { throw new DOMException('Write permission denied.', 'NotAllowedError'); } }, configurable: true,
      });
      copyButton(panel).click();
      await exportDone(panel);
      expect(alertText(panel)).to.equal(msg('en', 'export.copyFailed', { error: 'Write permission denied.' }));
      expect($(panel, '.export-error')!.getAttribute('role')).to.equal('alert');
      expect(notice(panel)).to.equal('');
      await expect(panel).to.be.accessible();

      // No clipboard at all (an insecure page): said at once.
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
      copyButton(panel).click();
      await exportDone(panel);
      expect(alertText(panel)).to.equal('Copy failed: This page has no access to the clipboard. Nothing was copied.');
    } finally {
      delete (navigator as unknown as Record<string, unknown>).clipboard;
    }
  });

  it('writes nothing when the source fails in the middle of the export, and says why', async () => {
    const source = pagedSource(100);
    const w = await loadedWidget(await fixture<CrmWidget>(html`<crm-widget .adapter=${source} entity-type="contact" entity-id="1"
      type="load-by-channel" period="all-time" locale="en" time-zone="UTC"></crm-widget>`));
    const panel = await openFigure(w, 'load-by-channel');
    await expect(panel).to.be.accessible();
    source.failOn = source.reads.length + 2; // the second page of the export
    exportButton(panel).focus();
    await sendKeys({ press: 'Enter' });
    await exportDone(panel);
    expect(capture.downloads, 'no partial file').to.have.length(0);
    expect(alertText(panel)).to.equal(msg('en', 'export.failed', { error: 'Server unreachable.' }));
    expect(alertText(panel)).to.equal('Export failed: Server unreachable. Nothing was downloaded.');
    expect(notice(panel)).to.equal('');
    expect(deepActive() === exportButton(panel), 'focus stays on Export CSV').to.equal(true);
    await expect(panel).to.be.accessible();

    // The source is back: the same button exports everything and the error goes.
    source.failOn = undefined;
    await sendKeys({ press: 'Enter' });
    await exportDone(panel);
    expect(alertText(panel)).to.equal('');
    expect(capture.downloads).to.have.length(1);
    const csv = await readCsv(capture.downloads[0]!.blob);
    expect(csv.rows).to.have.length(Number(figureText(w, 'load-by-channel').replace(/\D/g, '')));
  });

  it('refuses a list that changes while it is read', async () => {
    const source = pagedSource(100);
    const { kind, filter } = await inputFilter(demo, 'load-by-channel', 'activities', {
      client: CLIENT, period: resolvePeriod('all-time', demo.now, 'UTC', 'en'), now: demo.now, locale: 'en',
    });
    const panel = await fixture<CrmDetailPanel>(html`<crm-detail-panel .adapter=${source} kind=${kind} .filter=${filter}
      heading="Activities" period-label="All time" locale="en" time-zone="UTC" currency="EUR" .rates=${rates}></crm-detail-panel>`);
    await panel.show();
    await settled(panel);
    let n = 0;
    source.mutate = (page) => (++n === 2 ? { ...page, total: page.total + 1 } : page); // a record was added meanwhile
    exportButton(panel).click();
    await exportDone(panel);
    expect(capture.downloads).to.have.length(0);
    expect(alertText(panel)).to.match(/^Export failed: The records changed while they were read \(100 of \d+\)\. Try again\. Nothing was downloaded\.$/);

    n = 0;
    source.mutate = (page) => (++n === 2 ? { ...page, items: page.items.slice(1) } : page); // a page came back short…
    const total = (await demo.records({ kind, filter, page: { offset: 0, limit: 1 } })).total;
    exportButton(panel).click();
    await exportDone(panel);
    // …the reader asks again from where it is, and the duplicate this gives is caught.
    expect(capture.downloads).to.have.length(0);
    expect(alertText(panel)).to.include('The records changed while they were read');
    expect(total).to.be.greaterThan(200);

    // Consistent pages, but one record fewer than the footer (the number) counted: refused too.
    const gone = (await demo.records({ kind, filter, page: { offset: 0, limit: 1 } })).items[0]!.id;
    source.mutate = (page) => ({ items: page.items.filter((r) => r.id !== gone), total: page.total - 1 });
    exportButton(panel).click();
    await exportDone(panel);
    expect(capture.downloads).to.have.length(0);
    expect(alertText(panel)).to.equal(msg('en', 'export.failed', {
      error: msg('en', 'export.changed', { count: total - 1, total }),
    }));
    panel.close();
  });

  it('lets the host take the file (crm-detail-export cancelled), names the client from the adapter, speaks French', async () => {
    await loadMessages('fr');
    const { kind, filter } = await inputFilter(demo, 'won-value', 'won', {
      client: CLIENT, period: resolvePeriod('all-time', demo.now, 'UTC', 'fr'), now: demo.now, locale: 'fr',
    });
    const panel = await fixture<CrmDetailPanel>(html`<crm-detail-panel .adapter=${demo} kind=${kind} .filter=${filter}
      heading="Affaires gagnées" period-label="Toute la période" locale="fr" time-zone="Europe/Paris" currency="EUR"
      .rates=${rates} .reference=${reference}></crm-detail-panel>`);
    await panel.show();
    await settled(panel);
    expect(exportButton(panel).textContent!.trim()).to.equal('Exporter en CSV');
    expect(copyButton(panel).textContent!.trim()).to.equal('Copier le tableau');
    let detail: CrmDetailExportDetail | undefined;
    const onExport = (e: Event) => { detail = (e as CustomEvent<CrmDetailExportDetail>).detail; e.preventDefault(); };
    panel.addEventListener('crm-detail-export', onExport);
    try {
      exportButton(panel).click();
      await waitUntil(() => detail !== undefined && exportButton(panel).getAttribute('aria-disabled') === 'false', 'no crm-detail-export', { timeout: 5000 });
    } finally {
      panel.removeEventListener('crm-detail-export', onExport);
    }
    expect(capture.downloads, 'the host saves it').to.have.length(0);
    expect(alertText(panel)).to.equal('');
    const client = await demo.getClient(CLIENT);
    expect(detail!.filename).to.equal(safeFileName(['Affaires gagnées', client.name, 'Toute la période']));
    const csv = await readCsv(detail!.blob);
    expect(detail!.count).to.equal(csv.rows.length);
    expect(csv.meta.get('Client')).to.deep.equal([client.name, 'contact 1']);
    expect(csv.meta.get('Indicateur')).to.deep.equal(['Affaires gagnées']);
    expect(csv.meta.get('Période')).to.deep.equal(['Toute la période']);
    expect(csv.filters).to.include('Statut : Gagnée');
    expect(csv.header.slice(0, 7)).to.deep.equal(['ID', 'Titre', 'Pipeline', 'Étape', 'Statut', 'Montant', 'Devise']);
    // Locale-independent values: a dot in amounts, ISO instants with the Paris offset; pipeline names.
    const withAmount = csv.rows.filter((r) => r[5] !== '');
    expect(withAmount.length).to.be.greaterThan(0);
    expect(withAmount.every((r) => /^\d+\.\d{2}$/.test(r[5]!) && r[6] === 'EUR')).to.equal(true);
    expect(csv.rows.filter((r) => r[5] === '').every((r) => r[6] === '')).to.equal(true);
    expect(csv.meta.get('Sans montant')).to.deep.equal([String(csv.rows.length - withAmount.length)]);
    expect(csv.rows.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+0[12]:00$/.test(r[7]!))).to.equal(true);
    expect(csv.rows.every((r) => reference.pipelines.some((p) => p.name === r[2]))).to.equal(true);
    const [total] = csv.meta.get('Total')!;
    expect(formatAmount(parseMoney(total!, 'EUR'), 'fr')).to.equal(footerText(panel).split(' · total ')[1]);
    expect(formatNumber(csv.rows.length, 'fr')).to.equal(footerText(panel).split(' ')[0]);
    panel.close();
  });

  it('is reachable with the keyboard, labelled, and accessible while exporting', async () => {
    const slow = new DemoAdapter({ seed: 1 }, { delayMs: 150 });
    const { kind, filter } = await inputFilter(demo, 'won-value', 'won', {
      client: CLIENT, period: resolvePeriod('all-time', demo.now, 'UTC', 'en'), now: demo.now, locale: 'en',
    });
    const panel = await fixture<CrmDetailPanel>(html`<crm-detail-panel .adapter=${slow} kind=${kind} .filter=${filter}
      heading="Won deals" period-label="All time" locale="en" time-zone="UTC" currency="EUR" .rates=${rates}
      client-label="Jane Doe"></crm-detail-panel>`);
    await panel.show();
    await settled(panel);
    // Tab order: the close button (focused by the dialog), then Export CSV, then Copy as table.
    $<HTMLButtonElement>(panel, 'button.close')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActive() === exportButton(panel), 'Tab reaches Export CSV').to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(deepActive() === copyButton(panel), 'then Copy as table').to.equal(true);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActive() === exportButton(panel), 'Shift+Tab goes back to Export CSV').to.equal(true);
    await sendKeys({ press: 'Space' });
    await panel.updateComplete;
    expect(exportButton(panel).getAttribute('aria-disabled')).to.equal('true');
    expect(notice(panel)).to.equal('Reading the records…');
    // A second click while it runs is ignored (one file).
    exportButton(panel).click();
    for (const a of $(panel, 'dialog')!.getAnimations({ subtree: true })) a.finish();
    await expect(panel).to.be.accessible();
    await exportDone(panel);
    expect(capture.downloads).to.have.length(1);
    const csv = await readCsv(capture.downloads[0]!.blob);
    expect(csv.meta.get('Client')).to.deep.equal(['Jane Doe', 'contact 1']);
    expect(csv.meta.has('From'), 'no period instants given: none written').to.equal(false);
    await expect(panel).to.be.accessible();
  });

  it('closing the panel abandons a running export: no file, no message on reopening', async () => {
    const slow = new DemoAdapter({ seed: 1 }, { delayMs: 200 });
    const { kind, filter } = await inputFilter(demo, 'won-value', 'won', {
      client: CLIENT, period: resolvePeriod('all-time', demo.now, 'UTC', 'en'), now: demo.now, locale: 'en',
    });
    const panel = await fixture<CrmDetailPanel>(html`<crm-detail-panel .adapter=${slow} kind=${kind} .filter=${filter}
      heading="Won deals" period-label="All time" locale="en" time-zone="UTC"></crm-detail-panel>`);
    await panel.show();
    await settled(panel);
    exportButton(panel).click();
    await panel.updateComplete;
    panel.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(capture.downloads).to.have.length(0);
    await panel.show();
    await settled(panel);
    expect(notice(panel)).to.equal('');
    expect(alertText(panel)).to.equal('');
    expect(exportButton(panel).getAttribute('aria-disabled')).to.equal('false');
  });
});
