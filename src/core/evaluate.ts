/**
 * Evaluates metrics of the registry against any `QuerySource`.
 *
 * Two paths give identical results (a test proves it for every metric):
 * - push-down: one batched `source.aggregate(queries)` call;
 * - local: paged `source.records` reads, aggregated with the reference `Aggregator` (./local-aggregates.ts, a lazy chunk).
 * Record sets shared by several metrics are queried once.
 */
import { CHANNELS, type Deal, type RecordKind, type RecordOfKind } from './model.js';
import {
  answersOf, type AggregateQuery, type AggregateResult, type AggregateRow, type BucketGrouping,
  type GroupBy, type QuerySource, type RecordFilter, type RecordQuery, type SortSpec,
} from './query.js';
import {
  METRICS, specFilter, type BucketUnit, type Formula, type MetricContext, type MetricDefinition,
  type MetricId, type MetricUnit, type QuerySpec,
} from './metrics.js';
import { MoneyBag, convertBag, isKnownCurrency, type Conversion } from './money.js';
import { addDays, daysBetween, formatCivil, monthStart, startOfDay, weekStart, type CivilDate, type ResolvedPeriod } from './period-base.js';

/** Why a metric has no value ("—" in the UI, with this reason). */
export type MetricReason =
  /** The denominator set is empty (e.g. no activities in the period). */
  | { readonly code: 'empty'; readonly input: string }
  /** No record to pick a top group from. */
  | { readonly code: 'no-records'; readonly input: string };

export interface MetricGroup {
  readonly key: string;
  readonly count: number;
  readonly value: number | null;
  /** Percent of the total (shares). */
  readonly share?: number;
  readonly money?: Conversion;
}

export interface MetricValue {
  readonly id: MetricId;
  readonly unit: MetricUnit;
  /** Number (count, percent, ratio; money: minor units of `money.total.currency`), channel key, or null with `reason`. */
  readonly value: number | string | null;
  readonly reason?: MetricReason;
  /** Money metrics: total, breakdown per original currency, and currencies left out for want of a rate. */
  readonly money?: Conversion;
  /** Record counts of each input (for "N records" footers and explanations). */
  readonly counts: Readonly<Record<string, number>>;
  /** Matching records without an amount (money metrics). */
  readonly withoutAmount?: number;
  /** Per-group values: shares, series points, or the breakdown. */
  readonly groups?: readonly MetricGroup[];
  /** `top`: which input decided ("incoming", or the fallback "all"). */
  readonly basis?: string;
}

// ---- Time buckets -----------------------------------------------------------------------------------

/** Default bucket size for a period: day up to 31 days, week up to 183, else month. */
export function autoBucketUnit(period: ResolvedPeriod): BucketUnit {
  const days = daysBetween(period.start, period.end);
  return days <= 31 ? 'day' : days <= 183 ? 'week' : days <= 3660 ? 'month' : 'year';
}

/** Most buckets a trend has: a grouping that would give more (days over decades…) gives way to a coarser one. */
export const MAX_BUCKETS = 400;
const UNITS: readonly BucketUnit[] = ['day', 'week', 'month', 'year'];

/** How many buckets of `unit` the period spans (at most one more than it holds), from its civil dates alone. */
function bucketCount(period: ResolvedPeriod, unit: BucketUnit): number {
  const { start, end } = period;
  switch (unit) {
    case 'day': return daysBetween(start, end);
    case 'week': return Math.ceil(daysBetween(start, end) / 7) + 1;
    case 'month': return (end.year - start.year) * 12 + end.month - start.month + 1;
    default: return end.year - start.year + 1;
  }
}

/**
 * The unit a trend is grouped by: the one asked for (else the period's automatic one), or the first
 * coarser one with at most {@link MAX_BUCKETS} buckets. Years always fit: `timeBuckets` then spans
 * several years per bucket.
 */
