/**
 * The reference semantics of the query model (./query.ts): what a filter matches (`compileFilter`),
 * what an aggregate answers (`Aggregator`, `aggregateRecords`) and how records sort
 * (`compareRecords`). The demo source, the Bitrix24 adapter's local computations and the core's
 * local path (a source without `aggregate`, loaded on demand) use it; the contract's servers can
 * too. Pages whose sources aggregate themselves never load it.
 */
import type { Activity, CrmRecord, Deal, Instant, Invoice, RecordKind, RecordOfKind } from './model.js';
import type { AggregateQuery, AggregateResult, DateField, RecordFilter, SortSpec } from './query.js';
import { assertFilterFits, assertQueryFits } from './query-fit.js';

type Pred<T> = (r: T) => boolean;

const nonEmpty = <T>(xs: readonly T[] | undefined): xs is readonly T[] => xs !== undefined && xs.length > 0;

/**
 * One accessor function per date field: property reads stay monomorphic per field on hot loops
 * (a computed `r[field]` read over a million records is several times slower).
 */
const DATE_OF: Readonly<Record<DateField, (r: CrmRecord) => Instant | undefined>> = {
  createdAt: (r) => r.createdAt,
  closedAt: (r) => (r as Deal).closedAt,
  dueAt: (r) => (r as Invoice).dueAt,
  paidAt: (r) => (r as Invoice).paidAt,
};

function dateValue(r: CrmRecord, f: DateField): Instant | undefined {
  return DATE_OF[f](r);
}

/**
 * The reference meaning of a filter, as one predicate over records of `kind` (the client part is
 * not checked: adapters select the client's records first). `dealPipeline` maps deal id → pipeline
 * id and is needed only to filter activities by pipeline.
 */
export function compileFilter<K extends RecordKind>(
  kind: K,
  filter: RecordFilter,
  dealPipeline?: ReadonlyMap<string, string>,
): Pred<RecordOfKind[K]> {
  assertFilterFits(kind, filter);
  const preds: Pred<never>[] = [];
  for (const cond of filter.dates ?? []) {
    const from = cond.from ?? -Infinity;
    const to = cond.to ?? Infinity;
    const fields = cond.fields;
    if (fields.length === 1 && fields[0] === 'createdAt') {
      preds.push(((r: CrmRecord) => r.createdAt >= from && r.createdAt < to) as Pred<never>);
    } else if (fields.length === 1) {
      const get = DATE_OF[fields[0]!];
      preds.push(((r: CrmRecord) => {
        const v = get(r);
        return v !== undefined && v >= from && v < to;
      }) as Pred<never>);
    } else if (fields.length === 2) {
      // Deals created or closed in a period: two monomorphic reads, no closure per field.
      const get0 = DATE_OF[fields[0]!];
      const get1 = DATE_OF[fields[1]!];
      preds.push(((r: CrmRecord) => {
        const v = get0(r);
        if (v !== undefined && v >= from && v < to) return true;
        const w = get1(r);
        return w !== undefined && w >= from && w < to;
      }) as Pred<never>);
    } else {
      preds.push(((r: CrmRecord) => fields.some((f) => {
        const v = dateValue(r, f);
        return v !== undefined && v >= from && v < to;
      })) as Pred<never>);
    }
  }
  if (nonEmpty(filter.semantics)) {
    const s = new Set<string>(filter.semantics);
    preds.push(((r: Deal | Invoice) => s.has(r.semantic)) as Pred<never>);
  }
  if (nonEmpty(filter.stages)) {
    const s = new Set(filter.stages);
    preds.push(((r: Deal | Invoice) => s.has(r.stageId)) as Pred<never>);
  }
  if (nonEmpty(filter.dealIds)) {
    const s = new Set(filter.dealIds);
    if (kind === 'deal') preds.push(((r: Deal) => s.has(r.id)) as Pred<never>);
    else if (kind === 'invoice') preds.push(((r: Invoice) => r.dealId !== undefined && s.has(r.dealId)) as Pred<never>);
    else {
      preds.push(((r: Activity) => {
        const ids = r.dealIds;
        for (let i = 0; i < ids.length; i++) if (s.has(ids[i]!)) return true;
        return false;
      }) as Pred<never>);
    }
  }
  if (nonEmpty(filter.pipelines)) {
    const s = new Set(filter.pipelines);
    if (kind === 'deal') preds.push(((r: Deal) => s.has(r.pipelineId)) as Pred<never>);
    else {
      const map = dealPipeline ?? new Map<string, string>();
      preds.push(((r: Activity) => r.dealIds.some((id) => s.has(map.get(id) ?? ''))) as Pred<never>);
    }
  }
  if (nonEmpty(filter.channels)) {
    const s = new Set<string>(filter.channels);
    preds.push(((r: Activity) => s.has(r.channel)) as Pred<never>);
  }
  if (nonEmpty(filter.directions)) {
    const s = new Set<string>(filter.directions);
    preds.push(((r: Activity) => s.has(r.direction)) as Pred<never>);
  }
  if (filter.completed !== undefined) {
    const want = filter.completed;
    preds.push(((r: Activity) => r.completed === want) as Pred<never>);
  }
  if (filter.paidLate !== undefined) {
    const late = filter.paidLate;
    preds.push(((r: Invoice) =>
      r.paidAt !== undefined && r.dueAt !== undefined && r.paidAt > r.dueAt === late) as Pred<never>);
  }
  const all = preds as Pred<RecordOfKind[K]>[];
  switch (all.length) {
    case 0: return () => true;
    case 1: return all[0]!;
    case 2: { const [a, b] = all as [Pred<RecordOfKind[K]>, Pred<RecordOfKind[K]>]; return (r) => a(r) && b(r); }
    default: return (r) => all.every((p) => p(r));
  }
}

