/**
 * The columns of a record list, one definition per record kind, shared by the detail panel's table,
 * its CSV export and its "Copy as table": what each column is called, how it sorts, and the value it
 * holds (text, money or an instant). The panel formats values for reading (`Intl`); exports write
 * them locale-independently (plain decimals with a dot and a currency column, ISO 8601 instants).
 * Pure, no DOM.
 */
import '../i18n/en-overlays.js';
import { isoInstant, neutralizeFormula } from '../core/csv.js';
import type { Activity, CrmRecord, Deal, Instant, Invoice, Money, RecordKind } from '../core/model.js';
import { toDecimalString, type Conversion } from '../core/money.js';
import type { RecordFilter, SortField } from '../core/query.js';
import { channelLabel, msg, normalizeLocale, type MessageKey } from '../i18n/index.js';
import { describeFilter, type NamedId } from './describe.js';

/** Only absolute http(s) URLs become links (the panel) or cells (the export); anything else (javascript:, data:, relative, malformed) is not. */
export function safeHttpUrl(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

interface ColumnBase {
  /** Stable id (the panel's `col-<id>` class). */
  readonly id: string;
  readonly label: MessageKey;
  /** The sort field; absent → not sortable. */
  readonly sort?: SortField;
  /** Where the column appears: the panel's table, exports, or both. */
  readonly in: 'both' | 'panel' | 'export';
}

/** Text: the source's own (guarded against formulas in exports) or our words. `''` → no value. */
export interface TextColumn extends ColumnBase {
  readonly type: 'text';
  /** The panel links this column to the record's URL. */
  readonly link?: boolean;
  readonly text: (r: CrmRecord) => string;
}

/** Money: exports write two columns, the plain decimal amount and its currency. */
export interface MoneyColumn extends ColumnBase {
  readonly type: 'money';
  readonly money: (r: CrmRecord) => Money | null;
}

export interface DateColumn extends ColumnBase {
  readonly type: 'date';
  readonly date: (r: CrmRecord) => Instant | undefined;
}

export type RecordColumn = TextColumn | MoneyColumn | DateColumn;

export interface RecordColumnsOptions {
  readonly locale: string;
  /** Deals: the date the panel shows and sorts by (the closing date for lists of closed deals). */
  readonly dealDate?: 'createdAt' | 'closedAt';
  /** Pipeline names by id (the deals' pipeline column of exports). */
  readonly pipelines?: readonly NamedId[];
}

const SEMANTICS = ['open', 'won', 'lost', 'paid', 'declined'];

/** The label of a deal or invoice semantic ("Won"); an unknown one as it is. */
export function semanticLabel(semantic: string, locale: string): string {
  return SEMANTICS.includes(semantic) ? msg(locale, `semantic.${semantic}` as MessageKey) : semantic;
}

/** "Incoming" / "Outgoing"; `''` for no direction. */
export function directionLabel(direction: string, locale: string): string {
  return direction === 'in' || direction === 'out' ? msg(locale, `direction.${direction}`) : '';
}

/** Every column of `kind`, in display order; filter on `in` for the panel or an export. */
export function recordColumns(kind: RecordKind, opts: RecordColumnsOptions): RecordColumn[] {
  const loc = normalizeLocale(opts.locale);
  const id: TextColumn = { id: 'id', label: 'col.id', in: 'export', type: 'text', text: (r) => r.id };
  // Only http(s) links are exported (a javascript: or data: URL would be a link in a spreadsheet).
  const url: TextColumn = { id: 'url', label: 'col.url', in: 'export', type: 'text', text: (r) => safeHttpUrl(r.url) ?? '' };
  const created: DateColumn = { id: 'created', label: 'col.created', in: 'export', type: 'date', date: (r) => r.createdAt };
  switch (kind) {
    case 'deal': {
      const d = (r: CrmRecord) => r as Deal;
      const dealDate = opts.dealDate ?? 'createdAt';
      return [
        id,
        { id: 'title', label: 'col.title', sort: 'title', in: 'both', type: 'text', link: true, text: (r) => d(r).title },
        { id: 'pipeline', label: 'col.pipeline', in: 'export', type: 'text',
          text: (r) => opts.pipelines?.find((p) => p.id === d(r).pipelineId)?.name || d(r).pipelineId },
        { id: 'stage', label: 'col.stage', in: 'both', type: 'text', text: (r) => d(r).stageName || d(r).stageId },
        { id: 'status', label: 'col.status', in: 'export', type: 'text', text: (r) => semanticLabel(d(r).semantic, loc) },
        { id: 'amount', label: 'col.amount', sort: 'amount', in: 'both', type: 'money', money: (r) => d(r).amount },
        // The panel's date column shows exactly the date it sorts by (a mixed list would otherwise look unsorted).
        { id: 'date', label: 'col.date', sort: dealDate, in: 'panel', type: 'date',
          date: (r) => (dealDate === 'closedAt' ? d(r).closedAt : r.createdAt) },
        created,
        { id: 'closed', label: 'col.closed', in: 'export', type: 'date', date: (r) => d(r).closedAt },
        { id: 'responsible', label: 'col.responsible', in: 'both', type: 'text', text: (r) => d(r).responsible?.name ?? '' },
        url,
      ];
    }
    case 'invoice': {
      const i = (r: CrmRecord) => r as Invoice;
      return [
        id,
        { id: 'number', label: 'col.number', sort: 'title', in: 'both', type: 'text', link: true, text: (r) => i(r).title },
        { id: 'status', label: 'col.status', in: 'both', type: 'text', text: (r) => semanticLabel(i(r).semantic, loc) },
        { id: 'amount', label: 'col.amount', sort: 'amount', in: 'both', type: 'money', money: (r) => i(r).amount },
        created,
        { id: 'due', label: 'col.due', sort: 'dueAt', in: 'both', type: 'date', date: (r) => i(r).dueAt },
        { id: 'paid', label: 'col.paid', sort: 'paidAt', in: 'both', type: 'date', date: (r) => i(r).paidAt },
        { id: 'deal', label: 'col.deal', in: 'export', type: 'text', text: (r) => i(r).dealId ?? '' },
        url,
      ];
    }
    case 'activity': {
      const a = (r: CrmRecord) => r as Activity;
      return [
        id,
        { id: 'channel', label: 'col.channel', in: 'both', type: 'text', text: (r) => channelLabel(a(r).channel, loc) },
        { id: 'direction', label: 'col.direction', in: 'both', type: 'text', text: (r) => directionLabel(a(r).direction, loc) },
        { id: 'subject', label: 'col.subject', sort: 'title', in: 'both', type: 'text', link: true, text: (r) => a(r).subject },
        { id: 'date', label: 'col.date', sort: 'createdAt', in: 'both', type: 'date', date: (r) => r.createdAt },
        { id: 'completed', label: 'col.completed', in: 'export', type: 'text',
          text: (r) => msg(loc, a(r).completed ? 'export.yes' : 'export.no') },
        { id: 'deals', label: 'col.deals', in: 'export', type: 'text', text: (r) => a(r).dealIds.join(' ') },
        { id: 'responsible', label: 'col.responsible', in: 'export', type: 'text', text: (r) => a(r).responsible?.name ?? '' },
        url,
      ];
    }
    default:
      return [];
  }
}

/** The columns an export writes (money columns count once here; they give two cells). */
export function exportColumns(kind: RecordKind, opts: RecordColumnsOptions): RecordColumn[] {
  return recordColumns(kind, opts).filter((c) => c.in !== 'panel');
}

/** An export's column header row: a money column gives its label and "Currency". */
export function exportHeader(columns: readonly RecordColumn[], locale: string): string[] {
  return columns.flatMap((c) => (c.type === 'money' ? [msg(locale, c.label), msg(locale, 'col.currency')] : [msg(locale, c.label)]));
}

/** Indexes of the cells of `exportHeader` that hold numbers (amounts). */
export function exportNumericCells(columns: readonly RecordColumn[]): number[] {
  const out: number[] = [];
  let i = 0;
  for (const c of columns) {
    if (c.type === 'money') out.push(i++);
    i++;
  }
  return out;
}

/**
 * One export row per record: text guarded against spreadsheet formulas, amounts as plain decimals
 * with a dot plus their own currency (no conversion), instants as ISO 8601 in `timeZone`; `''`
 * for a missing value.
 */
export function exportRow(columns: readonly RecordColumn[], record: CrmRecord, timeZone: string): string[] {
  const cells: string[] = [];
  for (const c of columns) {
    if (c.type === 'text') cells.push(neutralizeFormula(c.text(record)));
    else if (c.type === 'date') {
      const t = c.date(record);
      cells.push(t === undefined ? '' : isoInstant(t, timeZone));
    } else {
      const m = c.money(record);
      cells.push(m ? toDecimalString(m) : '', m ? m.currency : '');
    }
  }
  return cells;
}

/** What the header lines of an export say about the list. */
export interface ExportContext {
  readonly locale: string;
  /** The zone instants are written in (ISO 8601 with its offset). */
  readonly timeZone: string;
  readonly kind: RecordKind;
  readonly filter: RecordFilter;
  /** The client's display name, when known. */
  readonly clientName?: string;
  /** What the number is (the panel's heading). */
  readonly metric: string;
  readonly periodLabel: string;
  /** The period's instants `[from, to)`, when known. */
  readonly period?: { readonly from: Instant; readonly to: Instant };
  readonly exportedAt: Instant;
  /** Number of records exported. */
  readonly count: number;
  /** Deals and invoices: their amounts converted to the display currency (as the panel's footer). */
  readonly total?: Conversion;
  readonly withoutAmount?: number;
  readonly pipelines?: readonly NamedId[];
  readonly stages?: readonly NamedId[];
}

/**
 * The key/value lines before an export's table, one `[label, value…]` row each, in this order:
 * Client (name, then `contact 42`), Metric, one Filter row per condition (`describeFilter`), Period
 * (label), From and To (excluded) instants, Exported at, Records (count), Total (plain decimal,
 * display currency) with "Not included (no exchange rate)" and "Without amount" rows when they
 * apply. Labels and words are in the locale's language; numbers and instants are not localized.
 */
export function exportPreamble(x: ExportContext): string[][] {
  const loc = normalizeLocale(x.locale);
  const t = (s: string) => neutralizeFormula(s);
  const ref = `${x.filter.client.type} ${x.filter.client.id}`;
  const rows: string[][] = [
    [msg(loc, 'export.client'), ...(x.clientName ? [t(x.clientName), ref] : [ref])],
    [msg(loc, 'export.metric'), t(x.metric)],
    ...describeFilter(x.kind, x.filter, {
      locale: loc, timeZone: x.timeZone,
      ...(x.pipelines ? { pipelines: x.pipelines } : {}), ...(x.stages ? { stages: x.stages } : {}),
    }).map((line) => [msg(loc, 'export.filter'), t(line)]),
    [msg(loc, 'export.period'), t(x.periodLabel)],
  ];
  if (x.period) {
    rows.push([msg(loc, 'export.from'), isoInstant(x.period.from, x.timeZone)], [msg(loc, 'export.to'), isoInstant(x.period.to, x.timeZone)]);
  }
  rows.push([msg(loc, 'export.exportedAt'), isoInstant(x.exportedAt, x.timeZone)], [msg(loc, 'export.records'), String(x.count)]);
  if (x.total) {
    rows.push([msg(loc, 'export.total'), toDecimalString(x.total.total), x.total.total.currency]);
    if (x.total.missing.length > 0) rows.push([msg(loc, 'export.notConverted'), x.total.missing.join(' ')]);
  }
  if (x.withoutAmount) rows.push([msg(loc, 'export.withoutAmount'), String(x.withoutAmount)]);
  return rows;
}
