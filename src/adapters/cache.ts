/**
 * A caching wrapper for any `CrmAdapter`: `cachedAdapter(adapter, { ttlMs })`.
 *
 * - `getClient`, `records`, `aggregate`, `referenceData` and `peerAverages` results are kept for
 *   `ttlMs` (default 5 minutes) per call key (`cacheKeys`: the client, the call and `queryKey`), so
 *   that going back to a period already seen answers at once; `ttlMs: 0` keeps nothing.
 * - Identical calls in flight share one request (an aggregate batch is split per query: the queries
 *   already answered or in flight are not asked again).
 * - Each caller's `AbortSignal` is its own: a caller that aborts gets an `aborted` AdapterError, the
 *   shared request goes on for the others, and is aborted only when no caller waits for it any more.
 * - Failures are never kept: the next call asks again. A caller whose aggregate queries were in
 *   another caller's failed batch asks for them once more in its own batch, so a partial failure
 *   (one record kind down) fails only the callers whose own queries fail.
 * - `invalidate()` drops everything (requests in flight too) and calls the wrapped adapter's.
 * - `label`, `now`, `maxPageSize`, `loadLayout` / `saveLayout` are the wrapped adapter's; optional
 *   calls exist exactly when the wrapped adapter has them.
 */
import type { CrmAdapter } from './adapter.js';
import type { Client, ClientRef, ClientType, RecordKind } from '../core/model.js';
import { answersOf, queryKey, type AggregateQuery, type AggregateResult, type RecordPage, type RecordQuery } from '../core/query.js';
import type { ResolvedPeriod } from '../core/period.js';
import { cancelled, throwIfAborted } from './errors.js';

export const DEFAULT_TTL_MS = 5 * 60_000;

export interface CacheOptions {
  /** How long a result is served from the cache, in ms (default 5 minutes). 0: nothing is kept, only identical requests in flight are shared. */
  readonly ttlMs?: number;
  /** The clock (default `Date.now`); tests inject one. */
  readonly now?: () => number;
  /** Most results kept (default 500); the oldest go first. */
  readonly maxEntries?: number;
  /** Called once per result read from the wrapped adapter, with its key (`cacheKeys`) and when it was read. */
  readonly onFetch?: (key: string, value: unknown, at: number) => void;
  /** Called for every result handed to a caller, with when it was read from the wrapped adapter and its key. */
  readonly onServe?: (at: number, key: string) => void;
}

const who = (ref: ClientRef): string => `${ref.type}:${ref.id}`;

/**
 * The key of each call: `<client>|<call>|<query>`, where `<client>` is `contact:1` / `company:3`, or
 * `*` for what belongs to the whole source (reference data, peer averages).
 */
export const cacheKeys = {
  client: (ref: ClientRef): string => `${who(ref)}|client`,
  records: (q: RecordQuery): string => `${who(q.filter.client)}|records|${queryKey(q)}`,
  aggregate: (q: AggregateQuery): string => `${who(q.filter.client)}|aggregate|${queryKey(q)}`,
  reference: (): string => '*|reference',
  peers: (type: ClientType, period: ResolvedPeriod): string => `*|peers|${type}|${period.from}|${period.to}`,
};

/** One request to the wrapped adapter; `n` callers wait for it. */
interface Flight {
  readonly ctl: AbortController;
  n: number;
  done?: boolean;
  failed?: boolean;
}

interface Entry {
  readonly k: string;
  readonly f: Flight;
  readonly p: Promise<unknown>;
  /** When the answer was read (undefined while in flight). */
  at?: number;
}

export class CachedAdapter implements CrmAdapter {
  readonly inner: CrmAdapter;
  readonly #ttl: number;
  readonly #now: () => number;
  readonly #max: number;
  readonly #options: CacheOptions;
  readonly #entries = new Map<string, Entry>();

  constructor(inner: CrmAdapter, options: CacheOptions = {}) {
    this.inner = inner;
    this.#options = options;
    this.#ttl = Math.max(0, options.ttlMs ?? DEFAULT_TTL_MS);
    this.#now = options.now ?? Date.now;
    this.#max = options.maxEntries ?? 500;
  }

  get label(): string {
    return this.inner.label;
  }

  get now(): number | undefined {
    return this.inner.now;
  }

  get maxPageSize(): number | undefined {
    return this.inner.maxPageSize;
  }

  get loadLayout(): CrmAdapter['loadLayout'] {
    return this.inner.loadLayout?.bind(this.inner);
  }

  get saveLayout(): CrmAdapter['saveLayout'] {
    return this.inner.saveLayout?.bind(this.inner);
  }

  /** Results kept or in flight (for tests and diagnostics). */
  get size(): number {
    return this.#entries.size;
  }

  getClient(ref: ClientRef, signal?: AbortSignal): Promise<Client> {
    return this.#one(cacheKeys.client(ref), (s) => this.inner.getClient(ref, s), signal);
  }

  records<K extends RecordKind>(query: RecordQuery<K>, signal?: AbortSignal): Promise<RecordPage<K>> {
    return this.#one(cacheKeys.records(query), (s) => this.inner.records(query, s), signal);
  }

  get aggregate(): CrmAdapter['aggregate'] {
    return this.inner.aggregate ? (queries, signal) => this.#aggregate(queries, signal) : undefined;
  }

