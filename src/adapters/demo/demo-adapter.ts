/**
 * The embedded demo source: an in-memory adapter over the seeded generator's data. It answers
 * record queries and pushes aggregates down: one fused pass over the client's records per kind
 * answers every aggregate query of a batch. A client with many records of a kind is answered from
 * columns (columnar.ts, a chunk loaded on that need: the demo data's clients have a few hundred).
 */
import type { Client, ClientRef, ClientType, RecordKind, RecordOfKind, ReferenceData } from '../../core/model.js';
import {
  queryKey, type AggregateQuery, type AggregateResult, type RecordFilter, type RecordPage, type RecordQuery,
} from '../../core/query.js';
import { assertQueryFits } from '../../core/query-fit.js';
import { Aggregator, compareRecords, compileFilter } from '../../core/records.js';
import type {
  ActivityColumns, Columns, DealColumns, DealIndex, InvoiceColumns, ScratchPool, Selection,
} from './columnar.js';
import { ANSWERS_CHECKED, type CrmAdapter, type PeerAverages } from '../adapter.js';
import { evaluateMetrics } from '../../core/evaluate.js';
import type { ResolvedPeriod } from '../../core/period.js';
import { AdapterError, cancelled, throwIfAborted } from '../errors.js';
import { generateDemoData, isGenerated, type DemoDataset, type DemoOptions } from './generate.js';
import { DEMO_LABEL } from './now.js';

export interface DemoAdapterOptions {
  /** Simulated latency of every call, in ms (0 by default). */
  readonly delayMs?: number;
  /** Largest page a record query may ask for (default 1000). */
  readonly maxPageSize?: number;
  /**
   * Keep layouts in this adapter (in memory, lost on reload) through `loadLayout` / `saveLayout`.
   * Off by default, so that profiles on demo data persist their layout in localStorage.
   */
  readonly layouts?: boolean;
  /**
   * A client's aggregates of a kind are answered from columns (columnar.ts, loaded on first need)
   * when it has at least this many records of that kind (default 5000; 0: always). The answers are
   * the same either way (test/adapters/demo-columnar.test.ts); only the speed differs.
   */
  readonly columnarFrom?: number;
}

type Columnar = typeof import('./columnar.js');
let engine: Promise<Columnar | undefined> | undefined;
/** The columnar engine; `undefined` when its chunk could not load (the reference path answers, and the next batch tries again). */
const columnar = (): Promise<Columnar | undefined> => (engine ??= import('./columnar.js').catch(() => (engine = undefined)));

export interface ClientRecords {
  readonly deal: RecordOfKind['deal'][];
  readonly invoice: RecordOfKind['invoice'][];
  readonly activity: RecordOfKind['activity'][];
}

const keyOf = (ref: ClientRef): string => `${ref.type}:${ref.id}`;
/** The client keys of contact and company ids, contacts first. */
const keysOf = (contactIds: readonly string[], companyIds: readonly string[]): string[] =>
  [...contactIds.map((id) => `contact:${id}`), ...companyIds.map((id) => `company:${id}`)];
/** `[id]`, or none for an absent id. */
const listOf = (id: string | undefined): string[] => (id === undefined ? [] : [id]);

/** A client's records as columns (see columnar.ts); a kind is `undefined` when the engine cannot model it exactly. */
export interface ClientColumns {
  readonly deal: DealColumns | undefined;
  readonly invoice: InvoiceColumns | undefined;
  readonly activity: ActivityColumns | undefined;
  /** Every deal of the dataset: the target of deal indexes in the columns. */
  readonly deals: DealIndex;
}

export class DemoAdapter implements CrmAdapter {
  readonly label = DEMO_LABEL;
  readonly maxPageSize: number;
  readonly data: DemoDataset;
  /** Generated data is well-formed by construction; a dataset given by the host is checked like any host adapter's answers. */
  get [ANSWERS_CHECKED](): boolean {
    return isGenerated(this.data);
  }
  /** The demo data is generated as of a fixed instant: periods resolve against it. */
  get now(): number {
    return this.data.now;
  }
  readonly #delayMs: number;
  readonly #clients = new Map<string, Client>();
  readonly #records = new Map<string, ClientRecords>();
  readonly #pipelineOf = new Map<string, string>();
  readonly #columnarFrom: number;
  /** The columnar engine's deal index, columns per client key and kind, and buffers, made on first use. */
  #deals: DealIndex | undefined;
  readonly #columns = new Map<string, Columns | undefined>();
  #scratch: ScratchPool | undefined;
  readonly #layouts = new Map<string, unknown>();
  /** The last filtered and sorted list per client and kind, so that paging through it is linear. */
  #lastList: { key: string; items: readonly RecordOfKind[RecordKind][] } | undefined;

