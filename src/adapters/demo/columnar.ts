/**
 * A columnar index of one client's records and an aggregate evaluator over it, for the demo adapter.
 *
 * The reference semantics stay `compileFilter` / `Aggregator` (src/core/query.ts): this engine gives
 * the exact same answers (a property test compares them) for the query shapes it handles, and says
 * so with `undefined` for the others, which the adapter then answers through the reference path.
 *
 * Strings become small integer codes (per-column dictionaries), optional instants become NaN, and a
 * record's deal bindings become indexes into the adapter's deal array (CSR offsets for activities),
 * so that a filter on 100 000 deal ids is one bitmap built once instead of a hash lookup per binding.
 */
import type { Activity, Deal, Instant, Invoice, RecordKind } from '../../core/model.js';
import type {
  AggregateQuery, AggregateResult, AggregateRow, DateField, RecordFilter,
} from '../../core/query.js';
import { assertQueryFits } from '../../core/query-fit.js';
import { bucketIndex } from '../../core/records.js';

/** String ↔ small integer code. */
export class Dict {
  readonly values: string[] = [];
  readonly #codes = new Map<string, number>();
  code(s: string): number {
    let c = this.#codes.get(s);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(s);
      this.#codes.set(s, c);
    }
    return c;
  }
  get(s: string): number | undefined {
    return this.#codes.get(s);
  }
  get size(): number {
    return this.values.length;
  }
  /** A lookup table over codes: 1 for the codes of `values` (unknown values match nothing). */
  table(values: readonly string[]): Uint8Array {
    const t = new Uint8Array(this.size + 1);
    for (const v of values) {
      const c = this.#codes.get(v);
      if (c !== undefined) t[c] = 1;
    }
    return t;
  }
}

/** Every deal of the dataset, by index: the target of deal bindings and deal id filters. */
export interface DealIndex {
  readonly count: number;
  indexOf(id: string): number | undefined;
  /** Pipeline code (in `pipelines`) of each deal. */
  readonly pipeline: Int32Array;
  readonly pipelines: Dict;
}

/** The index of `deals` (a repeated id means its last deal). */
export function dealIndexOf(deals: readonly Deal[]): DealIndex {
  const index = new Map<string, number>();
  const pipelines = new Dict();
  const pipeline = new Int32Array(deals.length);
  deals.forEach((d, i) => {
    index.set(d.id, i);
    pipeline[i] = pipelines.code(d.pipelineId);
  });
  return { count: deals.length, indexOf: (id) => index.get(id), pipeline, pipelines };
}

export interface ActivityColumns {
  readonly kind: 'activity';
  readonly n: number;
  readonly createdAt: Float64Array;
  readonly channel: Uint8Array;
  readonly channels: Dict;
  readonly direction: Uint8Array;
  readonly directions: Dict;
  readonly completed: Uint8Array;
  /** Bound deals of record r: `deals[dealOff[r] .. dealOff[r + 1])` (indexes in the deal index). */
  readonly dealOff: Int32Array;
  readonly deals: Int32Array;
}

interface MoneyColumns {
  readonly n: number;
  readonly createdAt: Float64Array;
  readonly semantic: Uint8Array;
  readonly semantics: Dict;
  readonly stage: Int32Array;
  readonly stages: Dict;
  /** Amount in minor units (0 without amount). */
  readonly minor: Float64Array;
  /** Currency code of the amount, -1 without amount. */
  readonly currency: Int32Array;
  readonly currencies: Dict;
  /** Deal index of the record itself (deals) or of its linked deal (invoices; -1 when none). */
  readonly deal: Int32Array;
}

export interface DealColumns extends MoneyColumns {
  readonly kind: 'deal';
  /** NaN when not closed. */
  readonly closedAt: Float64Array;
  /** Pipeline code in the deal index's `pipelines`. */
  readonly pipeline: Int32Array;
}

export interface InvoiceColumns extends MoneyColumns {
  readonly kind: 'invoice';
  /** NaN when absent. */
  readonly dueAt: Float64Array;
  readonly paidAt: Float64Array;
}

export type Columns = ActivityColumns | DealColumns | InvoiceColumns;

