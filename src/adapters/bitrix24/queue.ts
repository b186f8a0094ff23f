/**
 * Coalesces REST calls into `batch` requests: every call made within one short window (default:
 * the current task plus 10 ms) is sent in one `batch` of up to 50 commands, and identical calls
 * share one command. A profile's header and widgets each ask for their own numbers; through this
 * queue they cost a handful of HTTP requests together instead of one request per number
 * (research note §2: one batch counts once against the 2 requests/s limit).
 */
import { AdapterError, cancelled } from '../errors.js';
import { BATCH_LIMIT, callResult, encodeQuery, type Bitrix24Client } from './client.js';

export interface QueuedResult<T = unknown> {
  readonly result: T;
  /** `total` of a list method (the number of matching rows over all pages). */
  readonly total?: number;
  /** `next` of a list method: the `start` of the following page, absent on the last page. */
  readonly next?: number;
}

interface Waiter {
  readonly resolve: (r: QueuedResult) => void;
  readonly reject: (e: unknown) => void;
  readonly signal: AbortSignal | undefined;
}

interface Pending {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly waiters: Waiter[];
}

export interface CommandQueueOptions {
  /** How long to wait for more calls before sending (default 10 ms). */
  readonly delayMs?: number;
}

export class CommandQueue {
  readonly #client: Bitrix24Client;
  readonly #delayMs: number;
  #pending = new Map<string, Pending>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(client: Bitrix24Client, options: CommandQueueOptions = {}) {
    this.#client = client;
    this.#delayMs = Math.max(0, options.delayMs ?? 10);
  }

  /** Queues one call; resolves with its result when the batch that carries it comes back. */
  call<T = unknown>(method: string, params: Record<string, unknown> = {}, signal?: AbortSignal): Promise<QueuedResult<T>> {
    if (signal?.aborted) return Promise.reject(cancelled(signal.reason));
    const key = `${method}?${encodeQuery(params)}`;
    return new Promise<QueuedResult<T>>((resolve, reject) => {
      let p = this.#pending.get(key);
      if (!p) this.#pending.set(key, (p = { method, params, waiters: [] }));
      // The abort listener goes when the call settles: a long-lived signal collects no listeners.
      const onAbort = () => reject(cancelled(signal!.reason));
      const done = () => signal?.removeEventListener('abort', onAbort);
      p.waiters.push({
        resolve: (r) => { done(); (resolve as (r: QueuedResult) => void)(r); },
        reject: (e) => { done(); reject(e); },
        signal,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.#timer === undefined) this.#timer = setTimeout(() => void this.#flush(), this.#delayMs);
    });
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    const entries = [...this.#pending.values()].filter((p) => p.waiters.some((w) => !w.signal?.aborted));
    this.#pending = new Map();
    if (entries.length === 0) return;
    if (entries.length === 1) {
      const only = entries[0]!;
      try {
        const r = await this.#client.call(only.method, only.params);
        settle(only, (w) => w.resolve(callResult(r.result, r.total, r.next)));
      } catch (e) {
        settle(only, (w) => w.reject(e));
      }
      return;
    }
    const chunks: Pending[][] = [];
    for (let i = 0; i < entries.length; i += BATCH_LIMIT) chunks.push(entries.slice(i, i + BATCH_LIMIT));
    await Promise.all(chunks.map(async (chunk) => {
      const commands = Object.fromEntries(chunk.map((p, i) => [`c${i}`, { method: p.method, params: p.params }]));
      try {
        const res = await this.#client.batch(commands);
        chunk.forEach((p, i) => {
          const key = `c${i}`;
          const error = res.errors[key];
          if (error) settle(p, (w) => w.reject(error));
          else if (key in res.results) {
            settle(p, (w) => w.resolve(callResult(res.results[key], res.totals[key], res.next[key])));
          } else {
            settle(p, (w) => w.reject(new AdapterError('invalid-data', `Bitrix24 (${this.#client.label}) did not answer ${p.method} in a batch.`)));
          }
        });
      } catch (e) {
        for (const p of chunk) settle(p, (w) => w.reject(e));
      }
    }));
  }
}

function settle(p: Pending, f: (w: Waiter) => void): void {
  for (const w of p.waiters) if (!w.signal?.aborted) f(w);
}
