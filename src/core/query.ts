/**
 * The query model adapters answer: a record query (drill-down lists, CSV export) and an aggregate
 * query (the numbers). Both share one `RecordFilter`, so a number and the list behind it can never
 * disagree. The reference semantics of a filter (`compileFilter`) and of an aggregate (`Aggregator`)
 * are in ./records.ts: only the in-memory sources and the local path need that code.
 */
import type { Channel, ClientRef, CurrencyCode, Direction, Instant, RecordKind, RecordOfKind, Semantic } from './model.js';

/** Date fields a filter, a sort or a time bucket can use. `closedAt` is for deals, `dueAt` / `paidAt` for invoices. */
export type DateField = 'createdAt' | 'closedAt' | 'dueAt' | 'paidAt';

/** Holds when ANY of `fields` lies in `[from, to)`; an open bound is unbounded. */
export interface DateCondition {
  readonly fields: readonly DateField[];
  readonly from?: Instant;
  readonly to?: Instant;
}

/**
 * The fixed set of filter fields. Every present field must hold (AND); list fields match any of
 * their values (OR). Empty lists are treated as absent.
 */
export interface RecordFilter {
  readonly client: ClientRef;
  /** All conditions must hold. */
  readonly dates?: readonly DateCondition[];
  readonly semantics?: readonly Semantic[];
  /** Deals: their pipeline. */
  readonly pipelines?: readonly string[];
  readonly stages?: readonly string[];
  /** Activities only. */
  readonly channels?: readonly Channel[];
  /** Activities only. */
  readonly directions?: readonly Direction[];
  /** Activities only. */
  readonly completed?: boolean;
  /** Deals: their id; invoices: their linked deal; activities: bound to at least one of these deals. */
  readonly dealIds?: readonly string[];
  /** Invoices only: paid after the due date (`true`) or on time (`false`). Unpaid or undated invoices never match. */
  readonly paidLate?: boolean;
}

export type SortField = DateField | 'amount' | 'title' | 'id';

export interface SortSpec {
  readonly field: SortField;
  readonly direction: 'asc' | 'desc';
}

export interface PageSpec {
  readonly offset: number;
  readonly limit: number;
}

export interface RecordQuery<K extends RecordKind = RecordKind> {
  readonly kind: K;
  readonly filter: RecordFilter;
  /** Absent: the source's own order, stable from page to page (cheapest when every record is read). */
  readonly sort?: SortSpec;
  readonly page: PageSpec;
}

export interface RecordPage<K extends RecordKind = RecordKind> {
  readonly items: readonly RecordOfKind[K][];
  /** Number of records matching the filter, over all pages. */
  readonly total: number;
}

/**
 * Time buckets are computed by the core (it owns time zones and week starts) and handed to the
 * adapter as instants: `edges` has one more entry than `keys`; bucket i is `[edges[i], edges[i+1])`.
 */
export interface BucketGrouping {
  readonly by: 'bucket';
  readonly field: DateField;
  readonly edges: readonly Instant[];
  readonly keys: readonly string[];
}

export type GroupBy = 'channel' | 'pipeline' | 'currency' | 'semantic' | BucketGrouping;

export type Measure = 'count' | 'sum';

export interface AggregateQuery {
  readonly kind: RecordKind;
  readonly filter: RecordFilter;
  /** `sum` adds amounts per currency; counts are always returned. */
  readonly measure: Measure;
  readonly groupBy?: GroupBy;
}

export interface AggregateRow {
  /** Group key ('' without grouping; '' also for "no pipeline"). */
  readonly key: string;
  readonly count: number;
  /** `sum` only: exact totals in minor units per original currency. */
  readonly amounts: Readonly<Record<CurrencyCode, number>>;
  /** `sum` only: matching records that have no amount. */
  readonly withoutAmount: number;
  /** Latest `createdAt` in the group (ties of "preferred channel" go to the most recent), or null. */
  readonly lastCreatedAt: Instant | null;
}

export interface AggregateResult {
  /** Without grouping exactly one row with key ''. Grouped: one row per non-empty group, sorted by key. */
  readonly rows: readonly AggregateRow[];
}

/** A stable string key for a query (cache and de-duplication). */
export function queryKey(q: AggregateQuery | RecordQuery | RecordFilter): string {
  // JSON would turn ±Infinity and NaN into null: keep them distinct.
  return JSON.stringify(q, (_k, v: unknown) =>
    v instanceof Set ? [...v] : typeof v === 'number' && !Number.isFinite(v) ? `#${v}` : v);
}

/** `results`, the answers of `asked` aggregate queries: a `TypeError` unless one per query. */
export function answersOf<T>(results: readonly T[], asked: number): readonly T[] {
  if (results.length !== asked) throw new TypeError(`The source answered ${results.length} aggregate queries for ${asked} asked.`);
  return results;
}

/**
 * What the core needs from a data source to evaluate metrics. `CrmAdapter`
 * (src/adapters/adapter.ts) extends it; the core never depends on a concrete adapter.
 */
export interface QuerySource {
  /** Largest `page.limit` the source accepts (Bitrix24: 50). Default 100. */
  readonly maxPageSize?: number;
  records<K extends RecordKind>(query: RecordQuery<K>, signal?: AbortSignal): Promise<RecordPage<K>>;
  /** Optional push-down: answers several aggregate queries at once, in order. */
  aggregate?(queries: readonly AggregateQuery[], signal?: AbortSignal): Promise<readonly AggregateResult[]>;
}