/**
 * Builds the columns of records of one kind (in their given order), or `undefined` when a record
 * has something the engine does not model exactly (a binding to an unknown deal, a non-integer amount).
 */
export function buildColumns(kind: RecordKind, records: readonly unknown[], index: DealIndex): Columns | undefined {
  const n = records.length;
  if (kind === 'activity') {
    const rs = records as readonly Activity[];
    const createdAt = new Float64Array(n);
    const channel = new Uint8Array(n);
    const direction = new Uint8Array(n);
    const completed = new Uint8Array(n);
    const dealOff = new Int32Array(n + 1);
    const channels = new Dict();
    const directions = new Dict();
    let total = 0;
    for (let r = 0; r < n; r++) total += rs[r]!.dealIds.length;
    const deals = new Int32Array(total);
    let k = 0;
    for (let r = 0; r < n; r++) {
      const a = rs[r]!;
      createdAt[r] = a.createdAt;
      const ch = channels.code(a.channel);
      const dir = directions.code(a.direction);
      if (ch > 255 || dir > 255) return undefined;
      channel[r] = ch;
      direction[r] = dir;
      completed[r] = a.completed ? 1 : 0;
      dealOff[r] = k;
      for (const id of a.dealIds) {
        const d = index.indexOf(id);
        if (d === undefined) return undefined;
        deals[k++] = d;
      }
    }
    dealOff[n] = k;
    return { kind, n, createdAt, channel, channels, direction, directions, completed, dealOff, deals };
  }
  const rs = records as readonly (Deal | Invoice)[];
  const createdAt = new Float64Array(n);
  const semantic = new Uint8Array(n);
  const stage = new Int32Array(n);
  const minor = new Float64Array(n);
  const currency = new Int32Array(n);
  const deal = new Int32Array(n);
  const semantics = new Dict();
  const stages = new Dict();
  const currencies = new Dict();
  for (let r = 0; r < n; r++) {
    const x = rs[r]!;
    createdAt[r] = x.createdAt;
    const s = semantics.code(x.semantic);
    if (s > 255) return undefined;
    semantic[r] = s;
    stage[r] = stages.code(x.stageId);
    if (x.amount === null) currency[r] = -1;
    else {
      if (!Number.isSafeInteger(x.amount.minor)) return undefined;
      minor[r] = x.amount.minor + 0; // -0 → 0, as the reference's `(… ?? 0) + minor`
      currency[r] = currencies.code(x.amount.currency);
    }
  }
  if (kind === 'deal') {
    const ds = rs as readonly Deal[];
    const closedAt = new Float64Array(n);
    const pipeline = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const d = ds[r]!;
      closedAt[r] = d.closedAt ?? NaN;
      const i = index.indexOf(d.id);
      if (i === undefined) return undefined;
      deal[r] = i;
      pipeline[r] = index.pipelines.code(d.pipelineId); // its own (ids could repeat in hand-made data)
    }
    return { kind, n, createdAt, semantic, semantics, stage, stages, minor, currency, currencies, deal, closedAt, pipeline };
  }
  const is = rs as readonly Invoice[];
  const dueAt = new Float64Array(n);
  const paidAt = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const v = is[r]!;
    dueAt[r] = v.dueAt ?? NaN;
    paidAt[r] = v.paidAt ?? NaN;
    if (v.dealId === undefined) deal[r] = -1;
    else {
      const i = index.indexOf(v.dealId);
      if (i === undefined) return undefined;
      deal[r] = i;
    }
  }
  return { kind: 'invoice', n, createdAt, semantic, semantics, stage, stages, minor, currency, currencies, deal, dueAt, paidAt };
}

