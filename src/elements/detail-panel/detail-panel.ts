import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { CrmAdapter } from '../../adapters/adapter.js';
import { isAdapterError } from '../../adapters/errors.js';
import { runAggregates } from '../../core/evaluate.js';
import type {
  Activity, CrmRecord, CurrencyCode, Deal, Instant, Invoice, Money, RateTable, RecordKind, RecordOfKind,
} from '../../core/model.js';
import { MoneyBag, convertBag, type Conversion } from '../../core/money.js';
import { isValidTimeZone } from '../../core/period.js';
import type { AggregateRow, RecordFilter, RecordPage, SortField, SortSpec } from '../../core/query.js';
import { channelLabel, formatAmount, formatDate, msg, normalizeLocale, type MessageKey } from '../../i18n/index.js';
import { tokens } from '../../styles/tokens.js';
import { VERSION } from '../../version.js';
import { CrmElement, deepActiveElement } from '../base.js';
import { detailPanelStyles } from './detail-panel.styles.js';

/** Detail of `crm-record-open`: the record whose link was activated. */
export interface CrmRecordOpenDetail<K extends RecordKind = RecordKind> {
  readonly kind: K;
  readonly record: RecordOfKind[K];
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

/** Only absolute http(s) URLs become links; anything else (javascript:, data:, relative, malformed) is text. */
export function safeHttpUrl(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

interface Column {
  readonly id: string;
  readonly label: MessageKey;
  /** The SortSpec field; absent → not sortable. */
  readonly sort?: SortField;
  readonly numeric?: boolean;
  readonly date?: boolean;
  readonly cell: (r: CrmRecord) => unknown;
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
 * @summary Slide-out list of the records behind a number, with a reconciling footer.
 *
 * @fires {CustomEvent<CrmDetailOpenDetail>} crm-detail-open - The panel was shown. Bubbles, composed.
 * @fires {CustomEvent<CrmRecordOpenDetail>} crm-record-open - A record link was activated. Bubbles,
 * composed, cancelable: `preventDefault()` stops the navigation (e.g. to open the record in the host's
 * own slider).
 * @fires {Event} close - The panel was closed (Escape, close button or `close()`).
 *
 * @csspart dialog - The `<dialog>` element.
 * @csspart table - The records table.
 * @csspart footer - The footer (totals and pagination).
 *
 * @cssproperty [--crm-detail-panel-width=min(100vw, 56rem)] - Width of the panel.
 * @cssproperty [--crm-detail-panel-background=var(--crm-sys-color-surface)] - Background of the panel.
 * @cssproperty [--crm-detail-panel-duration=220ms] - Slide-in duration (0 under prefers-reduced-motion).
 */
export class CrmDetailPanel extends CrmElement {
  static version = VERSION;
  static override styles = [tokens, detailPanelStyles];

  /** The data source. */
  @property({ attribute: false }) adapter?: CrmAdapter;

  /** Kind of the records listed: `deal`, `invoice` or `activity`. */
  @property() kind: RecordKind = 'deal';

  /** The records to list: the same filter as the number's (see `inputFilter` in the core). */
  @property({ attribute: false }) filter?: RecordFilter;

  /** What the number is, e.g. "Won deals"; first part of the title. */
  @property() heading = '';

  /** The period shown in the title, e.g. "Last 30 days". */
  @property({ attribute: 'period-label' }) periodLabel = '';

  /** BCP 47 locale or Bitrix24 LANG code; empty → the nearest `lang` attribute, else English. */
  @property() locale = '';

  /** IANA time zone dates are shown in; empty → the browser's. */
  @property({ attribute: 'time-zone' }) timeZone = '';

  /** Display currency of the footer total (ISO 4217); empty → the base currency of `rates`. */
  @property() currency = '';

  /** Exchange rates used to convert the footer total to `currency`. */
  @property({ attribute: false }) rates?: RateTable;

  /** Colour theme: `light` (default), `dark` or `auto` (follows prefers-color-scheme). */
  @property({ reflect: true }) theme?: 'light' | 'dark' | 'auto';

  @state() private _open = false;
  @state() private _sort: SortSpec = DEFAULT_SORT;
  @state() private _page = 0;
  @state() private _pageSize = 20;

  @query('dialog') private _dialog?: HTMLDialogElement;

  #opener: HTMLElement | undefined;

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
    this._page = 0;
    this._sort = this.#defaultSort();
    this._open = true;
    await this.updateComplete;
    const dialog = this._dialog;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    this.dispatchEvent(new CustomEvent<CrmDetailOpenDetail>('crm-detail-open', {
      bubbles: true, composed: true, detail: { kind: this.kind, filter: this.filter },
    }));
  }

  /** Closes the panel (no-op when closed); focus returns to the opener and `close` fires. */
  close(): void {
    if (!this._dialog?.open) return;
    this.#rows.abort();
    this.#footer.abort();
    this._dialog.close();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#rows.abort();
    this.#footer.abort();
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
    if (this.timeZone && isValidTimeZone(this.timeZone)) return this.timeZone;
    if (this.timeZone) this.warnOnce(`Unknown time zone "${this.timeZone}"; the browser's is used.`);
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
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
    const event = new CustomEvent<CrmRecordOpenDetail>('crm-record-open', {
      bubbles: true, composed: true, cancelable: true, detail: { kind: this.kind, record } as CrmRecordOpenDetail,
    });
    if (!this.dispatchEvent(event)) e.preventDefault();
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

  #columns(): Column[] {
    const loc = this.#locale;
    const dealDate = this.kind === 'deal' ? this.#dealDateField() : 'createdAt';
    switch (this.kind) {
      case 'deal': return [
        { id: 'title', label: 'col.title', sort: 'title', cell: (r) => this.#link(r, (r as Deal).title) },
        { id: 'stage', label: 'col.stage', cell: (r) => (r as Deal).stageName || (r as Deal).stageId || '—' },
        { id: 'amount', label: 'col.amount', sort: 'amount', numeric: true, cell: (r) => this.#money((r as Deal).amount) },
        // The column shows exactly the date it sorts by (a mixed list would otherwise look unsorted).
        { id: 'date', label: 'col.date', sort: dealDate, date: true, cell: (r) => this.#date(dealDate === 'closedAt' ? (r as Deal).closedAt : r.createdAt) },
        { id: 'responsible', label: 'col.responsible', cell: (r) => (r as Deal).responsible?.name || '—' },
      ];
      case 'invoice': return [
        { id: 'number', label: 'col.number', sort: 'title', cell: (r) => this.#link(r, (r as Invoice).title) },
        { id: 'status', label: 'col.status', cell: (r) => semanticLabel((r as Invoice).semantic, loc) },
        { id: 'amount', label: 'col.amount', sort: 'amount', numeric: true, cell: (r) => this.#money((r as Invoice).amount) },
        { id: 'due', label: 'col.due', sort: 'dueAt', date: true, cell: (r) => this.#date((r as Invoice).dueAt) },
        { id: 'paid', label: 'col.paid', sort: 'paidAt', date: true, cell: (r) => this.#date((r as Invoice).paidAt) },
      ];
      case 'activity': return [
        { id: 'channel', label: 'col.channel', cell: (r) => channelLabel((r as Activity).channel, loc) },
        { id: 'direction', label: 'col.direction', cell: (r) => directionLabel((r as Activity).direction, loc) },
        { id: 'subject', label: 'col.subject', sort: 'title', cell: (r) => this.#link(r, (r as Activity).subject) },
        { id: 'date', label: 'col.date', sort: 'createdAt', date: true, cell: (r) => this.#date(r.createdAt) },
      ];
      default:
        this.warnOnce(`Unknown kind "${String(this.kind)}".`);
        return [];
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
      <table part="table" class=${pending ? 'stale' : ''}>
        <caption class="visually-hidden">${this.heading || msg(loc, `kind.${this.kind}`, { count: current.page.total })}</caption>
        <thead><tr>${columns.map((c) => this.#renderHeader(c))}</tr></thead>
        <tbody>
          ${current.page.items.map((r) => html`<tr>${columns.map((c) =>
            html`<td class=${cellClass(c)}><bdi>${c.cell(r)}</bdi></td>`)}</tr>`)}
        </tbody>
      </table>`;
  }

  #renderHeader(c: Column): TemplateResult {
    const label = msg(this.#locale, c.label);
    const cls = cellClass(c);
    if (!c.sort) return html`<th scope="col" class=${cls}>${label}</th>`;
    const field = c.sort;
    const sorted = this._sort.field === field;
    const ariaSort = sorted ? (this._sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
    return html`<th scope="col" class=${cls} aria-sort=${ariaSort ?? nothing}>
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
          ${this.#pageSizes().map((s) => html`<option value=${s} ?selected=${s === this._pageSize}>${s}</option>`)}
        </select>
      </label>
      <button type="button" class="prev" ?disabled=${page <= 0} @click=${() => { this._page = page - 1; }}>
        ${msg(loc, 'detail.previous')}</button>
      <bdi class="page-of">${msg(loc, 'detail.page', { page: page + 1, pages })}</bdi>
      <button type="button" class="next" ?disabled=${page >= pages - 1} @click=${() => { this._page = page + 1; }}>
        ${msg(loc, 'detail.next')}</button>
    </nav>`;
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

function cellClass(c: Column): string {
  return `col-${c.id}${c.numeric ? ' num' : c.date ? ' date' : ''}`;
}

function semanticLabel(semantic: string, locale: string): string {
  const key = `semantic.${semantic}` as MessageKey;
  return ['open', 'won', 'lost', 'paid', 'declined'].includes(semantic) ? msg(locale, key) : semantic || '—';
}

function directionLabel(direction: string, locale: string): string {
  return ['in', 'out', 'none'].includes(direction) ? msg(locale, `direction.${direction}` as MessageKey) : '—';
}
