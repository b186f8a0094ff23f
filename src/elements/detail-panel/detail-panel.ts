import '../../i18n/en-overlays.js';
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { Task, TaskStatus, initialState } from '../../controllers/task.js';
import type { CrmAdapter } from '../../adapters/adapter.js';
import { isAdapterError } from '../../adapters/errors.js';
import { runAggregates } from '../../core/evaluate.js';
import { UTF8_BOM, safeFileName, toCsv, toHtmlTable, toTsv } from '../../core/csv.js';
import type {
  ClientRef, CrmRecord, CurrencyCode, Deal, Instant, Money, Pipeline, RateTable, RecordKind, RecordOfKind, Stage,
} from '../../core/model.js';
import { MoneyBag, convertBag, type Conversion } from '../../core/money.js';
import { elementTimeZone } from '../../core/period.js';
import type { AggregateRow, RecordFilter, RecordPage, SortField, SortSpec } from '../../core/query.js';
import { formatAmount, formatDate, msg, normalizeLocale, type MessageKey } from '../../i18n/index.js';
import {
  exportColumns, exportHeader, exportNumericCells, exportPreamble, exportRow, recordColumns, type RecordColumn,
  safeHttpUrl,
} from '../../widgets/record-columns.js';
import { tokens } from '../../styles/tokens.js';
import { VERSION } from '../../version.js';
import { CrmElement, fire } from '../base.js';
import { deepActiveElement } from '../overlays.js';
import { detailPanelStyles } from './detail-panel.styles.js';

/** Detail of `crm-record-open`: the record whose link was activated. */
export interface CrmRecordOpenDetail<K extends RecordKind = RecordKind> {
  readonly kind: K;
  readonly record: RecordOfKind[K];
}

/**
 * Detail of `crm-detail-export`: the CSV file about to be downloaded. `preventDefault()` stops the
 * download (e.g. to save the file another way).
 */
export interface CrmDetailExportDetail {
  readonly filename: string;
  /** `text/csv;charset=utf-8`, starting with the UTF-8 BOM. */
  readonly blob: Blob;
  /** Number of records (table rows) in the file. */
  readonly count: number;
}

/** Detail of `crm-detail-open`: what the panel lists. */
export interface CrmDetailOpenDetail {
  readonly kind: RecordKind;
  readonly filter: RecordFilter;
}

/** Page sizes the panel offers (those above the adapter's `maxPageSize` are left out). */
export const DETAIL_PAGE_SIZES = [20, 50, 100] as const;

/** Newest first. Lists of closed deals, whose date column shows the closing date, sort by it instead. */
const DEFAULT_SORT: SortSpec = { field: 'createdAt', direction: 'desc' };

/** Only absolute http(s) URLs become links (the same rule as the export's URL column). */
export { safeHttpUrl };

interface Column {
  readonly id: string;
  readonly label: MessageKey;
  /** The SortSpec field; absent → not sortable. */
  readonly sort?: SortField;
  readonly numeric?: boolean;
  readonly date?: boolean;
  readonly cell: (r: CrmRecord) => unknown;
}

/** What Export CSV and Copy as table write: header lines, the column header row and one row per record. */
interface ExportData {
  readonly preamble: string[][];
  readonly header: string[];
  readonly rows: string[][];
  readonly numeric: number[];
  readonly filename: string;
}

/** A failure of an export with its message for the user (the records changed while being read). */
class ExportError extends Error {
  override readonly name = 'ExportError';
}

interface RowsValue {
  readonly page: RecordPage;
  readonly kind: RecordKind;
  readonly filter: RecordFilter;
}

interface FooterValue {
  readonly count: number;
  readonly withoutAmount: number;
  /** Deals and invoices: the amounts converted to the display currency. */
  readonly money?: Conversion;
}

type RowsArgs = readonly [boolean, CrmAdapter | undefined, RecordKind, RecordFilter | undefined, SortSpec, number, number];
type FooterArgs = readonly [boolean, CrmAdapter | undefined, RecordKind, RecordFilter | undefined, string, RateTable | undefined];