/** First index whose value is ≥ t (values sorted ascending). */
export function lowerBoundOf(values: Float64Array, t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const nonEmpty = <T>(xs: readonly T[] | undefined): xs is readonly T[] => xs !== undefined && xs.length > 0;

/** The column of a date field: columns are named as the fields (a field the kind has not is for assertQueryFits to reject). */
const dateColumn = (c: Columns, f: DateField): Float64Array => (c as Partial<Record<DateField, Float64Array>>)[f]!;

/** The rows `[lo, hi)` a filter can match and, unless every one of them matches, a mask over them. */
export interface Selection {
  readonly lo: number;
  readonly hi: number;
  /** `mask[r - lo]` is 1 when row r matches; absent: all of `[lo, hi)` match. */
  readonly mask?: Uint8Array;
}

/**
 * Byte buffers reused from batch to batch: masks and bitmaps are written in place of fresh
 * allocations (fresh megabytes cost page faults and GC work on every evaluation).
 */
export class ScratchPool {
  readonly #free: Uint8Array[] = [];
  readonly #used: Uint8Array[] = [];
  /** A buffer of `len` bytes with unspecified content, valid until `release()`. */
  take(len: number): Uint8Array {
    let at = -1;
    for (let i = 0; i < this.#free.length; i++) {
      if (this.#free[i]!.length >= len && (at < 0 || this.#free[i]!.length < this.#free[at]!.length)) at = i;
    }
    const buf = at >= 0 ? this.#free.splice(at, 1)[0]! : new Uint8Array(len);
    this.#used.push(buf);
    return buf.length === len ? buf : buf.subarray(0, len);
  }
  release(): void {
    this.#free.push(...this.#used.splice(0));
  }
}

/** Shared state of one batch: deal id filters become bitmaps once per distinct id array. */
export class BatchContext {
  readonly #bitmaps = new Map<readonly string[], Uint8Array>();
  constructor(readonly index: DealIndex, readonly scratch: ScratchPool = new ScratchPool()) {}
  dealBitmap(ids: readonly string[]): Uint8Array {
    let b = this.#bitmaps.get(ids);
    if (!b) {
      b = this.scratch.take(this.index.count).fill(0);
      for (let i = 0; i < ids.length; i++) {
        const d = this.index.indexOf(ids[i]!);
        if (d !== undefined) b[d] = 1;
      }
      this.#bitmaps.set(ids, b);
    }
    return b;
  }
}

// Mask passes: plain functions over typed arrays (no captured variables), so that each stays a tight loop.

function andTest(m: Uint8Array, lo: number, test: (r: number) => boolean): void {
  for (let i = 0; i < m.length; i++) if (m[i] && !test(lo + i)) m[i] = 0;
}

function andTable(m: Uint8Array, fresh: boolean, codes: Uint8Array | Int32Array, lo: number, table: Uint8Array): void {
  const len = m.length;
  if (fresh) for (let i = 0; i < len; i++) m[i] = table[codes[lo + i]!]!;
  else for (let i = 0; i < len; i++) m[i]! &= table[codes[lo + i]!]!;
}

/** Either date column in [from, to) (NaN, an absent date, fails every comparison, as undefined does). */
function andDates(m: Uint8Array, a: Float64Array, b: Float64Array, lo: number, from: number, to: number): void {
  const len = m.length;
  for (let i = 0; i < len; i++) {
    const x = a[lo + i]!;
    const y = b[lo + i]!;
    if (!((x >= from && x < to) || (y >= from && y < to))) m[i] = 0;
  }
}

function andAnyBound(m: Uint8Array, dealOff: Int32Array, deals: Int32Array, lo: number, bitmap: Uint8Array): void {
  const len = m.length;
  for (let i = 0; i < len; i++) {
    if (!m[i]) continue;
    let hit = 0;
    for (let k = dealOff[lo + i]!, e = dealOff[lo + i + 1]!; k < e; k++) {
      if (bitmap[deals[k]!]) {
        hit = 1;
        break;
      }
    }
    m[i] = hit;
  }
}

/** Evaluates a filter (its client part excepted) over the columns. Records must be sorted by createdAt. */
export function select(c: Columns, filter: RecordFilter, ctx: BatchContext): Selection {
  let lo = 0;
  let hi = c.n;
  const dates = filter.dates ?? [];
  // The first condition on createdAt alone is a binary search; every other one a mask pass.
  const windowAt = dates.findIndex((d) => d.fields.length === 1 && d.fields[0] === 'createdAt');
  if (windowAt >= 0) {
    const w = dates[windowAt]!;
    if (w.from !== undefined) lo = lowerBoundOf(c.createdAt, w.from);
    if (w.to !== undefined) hi = Math.max(lo, lowerBoundOf(c.createdAt, w.to));
    // NaN bounds: the reference compares with NaN, which never holds.
    if (Number.isNaN(w.from) || Number.isNaN(w.to)) hi = lo;
  }
  const len = hi - lo;
  let mask: Uint8Array | undefined;
  /** The mask, created all ones on first need. */
  const m = (): Uint8Array => (mask ??= ctx.scratch.take(len).fill(1));
  const table = (codes: Uint8Array | Int32Array, t: Uint8Array): void => {
    const fresh = mask === undefined;
    andTable(fresh ? (mask = ctx.scratch.take(len)) : mask!, fresh, codes, lo, t);
  };
  dates.forEach((cond, i) => {
    if (i === windowAt) return;
    const from = cond.from ?? -Infinity;
    const to = cond.to ?? Infinity;
    const cols = cond.fields.map((f) => dateColumn(c, f));
    if (cols.length === 0) m().fill(0);
    else if (cols.length <= 2) andDates(m(), cols[0]!, cols[1] ?? cols[0]!, lo, from, to);
    else andTest(m(), lo, (r) => cols.some((col) => col[r]! >= from && col[r]! < to));
  });
  if (c.kind === 'activity') {
    if (nonEmpty(filter.channels)) table(c.channel, c.channels.table(filter.channels));
    if (nonEmpty(filter.directions)) table(c.direction, c.directions.table(filter.directions));
    if (filter.completed !== undefined) {
      const want = filter.completed ? 1 : 0;
      const completed = c.completed;
      andTest(m(), lo, (r) => completed[r] === want);
    }
    if (nonEmpty(filter.dealIds)) andAnyBound(m(), c.dealOff, c.deals, lo, ctx.dealBitmap(filter.dealIds));
    if (nonEmpty(filter.pipelines)) {
      const t = ctx.index.pipelines.table(filter.pipelines);
      const bitmap = ctx.scratch.take(ctx.index.count);
      for (let d = 0; d < bitmap.length; d++) bitmap[d] = t[ctx.index.pipeline[d]!]!;
      andAnyBound(m(), c.dealOff, c.deals, lo, bitmap);
    }
  } else {
    if (nonEmpty(filter.semantics)) table(c.semantic, c.semantics.table(filter.semantics));
    if (nonEmpty(filter.stages)) table(c.stage, c.stages.table(filter.stages));
    if (nonEmpty(filter.dealIds)) {
      const bitmap = ctx.dealBitmap(filter.dealIds);
      const deal = c.deal;
      andTest(m(), lo, (r) => deal[r]! >= 0 && bitmap[deal[r]!] === 1);
    }
    if (c.kind === 'deal' && nonEmpty(filter.pipelines)) table(c.pipeline, ctx.index.pipelines.table(filter.pipelines));
    if (c.kind === 'invoice' && filter.paidLate !== undefined) {
      const late = filter.paidLate;
      const { paidAt, dueAt } = c;
      // NaN (absent) fails both comparisons, as undefined does in the reference.
      andTest(m(), lo, (r) => (late ? paidAt[r]! > dueAt[r]! : paidAt[r]! <= dueAt[r]!));
    }
  }
  return mask ? { lo, hi, mask } : { lo, hi };
}

/** Counts per code (and the latest createdAt per code) over the selection: the hot grouped count. */
function countByCode(codes: Uint8Array | Int32Array, createdAt: Float64Array, lo: number, hi: number,
  mask: Uint8Array | undefined, count: Float64Array, last: Float64Array): void {
  if (mask) {
    for (let r = lo; r < hi; r++) {
      if (!mask[r - lo]) continue;
      const g = codes[r]!;
      count[g]!++;
      const t = createdAt[r]!;
      if (t > last[g]!) last[g] = t;
    }
  } else {
    for (let r = lo; r < hi; r++) {
      const g = codes[r]!;
      count[g]!++;
      const t = createdAt[r]!;
      if (t > last[g]!) last[g] = t;
    }
  }
}

/** Accumulators of `groups` rows. */
class Acc {
  readonly count: Float64Array;
  readonly last: Float64Array;
  readonly without: Float64Array;
  /** `sums[g * nc + c]`, with `seen` marking the currencies a group met. */
  readonly sums: Float64Array;
  readonly seen: Uint8Array;
  constructor(readonly groups: number, readonly nc: number, readonly currencies: readonly string[]) {
    this.count = new Float64Array(groups);
    this.last = new Float64Array(groups).fill(-Infinity);
    this.without = new Float64Array(groups);
    this.sums = new Float64Array(groups * nc);
    this.seen = new Uint8Array(groups * nc);
  }
  row(g: number, key: string): AggregateRow {
    const amounts: Record<string, number> = {};
    const cs: [string, number][] = [];
    for (let c = 0; c < this.nc; c++) if (this.seen[g * this.nc + c]) cs.push([this.currencies[c]!, this.sums[g * this.nc + c]!]);
    cs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [c, m] of cs) amounts[c] = m;
    const count = this.count[g]!;
    return { key, count, amounts, withoutAmount: this.without[g]!, lastCreatedAt: count === 0 ? null : this.last[g]! };
  }
}

/** The rows of the groups that counted something, in the order of `keys` or (`order` 'sort') sorted by key. */
function rowsOf(acc: Acc, keys: readonly string[], order: 'keys' | 'sort'): AggregateResult {
  const rows: AggregateRow[] = [];
  for (let i = 0; i < keys.length; i++) if (acc.count[i]! > 0) rows.push(acc.row(i, keys[i]!));
  if (order === 'sort') rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { rows };
}

const overflow = (currency: string): RangeError => new RangeError(`The ${currency} total exceeds the exact integer range.`);

/**
 * Adds rows of the selection to the group `groupOf(r)` (skipped when < 0); `codes` (the group of
 * row r is `codes[r]`) takes the fast path when nothing is summed.
 */
function accumulate(c: Columns, sel: Selection, acc: Acc, sum: boolean, groupOf: ((r: number) => number) | undefined,
  codes?: Uint8Array | Int32Array): void {
  const { lo, hi, mask } = sel;
  if (!sum && codes) return countByCode(codes, c.createdAt, lo, hi, mask, acc.count, acc.last);
  const { count, last, without, sums, seen, nc } = acc;
  const createdAt = c.createdAt;
  if (!sum && groupOf === undefined) {
    // Counting one group: the hot case of activities.
    let n = 0;
    let latest = -Infinity;
    if (!mask) {
      n = hi - lo;
      if (n > 0) latest = createdAt[hi - 1]!; // rows are sorted by createdAt
    } else {
      for (let r = lo; r < hi; r++) {
        if (!mask[r - lo]) continue;
        n++;
        if (createdAt[r]! > latest) latest = createdAt[r]!;
      }
    }
    count[0]! += n;
    if (latest > last[0]!) last[0] = latest;
    return;
  }
  const money = c.kind === 'activity' ? undefined : c;
  for (let r = lo; r < hi; r++) {
    if (mask && !mask[r - lo]) continue;
    const g = groupOf ? groupOf(r) : 0;
    if (g < 0) continue;
    count[g]!++;
    const t = createdAt[r]!;
    if (t > last[g]!) last[g] = t;
    if (sum && money) {
      const cur = money.currency[r]!;
      if (cur < 0) without[g]!++;
      else {
        const at = g * nc + cur;
        const next = sums[at]! + money.minor[r]!;
        if (!Number.isSafeInteger(next)) throw overflow(acc.currencies[cur]!);
        sums[at] = next;
        seen[at] = 1;
      }
    }
  }
}

/**
 * The answer to one aggregate query over the selection of its filter, or `undefined` for a shape
 * this engine leaves to the reference path.
 */
export function aggregateColumns(c: Columns, query: AggregateQuery, sel: Selection, ctx: BatchContext): AggregateResult | undefined {
  assertQueryFits(query);
  const sum = query.measure === 'sum' && c.kind !== 'activity';
  const currencies = c.kind === 'activity' ? [] : c.currencies.values;
  const g = query.groupBy;
  if (g === undefined) {
    const acc = new Acc(1, currencies.length, currencies);
    accumulate(c, sel, acc, sum, undefined);
    return { rows: [acc.row(0, '')] };
  }
  if (typeof g === 'object') {
    if (new Set(g.keys).size !== g.keys.length) return undefined; // duplicate keys merge rows: the reference knows how
    const col = dateColumn(c, g.field);
    const edges = g.edges;
    const acc = new Acc(g.keys.length, currencies.length, currencies);
    // NaN (absent) dates: bucketIndex(NaN) is -1 (every comparison with NaN fails).
    accumulate(c, sel, acc, sum, (r) => {
      const t = col[r]!;
      return t !== t ? -1 : bucketIndex(edges, t as Instant);
    });
    return rowsOf(acc, g.keys, 'keys');
  }
  switch (g) {
    case 'channel': {
      if (c.kind !== 'activity') return undefined;
      const acc = new Acc(c.channels.size, 0, []);
      const channel = c.channel;
      accumulate(c, sel, acc, false, (r) => channel[r]!, channel);
      return rowsOf(acc, c.channels.values, 'sort');
    }
    case 'semantic': {
      if (c.kind === 'activity') return undefined;
      const acc = new Acc(c.semantics.size, currencies.length, currencies);
      const semantic = c.semantic;
      accumulate(c, sel, acc, sum, (r) => semantic[r]!, semantic);
      return rowsOf(acc, c.semantics.values, 'sort');
    }
    case 'currency': {
      if (c.kind === 'activity') return undefined;
      const acc = new Acc(currencies.length + 1, currencies.length, currencies);
      const currency = c.currency;
      accumulate(c, sel, acc, sum, (r) => currency[r]! + 1);
      return rowsOf(acc, ['', ...currencies], 'sort');
    }
    case 'pipeline': {
      const pipelines = ctx.index.pipelines.values;
      if (c.kind === 'deal') {
        const acc = new Acc(pipelines.length, currencies.length, currencies);
        const pipeline = c.pipeline;
        accumulate(c, sel, acc, sum, (r) => pipeline[r]!, pipeline);
        return rowsOf(acc, pipelines, 'sort');
      }
      if (c.kind !== 'activity' || ctx.index.pipelines.get('') !== undefined) return undefined; // '' means "none"
      return pipelineOfActivities(c, query.filter, sel, ctx);
    }
  }
}

/** An activity counts once in each distinct pipeline of its bound (and matching) deals; '' when none. */
function pipelineOfActivities(c: ActivityColumns, filter: RecordFilter, sel: Selection, ctx: BatchContext): AggregateResult {
  const np = ctx.index.pipelines.size;
  const acc = new Acc(np + 1, 0, []); // group np: ''
  const { count, last } = acc;
  const stamp = new Int32Array(np).fill(-1); // the last row counted in each pipeline (distinct pipelines per row)
  const dealOk = nonEmpty(filter.dealIds) ? ctx.dealBitmap(filter.dealIds) : undefined;
  const pipeOk = nonEmpty(filter.pipelines) ? ctx.index.pipelines.table(filter.pipelines) : undefined;
  const pipelineOf = ctx.index.pipeline;
  const { lo, hi, mask } = sel;
  const { dealOff, deals, createdAt } = c;
  for (let r = lo; r < hi; r++) {
    if (mask && !mask[r - lo]) continue;
    const t = createdAt[r]!;
    let any = false;
    for (let k = dealOff[r]!, e = dealOff[r + 1]!; k < e; k++) {
      const d = deals[k]!;
      if (dealOk && !dealOk[d]) continue;
      const p = pipelineOf[d]!;
      if (stamp[p] === r) continue;
      if (pipeOk && !pipeOk[p]) continue;
      stamp[p] = r;
      any = true;
      count[p]!++;
      if (t > last[p]!) last[p] = t;
    }
    if (!any) {
      count[np]!++;
      if (t > last[np]!) last[np] = t;
    }
  }
  return rowsOf(acc, [...ctx.index.pipelines.values, ''], 'sort');
}