  constructor(data: DemoDataset | DemoOptions = {}, options: DemoAdapterOptions = {}) {
    this.data = 'clients' in data ? data : generateDemoData(data);
    this.#delayMs = options.delayMs ?? 0;
    this.maxPageSize = options.maxPageSize ?? 1000;
    this.#columnarFrom = options.columnarFrom ?? 5000;
    if (options.layouts) {
      this.loadLayout = (key, signal) => this.#loadLayout(key, signal);
      this.saveLayout = (key, layout, signal) => this.#saveLayout(key, layout, signal);
    }
    this.#index();
  }

  #bucket(key: string): ClientRecords {
    let b = this.#records.get(key);
    if (!b) this.#records.set(key, (b = { deal: [], invoice: [], activity: [] }));
    return b;
  }

  #index(): void {
    const { clients, deals, invoices, activities } = this.data;
    for (const c of clients) this.#clients.set(keyOf(c), c);
    const dealClients = new Map<string, string[]>();
    for (const d of deals) {
      // A repeated id means its last deal, here as in the columnar deal index.
      this.#pipelineOf.set(d.id, d.pipelineId);
      const keys = keysOf(d.contactIds, listOf(d.companyId));
      dealClients.set(d.id, keys);
      for (const k of keys) this.#bucket(k).deal.push(d);
    }
    const through = (direct: string[], dealIds: readonly string[]): Set<string> => {
      const set = new Set(direct);
      for (const id of dealIds) for (const k of dealClients.get(id) ?? []) set.add(k);
      return set;
    };
    for (const inv of invoices) {
      for (const k of through(keysOf(listOf(inv.contactId), listOf(inv.companyId)), listOf(inv.dealId))) this.#bucket(k).invoice.push(inv);
    }
    for (const a of activities) {
      const direct = keysOf(a.contactIds, a.companyIds);
      const keys = a.dealIds.length === 0 ? direct : through(direct, a.dealIds);
      for (const k of keys) this.#bucket(k).activity.push(a);
    }
    // Each client's records in creation order: a batch whose queries all bound `createdAt` reads
    // only that slice (binary search), and "source order" is stable.
    const byCreated = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) =>
      a.createdAt - b.createdAt || Number(a.id) - Number(b.id);
    for (const b of this.#records.values()) {
      b.deal.sort(byCreated);
      b.invoice.sort(byCreated);
      b.activity.sort(byCreated);
    }
  }

  async #wait(signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    if (this.#delayMs > 0) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(t);
          reject(cancelled(signal?.reason));
        };
        const t = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, this.#delayMs);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
  }

  /** The client's own records (direct bindings and through its deals), as the adapter indexes them. */
  recordsOf(ref: ClientRef): Readonly<ClientRecords> {
    return this.#clientRecords(ref);
  }

  /**
   * The client's records as read-only columns (what the batched aggregate reads for many records),
   * built on first use. Row i of a kind is record i of `recordsOf(ref)[kind]`.
   */
  async columnsOf(ref: ClientRef): Promise<ClientColumns> {
    const records = this.#clientRecords(ref);
    const c = await columnar();
    if (!c) throw new Error('The columnar engine could not be loaded.');
    return {
      deal: this.#columnsOf(c, keyOf(ref), 'deal', records) as DealColumns | undefined,
      invoice: this.#columnsOf(c, keyOf(ref), 'invoice', records) as InvoiceColumns | undefined,
      activity: this.#columnsOf(c, keyOf(ref), 'activity', records) as ActivityColumns | undefined,
      deals: (this.#deals ??= c.dealIndexOf(this.data.deals)),
    };
  }

  #columnsOf(c: Columnar, client: string, kind: RecordKind, records: ClientRecords): Columns | undefined {
    const key = `${client}|${kind}`;
    if (!this.#columns.has(key)) this.#columns.set(key, c.buildColumns(kind, records[kind], (this.#deals ??= c.dealIndexOf(this.data.deals))));
    return this.#columns.get(key);
  }

  #clientRecords(ref: ClientRef): ClientRecords {
    if (!this.#clients.has(keyOf(ref))) {
      throw new AdapterError('not-found', `There is no ${ref.type} with id "${ref.id}" in the demo data.`);
    }
    return this.#records.get(keyOf(ref)) ?? { deal: [], invoice: [], activity: [] };
  }

  async getClient(ref: ClientRef, signal?: AbortSignal): Promise<Client> {
    await this.#wait(signal);
    const c = this.#clients.get(keyOf(ref));
    if (!c) throw new AdapterError('not-found', `There is no ${ref.type} with id "${ref.id}" in the demo data.`);
    return c;
  }

  async records<K extends RecordKind>(query: RecordQuery<K>, signal?: AbortSignal): Promise<RecordPage<K>> {
    await this.#wait(signal);
    const { offset, limit } = query.page;
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > this.maxPageSize) {
      throw new RangeError(`Page {offset: ${offset}, limit: ${limit}} is out of range (limit 1–${this.maxPageSize}).`);
    }
    const key = queryKey({ ...query, page: { offset: 0, limit: 0 } });
    let items = this.#lastList?.key === key ? this.#lastList.items : undefined;
    if (!items) {
      const all = this.#clientRecords(query.filter.client)[query.kind] as RecordOfKind[K][];
      const pred = compileFilter(query.kind, query.filter, this.#pipelineOf);
      const matching = all.filter(pred);
      if (query.sort) matching.sort(compareRecords(query.sort));
      this.#lastList = { key, items: (items = matching) };
    }
    return { items: items.slice(offset, offset + limit) as RecordOfKind[K][], total: items.length };
  }

  async aggregate(queries: readonly AggregateQuery[], signal?: AbortSignal): Promise<AggregateResult[]> {
    await this.#wait(signal);
    const results: AggregateResult[] = new Array(queries.length);
    // Group the batch by client and kind; one pass over those records answers each group.
    const groups = new Map<string, number[]>();
    let many = false;
    queries.forEach((q, i) => {
      const k = `${keyOf(q.filter.client)}|${q.kind}`;
      const g = groups.get(k);
      if (g) g.push(i);
      else groups.set(k, [i]);
      many ||= (this.#records.get(keyOf(q.filter.client))?.[q.kind].length ?? 0) >= this.#columnarFrom;
    });
    // Loaded before any work of the batch: nothing else runs in the middle of it.
    const c = many ? await columnar() : undefined;
    // Deal id lists are keyed by identity: the same list in several queries (and its bitmap) is
    // recognised without serialising its (possibly 100 000) ids.
    const listIds = new Map<readonly string[], number>();
    const filterKey = (f: RecordFilter): string => {
      if (!f.dealIds) return queryKey(f);
      let id = listIds.get(f.dealIds);
      if (id === undefined) listIds.set(f.dealIds, (id = listIds.size));
      return queryKey({ ...f, dealIds: [`#list${id}`] });
    };
    const scratch = c && (this.#scratch ??= new c.ScratchPool());
    const batch = c && new c.BatchContext((this.#deals ??= c.dealIndexOf(this.data.deals)), scratch);
    try {
      for (const indexes of groups.values()) {
        const first = queries[indexes[0]!]!;
        const all = this.#clientRecords(first.filter.client);
        const columns = c && all[first.kind].length >= this.#columnarFrom ? this.#columnsOf(c, keyOf(first.filter.client), first.kind, all) : undefined;
        let rest = indexes;
        if (c && columns) {
          rest = [];
          const selections = new Map<string, Selection>();
          for (const i of indexes) {
            const q = queries[i]!;
            const key = filterKey(q.filter);
            let sel = selections.get(key);
            if (!sel) {
              assertQueryFits(q); // before reading: a misplaced field throws, as in the reference
              selections.set(key, (sel = c.select(columns, q.filter, batch!)));
            }
            const r = c.aggregateColumns(columns, q, sel, batch!);
            if (r) results[i] = r;
            else rest.push(i);
          }
        }
        if (rest.length > 0) this.#aggregateReference(all[first.kind] as RecordOfKind[RecordKind][], queries, rest, filterKey, results);
      }
    } finally {
      scratch?.release();
    }
    return results;
  }

  /** The reference path: one fused pass of compiled predicates and `Aggregator`s over the records. */
  #aggregateReference(
    records: readonly RecordOfKind[RecordKind][], queries: readonly AggregateQuery[], indexes: readonly number[],
    filterKey: (f: RecordFilter) => string, results: AggregateResult[],
  ): void {
    // Queries of the batch with the same filter share one predicate call per record.
    const byFilter = new Map<string, { pred: (r: RecordOfKind[RecordKind]) => boolean; aggs: Aggregator[] }>();
    const aggs = indexes.map((i) => {
      const q = queries[i]!;
      const key = filterKey(q.filter);
      let entry = byFilter.get(key);
      if (!entry) byFilter.set(key, (entry = { pred: compileFilter(q.kind, q.filter, this.#pipelineOf), aggs: [] }));
      const agg = new Aggregator(q, this.#pipelineOf);
      entry.aggs.push(agg);
      return agg;
    });
    const [lo, hi] = createdWindow(records, indexes.map((i) => queries[i]!));
    const entries = [...byFilter.values()];
    const preds = entries.map((e) => e.pred);
    const sinks = entries.map((e) => e.aggs);
    const n = entries.length;
    for (let r = lo; r < hi; r++) {
      const rec = records[r]!;
      for (let j = 0; j < n; j++) {
        if (!preds[j]!(rec)) continue;
        const aggs = sinks[j]!;
        for (let k = 0; k < aggs.length; k++) aggs[k]!.add(rec);
      }
    }
    indexes.forEach((qi, j) => (results[qi] = aggs[j]!.result()));
  }

  async referenceData(signal?: AbortSignal): Promise<ReferenceData> {
    await this.#wait(signal);
    return this.data.reference;
  }

  readonly #peers = new Map<string, Promise<PeerAverages>>();

  /** Averages over every demo client of a type for a period (computed once per type and period). */
  async peerAverages(type: ClientType, period: ResolvedPeriod, signal?: AbortSignal): Promise<PeerAverages> {
    await this.#wait(signal);
    const key = `${type}|${period.from}|${period.to}`;
    let p = this.#peers.get(key);
    if (!p) {
      p = (async () => {
        const clients = this.data.clients.filter((c) => c.type === type);
        const loads: number[] = [];
        let won = 0;
        const { rates, baseCurrency } = this.data.reference;
        // Every client at once (a delayed demo source waits once, not once per client).
        const all = await Promise.all(clients.map((c) => evaluateMetrics(this, {
          client: c, period, now: this.now, currency: baseCurrency, ...(rates ? { rates } : {}),
        }, ['communication-load', 'won-value'])));
        for (const v of all) {
          if (typeof v['communication-load'].value === 'number') loads.push(v['communication-load'].value);
          won += v['won-value'].money?.total.minor ?? 0;
        }
        return {
          clientType: type, clients: clients.length, currency: baseCurrency,
          communicationLoad: loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : null,
          wonValueMinor: clients.length ? Math.round(won / clients.length) : null,
        };
      })();
      this.#peers.set(key, p);
    }
    return p;
  }

  /** Present only with the `layouts` option. */
  readonly loadLayout?: (key: string, signal?: AbortSignal) => Promise<unknown>;
  /** Present only with the `layouts` option. */
  readonly saveLayout?: (key: string, layout: unknown, signal?: AbortSignal) => Promise<void>;

  async #loadLayout(key: string, signal?: AbortSignal): Promise<unknown> {
    await this.#wait(signal);
    return this.#layouts.has(key) ? structuredClone(this.#layouts.get(key)) : null;
  }

  async #saveLayout(key: string, layout: unknown, signal?: AbortSignal): Promise<void> {
    await this.#wait(signal);
    this.#layouts.set(key, structuredClone(layout));
  }
}

/** First index whose createdAt is ≥ t (records sorted by createdAt). */
function lowerBound(records: readonly { createdAt: number }[], t: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid]!.createdAt < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The slice of `records` (sorted by createdAt) that can match any of `queries`: when every query
 * bounds `createdAt` alone in one of its date conditions, the union of those windows; else all.
 */
function createdWindow(records: readonly { createdAt: number }[], queries: readonly AggregateQuery[]): [number, number] {
  let from = Infinity;
  let to = -Infinity;
  for (const q of queries) {
    const cond = q.filter.dates?.find((d) => d.fields.length === 1 && d.fields[0] === 'createdAt');
    if (!cond) return [0, records.length];
    from = Math.min(from, cond.from ?? -Infinity);
    to = Math.max(to, cond.to ?? Infinity);
  }
  return [from === -Infinity ? 0 : lowerBound(records, from), to === Infinity ? records.length : lowerBound(records, to)];
}