const closeIcon = svg`<path d="M5 5l10 10M15 5L5 15" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none"/>`;
const arrowIcon = svg`<path d="M6 2.5v7M3 5.5l3-3 3 3" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`;
const downloadIcon = svg`<path d="M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 13.5h11" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`;
const copyIcon = svg`<rect x="5.5" y="5.5" width="8" height="8" rx="1.5" stroke="currentColor" stroke-width="1.4" fill="none"/><path d="M10.5 3.5v-.5a1.5 1.5 0 0 0-1.5-1.5H4a1.5 1.5 0 0 0-1.5 1.5v5A1.5 1.5 0 0 0 4 9.5h.5" stroke="currentColor" stroke-width="1.4" fill="none"/>`;
const unsortedIcon = svg`<path d="M3.5 4.5L6 2l2.5 2.5M3.5 7.5L6 10l2.5-2.5" stroke="currentColor" stroke-width="1.3" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`;

/**
 * The slide-out drill-down panel: the records behind a number, in a modal `<dialog>` that slides in
 * from the inline-end edge. It lists the records of `kind` matching `filter` (sortable, paginated,
 * 20 / 50 / 100 per page, one `adapter.records()` call per page) and closes with a footer
 * "N records · total X" computed from the SAME filter with `runAggregates`, so it reconciles with
 * the number the widget showed.
 *
 * Record strings are rendered as text; only http(s) URLs become links (opened in a new tab unless
 * `crm-record-open` is cancelled). Escape, the close button or `close()` close it and focus returns
 * to the opener.
 *
 * "Export CSV" downloads every record of the list (all pages, read `adapter.maxPageSize` at a time,
 * in the current sort) as an RFC 4180 file with a UTF-8 BOM, header lines first (client, metric,
 * filter in words, period, export time, count and total); "Copy as table" puts the same rows on the
 * clipboard as tab-separated text and an HTML table. A polite status line says what was done; a
 * failure is shown in the panel and nothing partial is written.
 *
 * @summary Slide-out list of the records behind a number, with a reconciling footer.
 *
 * @fires {CustomEvent<CrmDetailOpenDetail>} crm-detail-open - The panel was shown. Bubbles, composed.
 * @fires {CustomEvent<CrmRecordOpenDetail>} crm-record-open - A record link was activated. Bubbles,
 * composed, cancelable: `preventDefault()` stops the navigation (e.g. to open the record in the host's
 * own slider).
 * @fires {Event} close - The panel was closed (Escape, close button or `close()`).
 * @fires {CustomEvent<CrmDetailExportDetail>} crm-detail-export - A CSV file is ready. Bubbles, composed,
 * cancelable: `preventDefault()` stops the download.
 *
 * @csspart dialog - The `<dialog>` element.
 * @csspart table - The records table.
 * @csspart footer - The footer (totals and pagination).
 * @csspart tools - The Export CSV and Copy as table buttons.
 *
 * @cssproperty [--crm-detail-panel-width=min(100vw, 56rem)] - Width of the panel.
 * @cssproperty [--crm-detail-panel-background=var(--crm-sys-color-surface)] - Background of the panel.
 * @cssproperty [--crm-detail-panel-duration=220ms] - Slide-in duration (0 under prefers-reduced-motion).
 */
export class CrmDetailPanel extends CrmElement {
  static version = VERSION;
  static override styles = [tokens, detailPanelStyles];
  /** Reactive properties and their attributes, documented on the fields below (no decorators: see the README's "Dependencies, and why"). */
  static override properties = {
    adapter: { attribute: false },
    kind: {},
    filter: { attribute: false },
    heading: {},
    periodLabel: { attribute: 'period-label' },
    locale: {},
    timeZone: { attribute: 'time-zone' },
    currency: {},
    rates: { attribute: false },
    theme: { reflect: true },
    clientLabel: { attribute: 'client-label' },
    periodRange: { attribute: false },
    reference: { attribute: false },
    // Internal state (no attribute).
    _open: { state: true },
    _sort: { state: true },
    _page: { state: true },
    _pageSize: { state: true },
    _exporting: { state: true },
    _notice: { state: true },
    _exportError: { state: true },
  };

  /** The data source. */
  adapter?: CrmAdapter;

  /** Kind of the records listed: `deal`, `invoice` or `activity`. */
  kind: RecordKind = 'deal';

  /** The records to list: the same filter as the number's (see `inputFilter` in the core). */
  filter?: RecordFilter;

  /** What the number is, e.g. "Won deals"; first part of the title. */
  heading = '';

  /** The period shown in the title, e.g. "Last 30 days". */
  periodLabel = '';