export function bucketUnitFor(period: ResolvedPeriod, asked?: BucketUnit): BucketUnit {
  let i = UNITS.indexOf(asked ?? autoBucketUnit(period));
  while (i < UNITS.length - 1 && bucketCount(period, UNITS[i]!) > MAX_BUCKETS) i++;
  return UNITS[i]!;
}

/**
 * Bucket edges (instants in the period's zone) and keys (`YYYY-MM-DD` of each bucket's first day).
 * Years are grouped several to a bucket when the period spans more than {@link MAX_BUCKETS} of them.
 */
export function timeBuckets(period: ResolvedPeriod, unit: BucketUnit, locale = 'en'): Omit<BucketGrouping, 'field' | 'by'> {
  const starts: CivilDate[] = [period.start];
  const years = Math.max(1, Math.ceil(bucketCount(period, 'year') / MAX_BUCKETS));
  let d = period.start;
  for (;;) {
    let next: CivilDate;
    if (unit === 'day') next = addDays(d, 1);
    else if (unit === 'week') next = addDays(weekStart(d, locale), 7);
    else if (unit === 'month') next = monthStart(d.year, d.month + 1);
    else next = { year: d.year - ((d.year - period.start.year) % years) + years, month: 1, day: 1 };
    if (daysBetween(next, period.end) <= 0) break;
    starts.push(next);
    d = next;
  }
  return {
    keys: starts.map(formatCivil),
    edges: [...starts.map((s) => startOfDay(s, period.timeZone)), period.to],
  };
}

/** The time buckets of a context's trends: its grouping (or the automatic one), capped by {@link bucketUnitFor}. */
export function trendBuckets(ctx: MetricContext): Omit<BucketGrouping, 'field' | 'by'> {
  return timeBuckets(ctx.period, bucketUnitFor(ctx.period, ctx.bucketUnit), ctx.locale);
}

// ---- Reading a source -------------------------------------------------------------------------------

/** Reads every page of a record query (all records matching `filter`). */
export async function fetchAll<K extends RecordKind>(
  source: QuerySource, kind: K, filter: RecordFilter, signal?: AbortSignal, sort?: SortSpec,
): Promise<RecordOfKind[K][]> {
  const limit = source.maxPageSize ?? 100;
  const out: RecordOfKind[K][] = [];
  for (let offset = 0; ; offset += limit) {
    signal?.throwIfAborted();
    const query: RecordQuery<K> = { kind, filter, page: { offset, limit }, ...(sort ? { sort } : {}) };
    const page = await source.records(query, signal);
    out.push(...page.items);
    if (page.items.length === 0 || out.length >= page.total) break;
  }
  return out;
}

export interface ResolvedDeals {
  readonly ids: readonly string[];
  /** Deal id → pipeline, built on first call (only the local path needs it). */
  readonly pipelineOf: () => ReadonlyMap<string, string>;
}

/** Resolves a deal set (`boundTo`) into its ids, once per distinct set (per `cache`). @internal (input-filter.ts) */
export async function resolveDeals(
  source: QuerySource, spec: QuerySpec, ctx: MetricContext, signal: AbortSignal | undefined,
  cache: Map<string, Promise<ResolvedDeals>>,
): Promise<ResolvedDeals> {
  const key = specKey(spec);
  let p = cache.get(key);
  if (!p) {
    p = fetchAll(source, 'deal', specFilter(spec, ctx), signal).then((deals: Deal[]) => {
      let map: Map<string, string> | undefined;
      return {
        ids: deals.map((d) => d.id),
        pipelineOf: () => (map ??= new Map(deals.map((d) => [d.id, d.pipelineId]))),
      };
    });
    cache.set(key, p);
  }
  return p;
}

// ---- Evaluation -------------------------------------------------------------------------------------

/**
 * Answers aggregate queries through the source's batched push-down when it has one, else by reading
 * the records page by page and aggregating them here (records read once per distinct filter).
 * `pipelineOf[i]` maps deal id → pipeline for query i when it groups activities by pipeline locally.
 */
