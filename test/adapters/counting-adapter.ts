/**
 * Shared by the cache, freshness and offline tests (not a test file itself): the demo source with
 * its calls counted, failures on demand, and answers held back on demand.
 */
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';

/** One demo dataset for every test of a file (generating it takes a while). */
export const demo = new DemoAdapter({ seed: 1 });

export type Call = 'getClient' | 'records' | 'aggregate' | 'referenceData' | 'peerAverages';

let labels = 0;

/**
 * The demo source, counting the calls it receives (`calls`, and the aggregate queries asked in
 * `queries`). `failing`: calls reject with a network AdapterError (`'network'`) or a TypeError as a
 * rejected fetch gives (`'fetch'`). `hold`: calls wait until `release()`. Its label is unique unless
 * given, so that offline copies of different tests never meet.
 */
export class CountingAdapter implements CrmAdapter {
  readonly label: string;
  readonly calls: Record<Call, number> = { getClient: 0, records: 0, aggregate: 0, referenceData: 0, peerAverages: 0 };
  queries = 0;
  invalidated = 0;
  failing: false | 'network' | 'fetch' | 'auth' = false;
  hold = false;
  /** The signals of the calls received, in order. */
  readonly signals: (AbortSignal | undefined)[] = [];
  readonly #held: (() => void)[] = [];

  constructor(readonly inner: DemoAdapter = demo, label?: string) {
    this.label = label ?? `Counting ${Date.now()}-${++labels}`;
  }

  get now(): number {
    return this.inner.now;
  }

  get maxPageSize(): number {
    return this.inner.maxPageSize;
  }

  /** Every call received. */
  get total(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  /** Lets the held calls go on. */
  release(): void {
    this.hold = false;
    for (const go of this.#held.splice(0)) go();
  }

  async #enter(call: Call, signal: AbortSignal | undefined): Promise<void> {
    this.calls[call]++;
    this.signals.push(signal);
    if (this.hold) await new Promise<void>((resolve) => this.#held.push(resolve));
    if (this.failing === 'fetch') throw new TypeError('Failed to fetch');
    if (this.failing === 'auth') throw new AdapterError('auth', 'Sign in again');
    if (this.failing) throw new AdapterError('network', 'Server unreachable');
    if (signal?.aborted) throw new AdapterError('aborted', 'The request was cancelled.');
  }

  getClient: CrmAdapter['getClient'] = async (ref, signal) => {
    await this.#enter('getClient', signal);
    return this.inner.getClient(ref, signal);
  };

  records: CrmAdapter['records'] = async (query, signal) => {
    await this.#enter('records', signal);
    return this.inner.records(query, signal);
  };

  aggregate: NonNullable<CrmAdapter['aggregate']> = async (queries, signal) => {
    this.queries += queries.length;
    await this.#enter('aggregate', signal);
    return this.inner.aggregate(queries, signal);
  };

  referenceData: NonNullable<CrmAdapter['referenceData']> = async (signal) => {
    await this.#enter('referenceData', signal);
    return this.inner.referenceData(signal);
  };

  peerAverages: NonNullable<CrmAdapter['peerAverages']> = async (type, period, signal) => {
    await this.#enter('peerAverages', signal);
    return this.inner.peerAverages(type, period, signal);
  };

  invalidate(): void {
    this.invalidated++;
  }
}

/** A clock and timers moved by hand (`advance`), for `clock` of the profile's freshness or a cache's `now`. */
export function fakeClock(start: number) {
  let t = start;
  let seq = 0;
  const timers = new Map<number, { at: number; f: () => void }>();
  return {
    now: (): number => t,
    setTimeout: (f: () => void, ms: number): unknown => {
      timers.set(++seq, { at: t + ms, f });
      return seq;
    },
    clearTimeout: (id: unknown): void => {
      timers.delete(id as number);
    },
    /** Moves time on by `ms`, running the timers due on the way, in order. */
    advance(ms: number): void {
      const end = t + ms;
      for (;;) {
        const next = [...timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        timers.delete(next[0]);
        t = Math.max(t, next[1].at);
        next[1].f();
      }
      t = end;
    },
    /** Timers waiting. */
    get pending(): number {
      return timers.size;
    },
  };
}