  /** BCP 47 locale or Bitrix24 LANG code; empty → the nearest `lang` attribute, else English. */
  locale = '';

  /** IANA time zone dates are shown in; empty → the browser's. */
  timeZone = '';

  /** Display currency of the footer total (ISO 4217); empty → the base currency of `rates`. */
  currency = '';

  /** Exchange rates used to convert the footer total to `currency`. */
  rates?: RateTable;

  /** Colour theme: `light` (default), `dark` or `auto` (follows prefers-color-scheme). */
  theme?: 'light' | 'dark' | 'auto';

  /** The client's display name for the export's header lines; empty → asked from the adapter. */
  clientLabel = '';

  /** The period's instants `[from, to)` the export's header lines give; unset → left out. */
  periodRange?: { readonly from: Instant; readonly to: Instant };

  /** Pipeline and stage names, for the export's filter in words and pipeline column. */
  reference?: { readonly pipelines?: readonly Pipeline[]; readonly stages?: readonly Stage[] };

  private _open = false;
  private _sort: SortSpec = DEFAULT_SORT;
  private _page = 0;
  private _pageSize = 20;
  /** The export or copy running, if any. */
  private _exporting: 'csv' | 'copy' | undefined;
  /** The polite status line (progress, done). */
  private _notice = '';
  /** The last export or copy failure, shown as an alert. */
  private _exportError = '';

  private get _dialog(): HTMLDialogElement | null { return this.shadowRoot?.querySelector('dialog') ?? null; }

  #opener: HTMLElement | undefined;
  #exportAbort: AbortController | undefined;