  get referenceData(): CrmAdapter['referenceData'] {
    return this.inner.referenceData ? (signal) => this.#one(cacheKeys.reference(), (s) => this.inner.referenceData!(s), signal) : undefined;
  }

  get peerAverages(): CrmAdapter['peerAverages'] {
    return this.inner.peerAverages
      ? (type, period, signal) => this.#one(cacheKeys.peers(type, period), (s) => this.inner.peerAverages!(type, period, s), signal)
      : undefined;
  }

  /** Drops every result and request in flight (callers already waiting still get their answer), then the wrapped adapter's own cache. */
  invalidate(): void {
    this.#entries.clear();
    this.inner.invalidate?.();
  }

  async #one<T>(key: string, load: (signal: AbortSignal) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    throwIfAborted(signal);
    const entry = this.#lookup(key) ?? this.#start([key], async (s) => [await load(s)])[0]!;
    return (await this.#wait([entry], signal))[0] as T;
  }

  async #aggregate(queries: readonly AggregateQuery[], signal: AbortSignal | undefined, retry = true): Promise<readonly AggregateResult[]> {
    throwIfAborted(signal);
    const keys = queries.map(cacheKeys.aggregate);
    const entries: (Entry | undefined)[] = keys.map((k) => this.#lookup(k));
    // The queries neither kept nor in flight go to the wrapped adapter in one batch (each once).
    const missing = [...new Set(keys.filter((_, i) => !entries[i]))];
    let mine: Flight | undefined;
    if (missing.length) {
      const asked = missing.map((k) => queries[keys.indexOf(k)]!);
      const started = this.#start(missing, (s) => this.inner.aggregate!(asked, s).then((results) => answersOf(results, asked.length)));
      mine = started[0]!.f;
      keys.forEach((k, i) => (entries[i] ??= started[missing.indexOf(k)]));
    }
    try {
      return await (this.#wait(entries as Entry[], signal) as Promise<AggregateResult[]>);
    } catch (e) {
      // A batch another caller started failed: its failure may be about that caller's other queries
      // (one record kind down, the rest fine). Ours are asked once more, in a batch of our own.
      const theirs = entries.some((x) => x!.f !== mine && x!.f.failed);
      if (!retry || !theirs || mine?.failed || signal?.aborted) throw e;
      return this.#aggregate(queries, signal, false);
    }
  }

  /** The entry of a key when it is in flight or still fresh (an expired one is dropped). */
  #lookup(key: string): Entry | undefined {
    const e = this.#entries.get(key);
    if (e && e.at !== undefined && this.#now() - e.at >= this.#ttl) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** One request for `keys` (its answer has one value per key, in order). */
  #start(keys: readonly string[], load: (signal: AbortSignal) => Promise<readonly unknown[]>): Entry[] {
    const f: Flight = { ctl: new AbortController(), n: 0 };
    const all = load(f.ctl.signal).then(
      (values) => {
        f.done = true;
        const at = this.#now();
        entries.forEach((e, i) => {
          e.at = at;
          this.#options.onFetch?.(keys[i]!, values[i], at);
          // Not kept without a TTL (nor when dropped meanwhile by invalidate()).
          if (this.#ttl === 0 && this.#entries.get(keys[i]!) === e) this.#entries.delete(keys[i]!);
        });
        return values;
      },
      (error: unknown) => {
        f.done = true;
        f.failed = true;
        this.#drop(f); // failures are never kept
        throw error;
      },
    );
    const entries: Entry[] = keys.map((k, i) => ({ k, f, p: all.then((values) => values[i]) }));
    entries.forEach((e, i) => {
      this.#entries.delete(keys[i]!); // re-inserted last (the map's order is the eviction order)
      this.#entries.set(keys[i]!, e);
    });
    for (const [k] of this.#entries) {
      if (this.#entries.size <= this.#max) break;
      this.#entries.delete(k);
    }
    return entries;
  }

  /** Drops the entries of a request (those still pointing at it). */
  #drop(f: Flight): void {
    for (const [k, e] of this.#entries) if (e.f === f) this.#entries.delete(k);
  }

  /**
   * Waits for entries on behalf of one caller: its abort rejects its own promise only; a request
   * nobody waits for any more is aborted.
   */
  #wait(entries: readonly Entry[], signal: AbortSignal | undefined): Promise<unknown[]> {
    const flights = new Set(entries.map((e) => e.f));
    for (const f of flights) f.n++;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      signal?.removeEventListener('abort', onAbort);
      for (const f of flights) {
        if (--f.n === 0 && !f.done) {
          this.#drop(f);
          f.ctl.abort();
        }
      }
    };
    let onAbort = () => {};
    return new Promise<unknown[]>((resolve, reject) => {
      onAbort = () => {
        leave();
        reject(cancelled(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      Promise.all(entries.map((e) => e.p)).then(
        (values) => {
          if (left) return;
          leave();
          for (const e of entries) this.#options.onServe?.(e.at!, e.k);
          resolve(values);
        },
        (error: unknown) => {
          if (left) return;
          leave();
          reject(error);
        },
      );
    });
  }
}

/** `adapter` with its results cached for `ttlMs` (see `CachedAdapter`). */
export function cachedAdapter(adapter: CrmAdapter, options: CacheOptions = {}): CachedAdapter {
  return new CachedAdapter(adapter, options);
}