/** Index of the bucket holding `t` (binary search over edges), or -1. */
export function bucketIndex(edges: readonly Instant[], t: Instant): number {
  if (edges.length < 2 || t < edges[0]! || t >= edges[edges.length - 1]!) return -1;
  let lo = 0;
  let hi = edges.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

interface MutableRow {
  count: number;
  amounts: Record<string, number>;
  withoutAmount: number;
  lastCreatedAt: Instant | null;
}

/**
 * Accumulates matching records into aggregate rows, exactly as `AggregateQuery` defines. Feed it
 * with `add(record)` for records that already passed the filter; `result()` gives the answer.
 */
export class Aggregator<K extends RecordKind = RecordKind> {
  readonly #query: AggregateQuery;
  #dealPipeline: ReadonlyMap<string, string> | undefined;
  #dealFilter: ReadonlySet<string> | undefined;
  readonly #pipelineFilter: ReadonlySet<string> | undefined;
  readonly #rows = new Map<string, MutableRow>();
  readonly #sum: boolean;
  /** The single row of an ungrouped query. */
  #total: MutableRow | undefined;

  constructor(query: AggregateQuery, dealPipeline?: ReadonlyMap<string, string>) {
    assertQueryFits(query);
    this.#query = query;
    this.#dealPipeline = dealPipeline;
    this.#sum = query.measure === 'sum' && query.kind !== 'activity';
    this.#dealFilter = nonEmpty(query.filter.dealIds) ? new Set(query.filter.dealIds) : undefined;
    this.#pipelineFilter = nonEmpty(query.filter.pipelines) ? new Set(query.filter.pipelines) : undefined;
    // Grouping activities by pipeline under a deal filter: one map lookup per bound deal, not two.
    if (query.groupBy === 'pipeline' && query.kind === 'activity' && this.#dealFilter && dealPipeline) {
      const only = new Map<string, string>();
      for (const id of this.#dealFilter) {
        const p = dealPipeline.get(id);
        if (p !== undefined) only.set(id, p);
      }
      this.#dealPipeline = only;
      this.#dealFilter = undefined;
    }
    if (query.groupBy === undefined) this.#rows.set('', (this.#total = Aggregator.#row()));
  }

  static #row(): MutableRow {
    return { count: 0, amounts: {}, withoutAmount: 0, lastCreatedAt: null };
  }

  #bump(key: string, r: CrmRecord): void {
    let row = this.#rows.get(key);
    if (row === undefined) {
      row = Aggregator.#row();
      this.#rows.set(key, row);
    }
    this.#into(row, r);
  }

  #into(row: MutableRow, r: CrmRecord): void {
    row.count++;
    if (row.lastCreatedAt === null || r.createdAt > row.lastCreatedAt) row.lastCreatedAt = r.createdAt;
    if (this.#sum) {
      const amount = (r as Deal | Invoice).amount;
      if (amount === null) row.withoutAmount++;
      else {
        const next = (row.amounts[amount.currency] ?? 0) + amount.minor;
        if (!Number.isSafeInteger(next)) throw new RangeError(`The ${amount.currency} total exceeds the exact integer range.`);
        row.amounts[amount.currency] = next;
      }
    }
  }

  add(r: RecordOfKind[K]): void {
    const g = this.#query.groupBy;
    if (g === undefined) return this.#into(this.#total!, r);
    if (typeof g === 'object') {
      const t = DATE_OF[g.field](r);
      if (t === undefined) return;
      const i = bucketIndex(g.edges, t);
      if (i >= 0) this.#bump(g.keys[i]!, r);
      return;
    }
    switch (g) {
      case 'channel': return this.#bump((r as Activity).channel, r);
      case 'semantic': return this.#bump((r as Deal).semantic, r);
      case 'currency': return this.#bump((r as Deal).amount?.currency ?? '', r);
      case 'pipeline': {
        if (this.#query.kind === 'deal') return this.#bump((r as Deal).pipelineId, r);
        // An activity counts once in each distinct pipeline of its bound (and matching) deals.
        let first: string | undefined;
        let more: string[] | undefined; // allocated only for activities in several pipelines
        for (const id of (r as Activity).dealIds) {
          if (this.#dealFilter !== undefined && !this.#dealFilter.has(id)) continue;
          const p = this.#dealPipeline?.get(id);
          if (p === undefined || p === first || more?.includes(p)) continue;
          if (this.#pipelineFilter !== undefined && !this.#pipelineFilter.has(p)) continue;
          if (first === undefined) first = p;
          else (more ??= []).push(p);
          this.#bump(p, r);
        }
        if (first === undefined) this.#bump('', r);
        return;
      }
    }
  }

  result(): AggregateResult {
    const keys = [...this.#rows.keys()];
    const g = this.#query.groupBy;
    if (typeof g === 'object') {
      const order = new Map(g.keys.map((k, i) => [k, i]));
      keys.sort((a, b) => order.get(a)! - order.get(b)!);
    } else keys.sort();
    return {
      rows: keys.map((key) => {
        const r = this.#rows.get(key)!;
        const amounts: Record<string, number> = {};
        for (const c of Object.keys(r.amounts).sort()) amounts[c] = r.amounts[c]!;
        return { key, count: r.count, amounts, withoutAmount: r.withoutAmount, lastCreatedAt: r.lastCreatedAt };
      }),
    };
  }
}

/** Aggregates an already-filtered list of records. */
export function aggregateRecords<K extends RecordKind>(
  query: AggregateQuery & { kind: K },
  records: Iterable<RecordOfKind[K]>,
  dealPipeline?: ReadonlyMap<string, string>,
): AggregateResult {
  const agg = new Aggregator<K>(query, dealPipeline);
  for (const r of records) agg.add(r);
  return agg.result();
}

/** Sorts records as `SortSpec` defines (missing values last, then by numeric id for a stable order). */
export function compareRecords(sort: SortSpec | undefined): (a: CrmRecord, b: CrmRecord) => number {
  const field = sort?.field ?? 'createdAt';
  const dir = sort?.direction === 'asc' ? 1 : -1;
  const value = (r: CrmRecord): number | string | undefined => {
    if (field === 'amount') return (r as Deal).amount?.minor;
    if (field === 'title') return (r as Deal).title ?? (r as Activity).subject;
    if (field === 'id') return Number.isNaN(Number(r.id)) ? r.id : Number(r.id);
    return dateValue(r, field);
  };
  return (a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va !== vb) {
      if (va === undefined) return 1;
      if (vb === undefined) return -1;
      if (typeof va === 'string' && typeof vb === 'string') {
        const c = va.localeCompare(vb);
        if (c !== 0) return c * dir;
      } else return (va < vb ? -1 : 1) * dir;
    }
    return compareIds(a.id, b.id);
  };
}

/** Numeric ids (Bitrix24's) by value, any other ids (UUIDs of a custom source) as strings. */
function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