  readonly #rows = new Task<RowsArgs, RowsValue>(this, {
    args: (): RowsArgs => [this._open, this.adapter, this.kind, this.filter, this._sort, this._page, this._pageSize],
    task: async ([open, adapter, kind, filter, sort, page, size], { signal }) => {
      if (!open || !adapter || !filter) return initialState;
      const result = await adapter.records({ kind, filter, sort, page: { offset: page * size, limit: size } }, signal);
      signal.throwIfAborted();
      return { page: result, kind, filter };
    },
  });

  readonly #footer = new Task<FooterArgs, FooterValue>(this, {
    args: (): FooterArgs => [this._open, this.adapter, this.kind, this.filter, this.currency, this.rates],
    task: async ([open, adapter, kind, filter, currency, rates], { signal }) => {
      if (!open || !adapter || !filter) return initialState;
      const measure = kind === 'activity' ? 'count' : 'sum';
      const [result] = await runAggregates(adapter, [{ kind, filter, measure }], { signal });
      signal.throwIfAborted();
      const rows: readonly AggregateRow[] = result?.rows ?? [];
      const count = rows.reduce((n, r) => n + r.count, 0);
      const withoutAmount = rows.reduce((n, r) => n + r.withoutAmount, 0);
      if (kind === 'activity') return { count, withoutAmount: 0 };
      const bag = new MoneyBag();
      for (const row of rows) for (const [c, minor] of Object.entries(row.amounts)) bag.addMinor(c, minor);
      return { count, withoutAmount, money: this.#convert(bag, currency, rates) };
    },
  });

  /** Whether the panel is open. */
  get open(): boolean {
    return this._open;
  }

  /**
   * Opens the panel as a modal dialog on the first page, newest first (by creation date; lists of
   * closed deals, whose date column shows the closing date, by closing date).
   * @param opener The element focus returns to on close (default: the element focused now).
   */
  async show(opener?: HTMLElement): Promise<void> {
    if (!this.isConnected) {
      this.warnOnce('show() was called while the element is not in the document; ignored.');
      return;
    }
    if (!this.adapter || !this.filter) {
      this.warnOnce('show() needs `adapter` and `filter` to be set; ignored.');
      return;
    }
    this.#opener = opener ?? deepActiveElement();
    this.#resetExport();
    this._page = 0;
    this._sort = this.#defaultSort();
    this._open = true;
    await this.updateComplete;
    const dialog = this._dialog;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    fire<CrmDetailOpenDetail>(this, 'crm-detail-open', { kind: this.kind, filter: this.filter });
  }

  /** Closes the panel (no-op when closed); focus returns to the opener and `close` fires. */
  close(): void {
    if (!this._dialog?.open) return;
    this.#rows.abort();
    this.#footer.abort();
    this.#resetExport();
    this._dialog.close();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#rows.abort();
    this.#footer.abort();
    this.#resetExport();
    if (this._dialog?.open) this._dialog.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kind') || changed.has('filter')) {
      // A new list starts on its first page; a sort field the kind does not have falls back.
      if (changed.get('kind') !== undefined || changed.get('filter') !== undefined) this._page = 0;
      if (!this.#columns().some((c) => c.sort === this._sort.field) && this._sort.field !== DEFAULT_SORT.field) {
        this._sort = this.#defaultSort();
      }
    }
    const sizes = this.#pageSizes();
    if (!sizes.includes(this._pageSize)) this._pageSize = sizes[0]!;
  }

  #onDialogClose = (): void => {
    this._open = false;
    this.#rows.abort();
    this.#footer.abort();
    this.#resetExport();
    const opener = this.#opener;
    this.#opener = undefined;
    if (opener?.isConnected) opener.focus();
    this.dispatchEvent(new Event('close'));
  };

  // ---- Derived values -----------------------------------------------------------------------------

  get #locale(): string {
    const lang = this.locale || this.closest('[lang]')?.getAttribute('lang') || 'en';
    return normalizeLocale(lang);
  }

  get #zone(): string {
    return elementTimeZone(this.timeZone, (m) => this.warnOnce(m));
  }

  #pageSizes(): number[] {
    const max = this.adapter?.maxPageSize ?? 100;
    const sizes = DETAIL_PAGE_SIZES.filter((s) => s <= max);
    return sizes.length > 0 ? sizes : [Math.max(1, Math.floor(max))];
  }

  #convert(bag: MoneyBag, currency: string, rates: RateTable | undefined): Conversion {
    const target: CurrencyCode = currency || rates?.base || bag.currencies()[0] || 'EUR';
    try {
      return convertBag(bag, target, rates);
    } catch (e) {
      this.warnOnce(`Cannot convert to "${target}": ${(e as Error).message}`);
      return convertBag(bag, rates?.base ?? bag.currencies()[0] ?? 'EUR', rates);
    }
  }

  #money(m: Money | null | undefined): string {
    if (!m) return '—';
    try {
      return formatAmount(m, this.#locale);
    } catch {
      return '—';
    }
  }

  #date(t: Instant | undefined): string {
    return t === undefined ? '—' : formatDate(t, this.#locale, this.#zone);
  }

  #link(record: CrmRecord, text: string): unknown {
    const href = safeHttpUrl(record.url);
    const label = text || '—';
    if (!href) return label;
    return html`<a href=${href} target="_blank" rel="noopener noreferrer" @click=${(e: MouseEvent) => this.#onLink(e, record)}
      >${label}<span class="visually-hidden"> (${msg(this.#locale, 'detail.newTab')})</span></a>`;
  }

  #onLink(e: MouseEvent, record: CrmRecord): void {
    if (!fire(this, 'crm-record-open', { kind: this.kind, record } as CrmRecordOpenDetail, true)) e.preventDefault();
  }

  /** Deals: the date column sorts by `closedAt` when the list holds closed deals only. */
  #dealDateField(): SortField {
    const f = this.filter;
    const closedOnly = (f?.semantics?.length ?? 0) > 0 && !f!.semantics!.includes('open');
    const closedInWindow = f?.dates?.some((d) => d.fields.length === 1 && d.fields[0] === 'closedAt') ?? false;
    return closedOnly || closedInWindow ? 'closedAt' : 'createdAt';
  }

  /** Newest first by the date the list shows: creation, or closing for lists of closed deals. */
  #defaultSort(): SortSpec {
    return this.kind === 'deal' ? { field: this.#dealDateField(), direction: 'desc' } : DEFAULT_SORT;
  }

  /** The panel's columns: the shared record columns (also those of the exports) shown in the table. */
  #columns(): Column[] {
    if (!['deal', 'invoice', 'activity'].includes(this.kind)) {
      this.warnOnce(`Unknown kind "${String(this.kind)}".`);
      return [];
    }
    const dealDate = this.kind === 'deal' ? this.#dealDateField() : 'createdAt';
    return recordColumns(this.kind, { locale: this.#locale, dealDate: dealDate === 'closedAt' ? 'closedAt' : 'createdAt' })
      .filter((c) => c.in !== 'export')
      .map((c) => this.#column(c));
  }

  #column(c: RecordColumn): Column {
    const base = { id: c.id, label: c.label, ...(c.sort ? { sort: c.sort } : {}) };
    switch (c.type) {
      case 'money': return { ...base, numeric: true, cell: (r) => this.#money(c.money(r)) };
      case 'date': return { ...base, date: true, cell: (r) => this.#date(c.date(r)) };
      default: return { ...base, cell: c.link ? (r) => this.#link(r, c.text(r)) : (r) => c.text(r) || '—' };
    }
  }

  // ---- Interaction --------------------------------------------------------------------------------

  #sortBy(field: SortField): void {
    const same = this._sort.field === field;
    this._sort = { field, direction: same && this._sort.direction === 'asc' ? 'desc' : 'asc' };
    this._page = 0;
  }

  #setPageSize(e: Event): void {
    const size = Number((e.target as HTMLSelectElement).value);
    if (!Number.isInteger(size) || size < 1) return;
    // Keep the first visible row on screen.
    this._page = Math.floor((this._page * this._pageSize) / size);
    this._pageSize = size;
  }

  #retry(): void {
    if (this.#rows.status === TaskStatus.ERROR) void this.#rows.run();
    if (this.#footer.status === TaskStatus.ERROR) void this.#footer.run();
  }

  // ---- Export CSV and Copy as table --------------------------------------------------------------

  #resetExport(): void {
    this.#exportAbort?.abort();
    this.#exportAbort = undefined;
    this._exporting = undefined;
    this._notice = '';
    this._exportError = '';
  }

  /** Starts an export or a copy (ignored while one runs): its signal, aborted when the panel closes. */
  #startExport(what: 'csv' | 'copy'): AbortSignal | undefined {
    if (this._exporting || !this.adapter || !this.filter) return undefined;
    this.#exportAbort = new AbortController();
    this._exporting = what;
    this._exportError = '';
    this._notice = msg(this.#locale, 'export.reading');
    return this.#exportAbort.signal;
  }

  #endExport(signal: AbortSignal, notice: string, error?: string): void {
    if (signal.aborted) return; // closed meanwhile: #resetExport cleared everything
    this.#exportAbort = undefined;
    this._exporting = undefined;
    this._notice = notice;
    this._exportError = error ?? '';
  }

  /**
   * Every record of the list, page by page (`adapter.maxPageSize` at a time) in the current sort.
   * A list that changes while it is read (a page missing, a record twice, another total) fails with
   * an `ExportError`: nothing partial is ever written.
   */
  async #readAll(adapter: CrmAdapter, kind: RecordKind, filter: RecordFilter, sort: SortSpec, signal: AbortSignal): Promise<CrmRecord[]> {
    const limit = Math.max(1, Math.floor(adapter.maxPageSize ?? 100));
    const records: CrmRecord[] = [];
    const seen = new Set<string>();
    let total: number | undefined;
    const changed = () => new ExportError(msg(this.#locale, 'export.changed', { count: records.length, total: total ?? 0 }));
    do {
      const page = await adapter.records({ kind, filter, sort, page: { offset: records.length, limit } }, signal);
      signal.throwIfAborted();
      if (total === undefined) total = page.total;
      else if (page.total !== total) throw changed();
      for (const r of page.items as readonly CrmRecord[]) {
        if (seen.has(r.id)) throw changed();
        seen.add(r.id);
        records.push(r);
      }
      if (records.length > total || (page.items.length === 0 && records.length < total)) throw changed();
    } while (records.length < total);
    return records;
  }

  /** The client's name: `clientLabel`, else the adapter's record; `undefined` when neither is known. */
  async #clientName(client: ClientRef, signal: AbortSignal): Promise<string | undefined> {
    if (this.clientLabel) return this.clientLabel;
    try {
      return (await this.adapter!.getClient(client, signal)).name || undefined;
    } catch {
      signal.throwIfAborted();
      return undefined; // the header line then names the client by type and id
    }
  }

  /** Reads the records and lays out what both exports write. */
  async #exportData(signal: AbortSignal): Promise<ExportData> {
    const adapter = this.adapter!;
    const { kind, filter, _sort: sort } = this;
    const loc = this.#locale;
    const zone = this.#zone;
    const [records, clientName] = await Promise.all([
      this.#readAll(adapter, kind, filter!, sort, signal), this.#clientName(filter!.client, signal),
    ]);
    // The file must hold what the footer (and the number) counted.
    const counted = this.#footer.status === TaskStatus.COMPLETE ? this.#footer.value?.count : undefined;
    if (counted !== undefined && counted !== records.length) {
      throw new ExportError(msg(loc, 'export.changed', { count: records.length, total: counted }));
    }
    const pipelines = this.reference?.pipelines;
    const columns = exportColumns(kind, { locale: loc, ...(pipelines ? { pipelines } : {}) });
    let total: Conversion | undefined;
    let withoutAmount = 0;
    if (kind !== 'activity') {
      // The footer's conversion, over exactly the records written.
      const bag = new MoneyBag();
      for (const r of records as Deal[]) {
        if (r.amount) bag.add(r.amount);
        else withoutAmount++;
      }
      total = this.#convert(bag, this.currency, this.rates);
    }
    const preamble = exportPreamble({
      locale: loc, timeZone: zone, kind, filter: filter!, metric: this.heading, periodLabel: this.periodLabel,
      exportedAt: Date.now(), count: records.length, withoutAmount,
      ...(clientName ? { clientName } : {}), ...(this.periodRange ? { period: this.periodRange } : {}), ...(total ? { total } : {}),
      ...(pipelines ? { pipelines } : {}), ...(this.reference?.stages ? { stages: this.reference.stages } : {}),
    });
    const client = clientName ?? `${filter!.client.type} ${filter!.client.id}`;
    return {
      preamble, header: exportHeader(columns, loc), rows: records.map((r) => exportRow(columns, r, zone)),
      numeric: exportNumericCells(columns),
      filename: safeFileName([this.heading || msg(loc, `filter.kind.${kind}` as MessageKey), client, this.periodLabel]),
    };
  }

  /** The error as a sentence for the panel. */
  #failure(key: 'export.failed' | 'export.copyFailed', e: unknown): string {
    let text = this.#errorText(e).trim() || String(e);
    if (!/[.!?…]$/.test(text)) text += '.';
    return msg(this.#locale, key, { error: text });
  }

  async #exportCsv(): Promise<void> {
    const signal = this.#startExport('csv');
    if (!signal) return;
    try {
      const data = await this.#exportData(signal);
      const text = UTF8_BOM + toCsv([...data.preamble, [], data.header, ...data.rows]);
      const blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
      signal.throwIfAborted();
      const detail: CrmDetailExportDetail = { filename: data.filename, blob, count: data.rows.length };
      // A host that cancels the event saves the file itself (and says so).
      const save = fire(this, 'crm-detail-export', detail, true);
      if (save) download(blob, data.filename);
      this.#endExport(signal, save ? msg(this.#locale, 'export.saved', { count: data.rows.length }) : '');
    } catch (e) {
      this.#endExport(signal, '', this.#failure('export.failed', e));
    }
  }

  /**
   * Copies the rows as `text/plain` (tab-separated) and `text/html` (a table). The clipboard item is
   * handed over at once, its contents as promises, so the click's user activation is still valid
   * when the records arrive; where that fails, `writeText` with the tab-separated text.
   */
  async #copyTable(): Promise<void> {
    const signal = this.#startExport('copy');
    if (!signal) return;
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard) {
      this.#endExport(signal, '', this.#failure('export.copyFailed', new Error(msg(this.#locale, 'export.noClipboard'))));
      return;
    }
    const data = this.#exportData(signal).then((d) => ({
      count: d.rows.length,
      tsv: toTsv([d.header, ...d.rows]),
      html: toHtmlTable(d.header, d.rows, { caption: this.#title() || this.heading, numeric: d.numeric }),
    }));
    data.catch(() => {}); // awaited below
    let written: Promise<void> | undefined;
    if (clipboard.write && typeof ClipboardItem === 'function') {
      try {
        const plain = data.then((d) => new Blob([d.tsv], { type: 'text/plain' }));
        const rich = data.then((d) => new Blob([d.html], { type: 'text/html' }));
        plain.catch(() => {});
        rich.catch(() => {}); // a failed read is reported below, not as an unhandled rejection
        written = clipboard.write([new ClipboardItem({ 'text/plain': plain, 'text/html': rich })]);
        written.catch(() => {}); // awaited below
      } catch {
        written = undefined;
      }
    }
    try {
      const d = await data;
      try {
        if (!written) throw new Error('no ClipboardItem');
        await written;
      } catch {
        signal.throwIfAborted();
        await clipboard.writeText(d.tsv);
      }
      signal.throwIfAborted();
      this.#endExport(signal, msg(this.#locale, 'export.copied', { count: d.count }));
    } catch (e) {
      this.#endExport(signal, '', this.#failure('export.copyFailed', e));
    }
  }

  // ---- Rendering ----------------------------------------------------------------------------------

  #title(): string {
    const loc = this.#locale;
    const foot = this.#footer.status === TaskStatus.COMPLETE ? this.#footer.value : undefined;
    const records = foot ? msg(loc, `kind.${this.kind}`, { count: foot.count }) : '';
    const total = foot?.money ? formatAmount(foot.money.total, loc) : '';
    const text = msg(loc, this.kind === 'activity' ? 'detail.titleCount' : 'detail.title', {
      metric: this.heading, period: this.periodLabel, records, total,
    });
    // Parts not known (yet) are left out rather than shown as empty separators.
    return text.split(' · ').filter((s) => s.trim() !== '').join(' · ');
  }

  #errorText(e: unknown): string {
    return isAdapterError(e) || e instanceof Error ? e.message : String(e);
  }

  #renderError(e: unknown): TemplateResult {
    const loc = this.#locale;
    return html`<div class="error" role="alert">
      <p class="title">${msg(loc, 'state.error')}</p>
      <p>${this.#errorText(e)}</p>
      <button type="button" class="retry" @click=${this.#retry}>${msg(loc, 'action.retry')}</button>
    </div>`;
  }

  #renderBody(): unknown {
    const loc = this.#locale;
    const status = this.#rows.status;
    if (status === TaskStatus.ERROR) return this.#renderError(this.#rows.error);
    const value = this.#rows.value;
    // While a new page or order loads, the previous rows of the same list stay (dimmed).
    const current = value && value.kind === this.kind && value.filter === this.filter ? value : undefined;
    const pending = status === TaskStatus.PENDING || status === TaskStatus.INITIAL;
    if (!current) {
      return html`<p class="state loading" role="status">${msg(loc, 'state.loading')}</p>`;
    }
    if (current.page.total === 0 && !pending) {
      return html`<p class="state empty">${msg(loc, 'empty.records')}</p>`;
    }
    const columns = this.#columns();
    return html`
      ${pending ? html`<p class="visually-hidden" role="status">${msg(loc, 'state.loading')}</p>` : nothing}
      <table part="table" role="table" class=${pending ? 'stale' : ''}>
        <caption class="visually-hidden">${this.heading || msg(loc, `kind.${this.kind}`, { count: current.page.total })}</caption>
        <thead role="rowgroup"><tr role="row">${columns.map((c) => this.#renderHeader(c))}</tr></thead>
        <tbody role="rowgroup">
          ${current.page.items.map((r) => html`<tr role="row">${columns.map((c) =>
            html`<td role="cell" class=${cellClass(c)} data-label=${msg(loc, c.label)}><bdi>${c.cell(r)}</bdi></td>`)}</tr>`)}
        </tbody>
      </table>`;
  }

  #renderHeader(c: Column): TemplateResult {
    const label = msg(this.#locale, c.label);
    const cls = cellClass(c);
    if (!c.sort) return html`<th scope="col" role="columnheader" class="${cls} unsortable">${label}</th>`;
    const field = c.sort;
    const sorted = this._sort.field === field;
    const ariaSort = sorted ? (this._sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
    return html`<th scope="col" role="columnheader" class=${cls} aria-sort=${ariaSort ?? nothing}>
      <button type="button" class="sort" data-sort=${field} @click=${() => this.#sortBy(field)}>
        ${label}<svg class="arrow" viewBox="0 0 12 12" aria-hidden="true">${sorted ? arrowIcon : unsortedIcon}</svg>
      </button>
    </th>`;
  }

  #renderSummary(): unknown {
    const loc = this.#locale;
    const status = this.#footer.status;
    if (status === TaskStatus.ERROR) {
      return html`<div class="summary" role="alert">
        <span>${msg(loc, 'state.error')}: ${this.#errorText(this.#footer.error)}</span>
        ${this.#rows.status === TaskStatus.ERROR ? nothing
          : html`<button type="button" class="retry" @click=${this.#retry}>${msg(loc, 'action.retry')}</button>`}
      </div>`;
    }
    const foot = status === TaskStatus.COMPLETE ? this.#footer.value : undefined;
    if (!foot) return html`<p class="summary muted">${msg(loc, 'state.loading')}</p>`;
    const records = msg(loc, `kind.${this.kind}`, { count: foot.count });
    const line = foot.money ? msg(loc, 'detail.footer', { records, total: formatAmount(foot.money.total, loc) }) : records;
    const missing = foot.money?.missing ?? [];
    return html`<p class="summary">
      <bdi class="total">${line}</bdi>
      ${missing.length > 0
        ? html`<bdi class="missing">${msg(loc, 'missingRate', { currencies: missing.join(', ') })}</bdi>` : nothing}
      ${foot.withoutAmount > 0
        ? html`<bdi class="without muted">${msg(loc, 'withoutAmount', { count: foot.withoutAmount })}</bdi>` : nothing}
    </p>`;
  }

  #renderPager(): unknown {
    const value = this.#rows.value;
    if (this.#rows.status === TaskStatus.ERROR || !value || value.filter !== this.filter || value.page.total === 0) return nothing;
    const loc = this.#locale;
    const pages = Math.max(1, Math.ceil(value.page.total / this._pageSize));
    const page = Math.min(this._page, pages - 1);
    return html`<nav class="pager" aria-label=${msg(loc, 'detail.pagination')}>
      <label>${msg(loc, 'detail.pageSize')}
        <select @change=${this.#setPageSize}>
          ${this.#pageSizes().map((s) => html`<option value=${s} .selected=${live(s === this._pageSize)}>${s}</option>`)}
        </select>
      </label>
      <button type="button" class="prev" ?disabled=${page <= 0} @click=${() => { this._page = page - 1; }}>
        ${msg(loc, 'detail.previous')}</button>
      <bdi class="page-of">${msg(loc, 'detail.page', { page: page + 1, pages })}</bdi>
      <button type="button" class="next" ?disabled=${page >= pages - 1} @click=${() => { this._page = page + 1; }}>
        ${msg(loc, 'detail.next')}</button>
    </nav>`;
  }

  #renderTools(): TemplateResult {
    const loc = this.#locale;
    const busy = this._exporting !== undefined;
    return html`<div class="tools" part="tools">
        <button type="button" class="export" aria-disabled=${busy ? 'true' : 'false'} @click=${() => void this.#exportCsv()}>
          <svg viewBox="0 0 16 16" aria-hidden="true">${downloadIcon}</svg>${msg(loc, 'export.csv')}</button>
        <button type="button" class="copy" aria-disabled=${busy ? 'true' : 'false'} @click=${() => void this.#copyTable()}>
          <svg viewBox="0 0 16 16" aria-hidden="true">${copyIcon}</svg>${msg(loc, 'export.copy')}</button>
      </div>
      <p class="notice" role="status">${this._notice}</p>
      ${this._exportError ? html`<p class="export-error" role="alert">${this._exportError}</p>` : nothing}`;
  }

  protected override render(): unknown {
    const loc = this.#locale;
    const busy = this._open && (this.#rows.status === TaskStatus.PENDING || this.#footer.status === TaskStatus.PENDING);
    return html`<dialog part="dialog" aria-labelledby="title" aria-busy=${busy ? 'true' : 'false'} @close=${this.#onDialogClose}>
      ${this._open ? html`<div class="panel">
        <header>
          <h2 id="title"><bdi>${this.#title()}</bdi></h2>
          <button type="button" class="close" aria-label=${msg(loc, 'action.close')} @click=${() => this.close()}>
            <svg viewBox="0 0 20 20" aria-hidden="true">${closeIcon}</svg>
          </button>
          ${this.#renderTools()}
        </header>
        <div class="body">${this.#renderBody()}</div>
        <footer part="footer">
          ${this.#renderSummary()}
          ${this.#renderPager()}
        </footer>
      </div>` : nothing}
    </dialog>`;
  }
}

/** Saves `blob` as a file through a temporary object URL and a `download` link. */
function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.click();
  // Revoked later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function cellClass(c: Column): string {
  return `col-${c.id}${c.numeric ? ' num' : c.date ? ' date' : ''}`;
}
