/**
 * The offline copy of `<crm-profile offline-snapshot>`: a `CachedAdapter` whose every answer read
 * from the source is also saved in IndexedDB (snapshots.ts, loaded on first use, written in the
 * background), and which answers from those saved copies while the profile is offline.
 *
 * - Live: calls go to the cache (and the source). When one fails because the source cannot be reached
 *   (`isUnavailable`) and something of this client is saved, `onOffline` tells the profile, which
 *   switches every view to the saved copy (no live number stays beside a saved one); the failed call
 *   itself answers from its saved copy, or fails saying there is none.
 * - Offline (`offline()` true): every call answers from the saved copy only; a call with no saved
 *   copy fails (`network` AdapterError), so its widget shows the usual error.
 */
import type { CrmAdapter } from './adapter.js';
import type { ClientRef } from '../core/model.js';
import { CachedAdapter, cacheKeys, type CacheOptions } from './cache.js';
import { AdapterError, throwIfAborted } from './errors.js';
import type { Snapshot } from './snapshots.js';
import { reasonOf } from '../core/text.js';

export interface OfflineOptions extends Pick<CacheOptions, 'ttlMs' | 'now' | 'maxEntries'> {
  /** First part of the saved keys: which source (its label; never a credential). */
  readonly source: string;
  /** The client the profile shows (is anything of it saved?). */
  readonly client: () => ClientRef | undefined;
  /** Whether the profile is offline: calls answer from the saved copy only. */
  readonly offline: () => boolean;
  /** The source cannot be reached and something of the client is saved (read at `savedAt`): the profile goes offline. */
  readonly onOffline: (savedAt: number) => void;
  /** Every answer handed out: when it was read from the source, whether it is live (else a saved copy), its key (`cacheKeys`). */
  readonly onServe?: (at: number, live: boolean, key: string) => void;
}

/** Whether an error means the source cannot be reached: a `network` or `timeout` AdapterError, or a rejected `fetch`. */
export function isUnavailable(e: unknown): boolean {
  return e instanceof AdapterError ? e.kind === 'network' || e.kind === 'timeout'
    : e instanceof TypeError && /fetch|network|load failed/i.test(e.message);
}

let store: Promise<typeof import('./snapshots.js')> | undefined;
const snapshots = () => (store ??= import('./snapshots.js'));

const noCopy = (cause?: unknown) =>
  new AdapterError('network', 'The data source cannot be reached and this data has no offline copy.', { cause });

export class OfflineAdapter implements CrmAdapter {
  readonly cache: CachedAdapter;
  readonly #o: OfflineOptions;
  #queue: Snapshot[] = [];

  constructor(inner: CrmAdapter, options: OfflineOptions) {
    this.#o = options;
    this.cache = new CachedAdapter(inner, {
      ttlMs: options.ttlMs, now: options.now, maxEntries: options.maxEntries,
      onFetch: (key, data, savedAt) => this.#save(`${options.source}|${key}`, data, savedAt),
      onServe: (at, key) => options.onServe?.(at, true, key),
    });
  }

  get label(): string {
    return this.cache.label;
  }

  get now(): number | undefined {
    return this.cache.now;
  }

  get maxPageSize(): number | undefined {
    return this.cache.maxPageSize;
  }

  get loadLayout(): CrmAdapter['loadLayout'] {
    return this.cache.loadLayout;
  }

  get saveLayout(): CrmAdapter['saveLayout'] {
    return this.cache.saveLayout;
  }

  getClient: CrmAdapter['getClient'] = (ref, signal) =>
    this.#one(cacheKeys.client(ref), () => this.cache.getClient(ref, signal), signal);

  records: CrmAdapter['records'] = (query, signal) =>
    this.#one(cacheKeys.records(query), () => this.cache.records(query, signal), signal);

  get aggregate(): CrmAdapter['aggregate'] {
    const aggregate = this.cache.aggregate;
    return aggregate && ((queries, signal) => this.#call(queries.map(cacheKeys.aggregate), () => aggregate(queries, signal), signal));
  }

  get referenceData(): CrmAdapter['referenceData'] {
    const reference = this.cache.referenceData;
    return reference && ((signal) => this.#one(cacheKeys.reference(), () => reference(signal), signal));
  }

  get peerAverages(): CrmAdapter['peerAverages'] {
    const peers = this.cache.peerAverages;
    return peers && ((type, period, signal) => this.#one(cacheKeys.peers(type, period), () => peers(type, period, signal), signal));
  }

  invalidate(): void {
    this.cache.invalidate();
  }

  #one<T>(key: string, live: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    return this.#call([key], async () => [await live()], signal).then((values) => values[0]!);
  }

  /** One call (`keys`: one per value it answers), live or from the saved copy. */
  async #call<T>(keys: readonly string[], live: () => Promise<readonly T[]>, signal: AbortSignal | undefined): Promise<readonly T[]> {
    if (!this.#o.offline()) {
      try {
        return await live();
      } catch (e) {
        if (!isUnavailable(e) || signal?.aborted) throw e;
        const saved = await this.#read<T>(keys);
        const client = this.#o.client();
        const any = saved?.at[0] ?? (client && (await snapshots().then(
          (s) => s.firstSnapshot(`${this.#o.source}|${client.type}:${client.id}|`), () => undefined))?.savedAt);
        if (any === undefined) throw e;
        this.#o.onOffline(any);
        if (!saved) throw noCopy(e);
        throwIfAborted(signal);
        return this.#serve(keys, saved);
      }
    }
    throwIfAborted(signal);
    const saved = await this.#read<T>(keys);
    throwIfAborted(signal);
    if (!saved) throw noCopy();
    return this.#serve(keys, saved);
  }

  #serve<T>(keys: readonly string[], saved: { values: T[]; at: number[] }): T[] {
    keys.forEach((k, i) => this.#o.onServe?.(saved.at[i]!, false, k));
    return saved.values;
  }

  /** The saved values of every key (and when each was read), or undefined when one is missing. */
  async #read<T>(keys: readonly string[]): Promise<{ values: T[]; at: number[] } | undefined> {
    const { getSnapshot } = await snapshots().catch(() => ({ getSnapshot: () => Promise.resolve(undefined) }));
    const found = await Promise.all(keys.map((k) => getSnapshot(`${this.#o.source}|${k}`)));
    if (found.some((s) => !s)) return undefined;
    return { values: found.map((s) => s!.data as T), at: found.map((s) => s!.savedAt) };
  }

  /**
   * Queues one answer to save. The answers of one moment are written in one transaction, in a task
   * of its own (after the callers have theirs and have rendered them).
   */
  #save(key: string, data: unknown, savedAt: number): void {
    if (data === undefined) return;
    this.#queue.push({ key, savedAt, data });
    if (this.#queue.length > 1) return;
    setTimeout(() => void snapshots().then((s) => s.putSnapshots(this.#queue.splice(0)), (e: unknown) => {
      this.#queue = [];
      console.warn(`crm-profile-widgets: offline snapshots: the code could not be loaded (${reasonOf(e)})`);
    }), 0);
  }
}
