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

/** Every filter field with the kinds it applies to; a field used on another kind is a programming error. */
const FIELD_KINDS: Record<Exclude<keyof RecordFilter, 'client' | 'dates'>, readonly RecordKind[]> = {
  semantics: ['deal', 'invoice'],
  pipelines: ['deal', 'activity'],
  stages: ['deal', 'invoice'],
  channels: ['activity'],
  directions: ['activity'],
  completed: ['activity'],
  dealIds: ['deal', 'invoice', 'activity'],
  paidLate: ['invoice'],
};

const DATE_FIELD_KINDS: Record<DateField, readonly RecordKind[]> = {
  createdAt: ['deal', 'invoice', 'activity'],
  closedAt: ['deal'],
  dueAt: ['invoice'],
  paidAt: ['invoice'],
};

/** Throws a `TypeError` naming the field when a filter uses a field its record kind does not have. */
const GROUP_KINDS: Record<Exclude<GroupBy, BucketGrouping>, readonly RecordKind[]> = {
  channel: ['activity'],
  pipeline: ['deal', 'activity'],
  currency: ['deal', 'invoice'],
  semantic: ['deal', 'invoice'],
};

/** Throws a `TypeError` when an aggregate query groups by something its kind does not have. */
export function assertQueryFits(query: AggregateQuery): void {
  assertFilterFits(query.kind, query.filter);
  const g = query.groupBy;
  if (typeof g === 'string' && !GROUP_KINDS[g].includes(query.kind)) {
    throw new TypeError(`Cannot group ${query.kind} records by ${g}.`);
  }
  if (typeof g === 'object' && g.edges.length !== g.keys.length + 1) {
    throw new TypeError('Bucket grouping needs exactly one more edge than keys.');
  }
}

export function assertFilterFits(kind: RecordKind, filter: RecordFilter): void {
  for (const key of Object.keys(FIELD_KINDS) as (keyof typeof FIELD_KINDS)[]) {
    const v = filter[key];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0) && !FIELD_KINDS[key].includes(kind)) {
      throw new TypeError(`Filter field "${key}" does not apply to ${kind} records.`);
    }
  }
  for (const cond of filter.dates ?? []) {
    for (const f of cond.fields) {
      if (!DATE_FIELD_KINDS[f].includes(kind)) throw new TypeError(`Date field "${f}" does not apply to ${kind} records.`);
    }
  }
}

/** A stable string key for a query (cache and de-duplication). */
export function queryKey(q: AggregateQuery | RecordQuery | RecordFilter): string {
  // JSON would turn ±Infinity and NaN into null: keep them distinct.
  return JSON.stringify(q, (_k, v: unknown) =>
    v instanceof Set ? [...v] : typeof v === 'number' && !Number.isFinite(v) ? `#${v}` : v);
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