export async function runAggregates(
  source: QuerySource, queries: readonly AggregateQuery[],
  options: EvaluateOptions & { pipelineOf?: readonly (ReadonlyMap<string, string> | undefined)[] } = {},
): Promise<readonly AggregateResult[]> {
  const { signal } = options;
  if (source.aggregate && !options.local) {
    return answersOf(await source.aggregate(queries, signal), queries.length);
  }
  // With the reference semantics (./records.ts), loaded by the first local evaluation.
  return (await import('./local-aggregates.js')).aggregateLocally(source, queries, signal, options.pipelineOf);
}

interface Planned {
  readonly spec: QuerySpec;
  readonly query: AggregateQuery;
  readonly pipelineOf?: () => ReadonlyMap<string, string>;
}

const specKeys = new WeakMap<QuerySpec, string>();

/**
 * A canonical key of a record set (object keys sorted, so spreads in any order agree), computed
 * once per spec object: the metric declarations' specs and their {@link variant}s are long-lived.
 */
function specKey(spec: QuerySpec): string {
  let key = specKeys.get(spec);
  if (key === undefined) {
    key = JSON.stringify(spec, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
        : v);
    specKeys.set(spec, key);
  }
  return key;
}

const variants = new WeakMap<QuerySpec, Map<string, QuerySpec>>();

/** `spec` with one field set, the same object for the same change (so its key is computed once). */
function variant<F extends 'measure' | 'groupBy'>(spec: QuerySpec, field: F, value: QuerySpec[F]): QuerySpec {
  let made = variants.get(spec);
  if (!made) variants.set(spec, (made = new Map()));
  const id = `${field}=${String(value)}`;
  let v = made.get(id);
  if (!v) made.set(id, (v = { ...spec, [field]: value }));
  return v;
}

/** Groupings under which every record has exactly one key. */
const PARTITIONS = ['channel', 'semantic', 'currency'] as const;

function withGroup(spec: QuerySpec, g: QuerySpec['groupBy']): QuerySpec {
  return g === undefined ? spec : variant(spec, 'groupBy', g);
}

export interface EvaluateOptions {
  readonly signal?: AbortSignal;
  /** Force the local path even when the source can aggregate (tests, and sources whose aggregate is known to be slow). */
  readonly local?: boolean;
}

/** Evaluates the given metrics (default: all) in one context. */
export async function evaluateMetrics(
  source: QuerySource, ctx: MetricContext, ids: readonly MetricId[] = Object.keys(METRICS) as MetricId[],
  options: EvaluateOptions = {},
): Promise<Record<MetricId, MetricValue>> {
  const { signal } = options;
  // 1. Every distinct record set the metrics need (with the breakdown variants).
  const specs = new Map<string, QuerySpec>();
  for (const id of ids) {
    const def = METRICS[id];
    for (const spec of Object.values(def.inputs)) {
      specs.set(specKey(spec), spec);
      if (def.breakdown) specs.set(specKey(withGroup(spec, def.breakdown)), withGroup(spec, def.breakdown));
    }
  }
  // Sets answered by another query: a count by the same set's sum (sums also count), an ungrouped
  // set by the same set grouped by a partition (channel, semantic, currency: one key per record).
  // The formulas read an input's counts, amounts and records without amount as sums over its rows,
  // so a grouped answer serves as the ungrouped one as it is.
  const alias = new Map<string, string>();
  for (const [key, spec] of specs) {
    if (spec.measure === 'count' && spec.kind !== 'activity') {
      const sum = specKey(variant(spec, 'measure', 'sum'));
      if (specs.has(sum)) alias.set(key, sum);
    }
  }
  for (const key of alias.keys()) specs.delete(key);
  for (const [key, spec] of specs) {
    if (spec.groupBy !== undefined) continue;
    const grouped = PARTITIONS.map((g) => specKey(withGroup(spec, g))).find((k) => specs.has(k));
    if (grouped) alias.set(key, grouped);
  }
  for (const key of alias.keys()) specs.delete(key);
  // 2. Deal sets that activities are bound to, resolved to ids.
  const dealCache = new Map<string, Promise<ResolvedDeals>>();
  const buckets = [...specs.values()].some((s) => s.groupBy === 'bucket') ? trendBuckets(ctx) : undefined;
  const planned = new Map<string, Planned>();
  for (const [key, spec] of specs) {
    const deals = spec.boundTo ? await resolveDeals(source, spec.boundTo, ctx, signal, dealCache) : undefined;
    let groupBy: GroupBy | undefined;
    if (spec.groupBy === 'bucket') groupBy = { by: 'bucket', field: spec.bucketField ?? 'createdAt', ...buckets! };
    else groupBy = spec.groupBy;
    const query: AggregateQuery = {
      kind: spec.kind, filter: specFilter(spec, ctx, deals?.ids), measure: spec.measure, ...(groupBy ? { groupBy } : {}),
    };
    planned.set(key, { spec, query, ...(deals ? { pipelineOf: deals.pipelineOf } : {}) });
  }
  // 3. Answer them: push-down in one batch, or locally from records.
  const list = [...planned.values()];
  const local = !source.aggregate || options.local === true;
  const results = await runAggregates(source, list.map((p) => p.query), {
    ...options, ...(local ? { pipelineOf: list.map((p) => p.pipelineOf?.()) } : {}),
  });
  const byKey = new Map<string, AggregateResult>();
  list.forEach((p, i) => byKey.set(specKey(p.spec), results[i]!));
  for (const [key, from] of alias) {
    const answered = byKey.get(from) ?? byKey.get(alias.get(from) ?? '');
    if (answered) byKey.set(key, answered);
  }
  // 4. Formulas.
  const out = {} as Record<MetricId, MetricValue>;
  const shown = displayCurrency(ctx, results);
  for (const id of ids) out[id] = compute(METRICS[id], byKey, shown);
  return out;
}

const rowsOf = (r: AggregateResult | undefined): readonly AggregateRow[] => r?.rows ?? [];
const totalCount = (r: AggregateResult | undefined): number => rowsOf(r).reduce((n, row) => n + row.count, 0);

/** Amounts in a currency code we do not know are set aside (reported as missing), never summed. */
const UNKNOWN = Symbol('unknown currencies');
type Bag = MoneyBag & { [UNKNOWN]?: Set<string> };

function bagOf(rows: readonly AggregateRow[], sign = 1, into: Bag = new MoneyBag()): Bag {
  for (const row of rows) {
    for (const [c, minor] of Object.entries(row.amounts)) {
      if (isKnownCurrency(c)) into.addMinor(c, sign * minor);
      else (into[UNKNOWN] ??= new Set()).add(c);
    }
  }
  return into;
}

function convertRows(rows: readonly AggregateRow[], ctx: MetricContext, bag: Bag = bagOf(rows)): Conversion {
  const currency = ctx.currency ?? ctx.rates?.base ?? bag.currencies()[0] ?? 'EUR';
  const conversion = convertBag(bag, currency, ctx.rates);
  const unknown = bag[UNKNOWN];
  return unknown ? { ...conversion, missing: [...conversion.missing, ...[...unknown].sort()] } : conversion;
}

/** With no display currency given, one for every metric of the evaluation: the first met. */
function displayCurrency(ctx: MetricContext, results: readonly AggregateResult[]): MetricContext {
  if (ctx.currency || ctx.rates?.base) return ctx;
  const codes = results.flatMap((r) => r.rows.flatMap((row) => Object.keys(row.amounts))).filter(isKnownCurrency).sort();
  return codes[0] ? { ...ctx, currency: codes[0] } : ctx;
}

const ratio = (num: number, den: number, scale: number): number | null => (den === 0 ? null : (num / den) * scale);

function compute(def: MetricDefinition, results: ReadonlyMap<string, AggregateResult>, ctx: MetricContext): MetricValue {
  const input = (name: string, group?: QuerySpec['groupBy']): AggregateResult | undefined => {
    const spec = def.inputs[name]!;
    return results.get(specKey(withGroup(spec, group)));
  };
  const counts: Record<string, number> = {};
  for (const name of Object.keys(def.inputs)) counts[name] = totalCount(input(name));
  const base = { id: def.id as MetricId, unit: def.unit, counts };
  const f: Formula = def.formula;
  switch (f.op) {
    case 'total': {
      const rows = rowsOf(input(f.of));
      const money = convertRows(rows, ctx);
      return { ...base, value: money.total.minor, money, withoutAmount: rows.reduce((n, r) => n + r.withoutAmount, 0) };
    }
    case 'difference': {
      const a = rowsOf(input(f.a));
      const money = convertRows(a, ctx, bagOf(rowsOf(input(f.b)), -1, bagOf(a)));
      return { ...base, value: money.total.minor, money, withoutAmount: a.reduce((n, r) => n + r.withoutAmount, 0) };
    }
    case 'count':
      return { ...base, value: counts[f.of]! };
    case 'percent':
    case 'ratio': {
      const scale = f.op === 'percent' ? 100 : 1;
      const value = ratio(counts[f.num]!, counts[f.den]!, scale);
      let groups: MetricGroup[] | undefined;
      if (def.breakdown) {
        const num = new Map(rowsOf(input(f.num, def.breakdown)).map((r) => [r.key, r.count]));
        const den = new Map(rowsOf(input(f.den, def.breakdown)).map((r) => [r.key, r.count]));
        const keys = [...new Set([...den.keys(), ...num.keys()])].sort();
        groups = keys.map((key) => ({ key, count: den.get(key) ?? 0, value: ratio(num.get(key) ?? 0, den.get(key) ?? 0, scale) }));
      }
      return {
        ...base, value, ...(value === null ? { reason: { code: 'empty', input: f.den } as const } : {}),
        ...(groups ? { groups } : {}),
      };
    }
    case 'shares': {
      const rows = rowsOf(input(f.of));
      const total = counts[f.of]!;
      const groups = [...rows]
        .sort((a, b) => b.count - a.count || CHANNEL_ORDER(a.key) - CHANNEL_ORDER(b.key))
        .map((r) => ({ key: r.key, count: r.count, value: r.count, share: total === 0 ? 0 : (r.count / total) * 100 }));
      return { ...base, value: total, groups };
    }
    case 'top': {
      let basis = f.of;
      let rows = rowsOf(input(f.of));
      if (rows.length === 0 && f.fallback) {
        basis = f.fallback;
        rows = rowsOf(input(f.fallback));
      }
      const best = [...rows].sort((a, b) =>
        b.count - a.count || (b.lastCreatedAt ?? 0) - (a.lastCreatedAt ?? 0) || CHANNEL_ORDER(a.key) - CHANNEL_ORDER(b.key))[0];
      if (!best) return { ...base, value: null, reason: { code: 'no-records', input: basis }, basis };
      return {
        ...base, value: best.key, basis,
        groups: rows.map((r) => ({ key: r.key, count: r.count, value: r.count })),
      };
    }
    case 'series': {
      const rows = new Map(rowsOf(input(f.of)).map((r) => [r.key, r]));
      const keys = trendBuckets(ctx).keys;
      const groups = keys.map((key) => {
        const row = rows.get(key);
        return { key, count: row?.count ?? 0, value: row?.count ?? 0, money: convertRows(row ? [row] : [], ctx) };
      });
      return { ...base, value: counts[f.of]!, groups, money: convertRows([...rows.values()], ctx) };
    }
  }
}

const CHANNEL_ORDER = (key: string): number => {
  const i = (CHANNELS as readonly string[]).indexOf(key);
  return i < 0 ? CHANNELS.length : i;
};
