/**
 * A small Bitrix24 REST client: JSON POST transport (incoming webhook), typed errors, retries,
 * leaky-bucket throttle, `batch` and `start`/`next` pagination. No DOM beyond `fetch`,
 * `AbortSignal` and timers. Secrets (the webhook URL and its code) never reach a message or label.
 *
 * Protocol notes: /work/shared/research/bitrix24.md §1–§2 (envelopes, batch, errors, limits).
 */
import { lazyPart } from '../../core/lazy-part.js';
import { AdapterError, cancelled } from '../errors.js';
import { parseWebhookUrl } from './webhook-url.js';

// ---------------------------------------------------------------------------------------------
// Transport

export interface TransportResponse {
  readonly status: number;
  /** The parsed JSON body, or `undefined` when the body was empty or not JSON. */
  readonly body: unknown;
}

export interface Transport {
  /** Sends one REST call. Throws (any error) on a network failure; never throws for HTTP errors. */
  call(method: string, params: unknown, signal: AbortSignal): Promise<TransportResponse>;
  /** Renews an expired OAuth token (HTTP 401 `expired_token`); the client retries once after it. */
  refreshAuth?(): Promise<void>;
  /** Removes secrets from a text that came back from the server before it goes into a message. */
  redact?(text: string): string;
  /** Safe to show: the portal host only, never a URL with credentials. */
  readonly label: string;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface WebhookTransportOptions {
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchLike;
}

const METHOD_NAME = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/;

/**
 * Incoming webhook transport for `https://{portal}/rest/{user}/{code}/` URLs: JSON POST to
 * `{url}{method}.json`. The URL is a credential: it is kept private and scrubbed from any text.
 */
export class WebhookTransport implements Transport {
  readonly label: string;
  readonly #base: string;
  readonly #code: string;
  readonly #fetch: FetchLike;

  constructor(webhookUrl: string, options: WebhookTransportOptions = {}) {
    const { base, code, host } = parseWebhookUrl(webhookUrl);
    this.#base = base;
    this.#code = code;
    this.label = host;
    const f = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
    this.#fetch = f;
  }

  async call(method: string, params: unknown, signal: AbortSignal): Promise<TransportResponse> {
    checkMethodName(method);
    return postJson(this.#fetch, `${this.#base}${method}.json`, params ?? {}, signal, this.label);
  }

  redact(text: string): string {
    return text.split(this.#base).join('[webhook]/').split(this.#code).join('***');
  }
}

/** Throws `invalid-data` for anything but a dotted REST method name (never sent as a path). */
export function checkMethodName(method: string): void {
  if (!METHOD_NAME.test(method)) throw new AdapterError('invalid-data', `"${method.slice(0, 60)}" is not a Bitrix24 method name.`);
}

/**
 * One JSON POST to the portal (both transports). Network failures become `network` errors that
 * never quote the URL (it may hold a webhook code); HTTP errors are returned, not thrown.
 */
export async function postJson(f: FetchLike, url: string, body: unknown, signal: AbortSignal, label: string): Promise<TransportResponse> {
  let res: Response;
  try {
    res = await f(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      signal,
    });
  } catch (e) {
    if (signal.aborted) throw e;
    const name = e instanceof Error ? e.name : 'Error';
    throw new AdapterError('network', `Could not reach the Bitrix24 portal ${label}. Check the connection and try again.`, {
      cause: new Error(`fetch failed (${name})`),
    });
  }
  const text = await res.text();
  let parsed: unknown;
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: res.status, body: parsed };
}

// ---------------------------------------------------------------------------------------------
// Query encoding (batch sub-calls, GET-style parameters)

const strictEncode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function scalar(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return v ? '1' : '0'; // as PHP http_build_query
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

function isPlainContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null && !(v instanceof Date);
}

function encodeInto(out: string[], prefix: string, value: unknown): void {
  if (Array.isArray(value)) {
    // `key[]=a&key[]=b` for flat lists (as the docs show); explicit indices when elements nest,
    // otherwise PHP would split `[{A:1,B:2}]` into two elements.
    const flat = value.every((v) => !isPlainContainer(v));
    value.forEach((v, i) => encodeInto(out, flat ? `${prefix}[]` : `${prefix}[${i}]`, v));
    return;
  }
  if (isPlainContainer(value)) {
    for (const [k, v] of Object.entries(value)) encodeInto(out, `${prefix}[${strictEncode(k)}]`, v);
    return;
  }
  const s = scalar(value);
  if (s !== undefined) out.push(`${prefix}=${strictEncode(s)}`);
}

/**
 * PHP-style query string: nested objects/arrays as `a[b][]=c`, keys and values percent-encoded
 * (`filter[%3E%3DCREATED]=2026-01-01&select[]=ID`), booleans as 1/0, null/undefined skipped.
 */
export function encodeQuery(params: Record<string, unknown> | undefined): string {
  if (!params) return '';
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) encodeInto(out, strictEncode(k), v);
  return out.join('&');
}

// ---------------------------------------------------------------------------------------------
// Errors

type Failures = typeof import('./failures.js');

/**
 * How the errors of failed requests are told (`failures.ts`: the kind and message of an error the
 * portal answered): a lazy chunk, fetched at the first failure (a first paint that succeeds never
 * needs it). Errors a user meets offline (no answer at all) are built here.
 * @internal Replaced by the tests to hold the chunk back or make it fail.
 */
export const bitrix24Chunks = { failures: (): Promise<Failures> => import('./failures.js') };

/** `failures.ts`, loaded once per page (again after a failed load). */
const failures = lazyPart(() => bitrix24Chunks.failures());

/** The error code of an error answer, redacted and trimmed (read as failures.ts reads it) ('' when absent or not a string). */
function errorCode(body: unknown, redact: (s: string) => string): string {
  const code = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['error'] : undefined;
  return typeof code === 'string' ? redact(code).trim() : '';
}

/**
 * The AdapterError of an error answer of the portal (failures.ts). Without that chunk (the
 * connection dropped since), a `network` error that names the request and the portal's code.
 */
async function toAdapterError(
  body: unknown, status: number | undefined, method: string, params: unknown, label: string,
  redact: (s: string) => string, retryAfterMs?: number,
): Promise<AdapterError> {
  try {
    return (await failures.load()).toAdapterError(body, status, method, params, label, redact, retryAfterMs);
  } catch {
    const code = errorCode(body, redact) || (status ? `HTTP status ${status}` : 'an error');
    return new AdapterError('network', `Bitrix24 (${label}) answered ${method} with ${code}, and why could not be loaded. Check the connection and try again.`);
  }
}

function hasErrorKey(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'error' in body;
}

// ---------------------------------------------------------------------------------------------
// Client

export interface ThrottleOptions {
  /** Requests drained per second (default 2; Enterprise 5). */
  readonly rate: number;
  /** Bucket size (default 50; Enterprise 250). */
  readonly burst: number;
}

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface Bitrix24ClientOptions {
  readonly transport: Transport;
  readonly throttle?: ThrottleOptions;
  /** Retries for rate limits and server/network failures (default 3). */
  readonly retries?: number;
  /** Overall deadline of one `call`/`batch` request, retries and waits included (default 30 000). */
  readonly timeoutMs?: number;
  readonly sleep?: Sleep;
  readonly now?: () => number;
  /** First backoff delay (default 1000 ms), doubled per retry, capped by `maxBackoffMs` (default 16 000). */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
}

export interface CallResult<T> {
  readonly result: T;
  readonly total?: number;
  readonly next?: number;
  readonly time?: unknown;
}

/** `{result, total?, next?}`: a list method's `total` and `next` only when present. */
export function callResult<T>(result: T, total: number | undefined, next: number | undefined): CallResult<T> {
  return { result, ...(total !== undefined ? { total } : {}), ...(next !== undefined ? { next } : {}) };
}

export interface BatchCommand {
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

export interface BatchResult {
  /** Results of the commands that succeeded, by key. */
  readonly results: Record<string, unknown>;
  /** Errors of the commands that failed, by key. */
  readonly errors: Record<string, AdapterError>;
  /** `total` of list commands, by key. */
  readonly totals: Record<string, number>;
  /** `next` of list commands with more rows, by key. */
  readonly next: Record<string, number>;
  /** Keys that were not executed (halt after an error). */
  readonly skipped: string[];
}

export interface ListAllOptions {
  readonly signal?: AbortSignal;
  /** Stop once at least this many rows were read (the result is cut to `max`). */
  readonly max?: number;
}

export interface ListAllResult<T> {
  readonly rows: T[];
  /** `total` reported by the first page. */
  readonly total: number | undefined;
  /** True when `max` stopped the paging before the last page. */
  readonly truncated: boolean;
}

export const BATCH_LIMIT = 50;
export const PAGE_SIZE = 50;

const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** `time.operating_reset_at`: epoch seconds (data-types.md) or an ISO string (list examples). */
function parseResetAt(time: unknown): number | undefined {
  if (typeof time !== 'object' || time === null) return undefined;
  const v = (time as Record<string, unknown>)['operating_reset_at'];
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? v * 1000 : v;
  if (typeof v === 'string' && v.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(v.trim())) return parseResetAt({ operating_reset_at: Number(v) });
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/** PHP serialises empty maps as `[]` and maps with keys 0..n-1 as lists. */
function asMap(v: unknown): Record<string, unknown> {
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  if (typeof v === 'object' && v !== null) return v as Record<string, unknown>;
  return {};
}

const toInt = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

class Deadline {
  readonly signal: AbortSignal;
  #timedOut = false;
  readonly #ctl = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #outer: AbortSignal | undefined;
  readonly #onOuter = () => this.#ctl.abort(this.#outer?.reason);

  constructor(timeoutMs: number, outer: AbortSignal | undefined) {
    this.signal = this.#ctl.signal;
    this.#outer = outer;
    if (outer?.aborted) this.#ctl.abort(outer.reason);
    else outer?.addEventListener('abort', this.#onOuter, { once: true });
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#ctl.abort(new DOMException('Timed out', 'TimeoutError'));
    }, timeoutMs);
  }

  /** The error for an aborted signal: `timeout` or `aborted`. */
  error(method: string, label: string, timeoutMs: number): AdapterError {
    return this.#timedOut
      ? new AdapterError('timeout', `Bitrix24 (${label}) did not answer ${method} within ${Math.round(timeoutMs / 1000)} s; try again later.`)
      : cancelled(this.#outer?.reason);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#outer?.removeEventListener('abort', this.#onOuter);
  }
}

/** Leaky bucket: every request adds 1, the level drains at `rate`/s; above `burst` wait. */
class LeakyBucket {
  #level = 0;
  #at: number;

  constructor(private readonly rate: number, private readonly burst: number, private readonly now: () => number) {
    this.#at = now();
  }

  #drain(): void {
    const t = this.now();
    this.#level = Math.max(0, this.#level - ((t - this.#at) / 1000) * this.rate);
    this.#at = t;
  }

  /** Reserves a slot; returns how long to wait before sending (0 when the bucket has room). */
  reserve(): number {
    this.#drain();
    this.#level += 1;
    const over = this.#level - this.burst;
    return over > 0 ? Math.ceil((over / this.rate) * 1000) : 0;
  }

  /** Gives a reserved slot back (the request was cancelled while waiting). */
  release(): void {
    this.#drain();
    this.#level = Math.max(0, this.#level - 1);
  }
}

export class Bitrix24Client {
  readonly #transport: Transport;
  readonly #bucket: LeakyBucket;
  readonly #retries: number;
  readonly #timeoutMs: number;
  readonly #sleep: Sleep;
  readonly #now: () => number;
  readonly #backoffMs: number;
  readonly #maxBackoffMs: number;
  /** Last `operating_reset_at` seen per method (ms), used when a 429 carries none. */
  readonly #resetAt = new Map<string, number>();

  constructor(options: Bitrix24ClientOptions) {
    this.#transport = options.transport;
    this.#now = options.now ?? (() => Date.now());
    this.#sleep = options.sleep ?? defaultSleep;
    this.#retries = Math.max(0, options.retries ?? 3);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#backoffMs = options.backoffMs ?? 1000;
    this.#maxBackoffMs = options.maxBackoffMs ?? 16_000;
    const rate = options.throttle?.rate ?? 2;
    const burst = options.throttle?.burst ?? 50;
    if (!(rate > 0) || !(burst >= 1)) throw new RangeError('throttle.rate must be > 0 and throttle.burst >= 1.');
    this.#bucket = new LeakyBucket(rate, burst, this.#now);
  }

  get label(): string {
    return this.#transport.label;
  }

  #redact = (s: string): string => (this.#transport.redact ? this.#transport.redact(s) : s);

  async call<T = unknown>(method: string, params: unknown = {}, signal?: AbortSignal): Promise<CallResult<T>> {
    const deadline = new Deadline(this.#timeoutMs, signal);
    try {
      return await this.#callWithin<T>(method, params, deadline);
    } catch (e) {
      if (deadline.signal.aborted) throw deadline.error(method, this.label, this.#timeoutMs);
      throw e;
    } finally {
      deadline.dispose();
    }
  }

  async #wait(ms: number, signal: AbortSignal): Promise<void> {
    if (ms > 0) await this.#sleep(ms, signal);
    if (signal.aborted) throw signal.reason;
  }

  #backoff(attempt: number): number {
    return Math.min(this.#maxBackoffMs, this.#backoffMs * 2 ** attempt);
  }

  async #callWithin<T>(method: string, params: unknown, deadline: Deadline): Promise<CallResult<T>> {
    const { signal } = deadline;
    const end = this.#now() + this.#timeoutMs;
    let attempt = 0;
    let refreshed = false;
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const wait = this.#bucket.reserve();
      try {
        await this.#wait(wait, signal);
      } catch (e) {
        this.#bucket.release();
        throw e;
      }
      if (signal.aborted) throw signal.reason;

      let res: TransportResponse;
      try {
        res = await this.#transport.call(method, params, signal);
      } catch (e) {
        if (signal.aborted) throw e;
        const err = e instanceof AdapterError
          ? e
          : new AdapterError('network', `Could not reach the Bitrix24 portal ${this.label}. Check the connection and try again.`);
        if (err.kind === 'network' && attempt < this.#retries) {
          await this.#wait(this.#backoff(attempt++), signal);
          continue;
        }
        throw err;
      }

      const { status, body } = res;
      const timeInfo = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['time'] : undefined;
      const resetAt = parseResetAt(timeInfo);
      if (resetAt !== undefined) this.#resetAt.set(method, resetAt);

      if (status < 400 && !hasErrorKey(body)) {
        if (typeof body !== 'object' || body === null || !('result' in body)) {
          throw new AdapterError('invalid-data', `Bitrix24 (${this.label}) sent an unreadable answer to ${method}.`);
        }
        const b = body as Record<string, unknown>;
        const out = callResult(b['result'] as T, toInt(b['total']), toInt(b['next']));
        return b['time'] !== undefined ? { ...out, time: b['time'] } : out;
      }

      const code = errorCode(body, this.#redact).toLowerCase();

      // 401 expired_token: refresh once, retry once.
      if (status === 401 && (code === 'expired_token' || code === 'invalid_token') && this.#transport.refreshAuth && !refreshed) {
        refreshed = true;
        try {
          await this.#transport.refreshAuth();
        } catch {
          if (signal.aborted) throw signal.reason;
          throw await toAdapterError(body, status, method, params, this.label, this.#redact);
        }
        continue;
      }

      // 429 OPERATION_TIME_LIMIT: wait until the operating window resets.
      if (code === 'operation_time_limit' || (status === 429 && code === '')) {
        const reset = resetAt ?? this.#resetAt.get(method);
        const delay = reset !== undefined ? Math.max(0, reset - this.#now()) : this.#backoff(attempt);
        if (attempt >= this.#retries || this.#now() + delay > end) {
          throw await toAdapterError(body, status, method, params, this.label, this.#redact, delay);
        }
        attempt++;
        await this.#wait(delay, signal);
        continue;
      }

      // 503 QUERY_LIMIT_EXCEEDED and other 5xx (not a manual block, not a deleted portal).
      const retryable =
        code === 'query_limit_exceeded' ||
        (status >= 500 && code !== 'overload_limit' && code !== 'portal_deleted');
      if (retryable && attempt < this.#retries) {
        const delay = this.#backoff(attempt++);
        if (this.#now() + delay <= end) {
          await this.#wait(delay, signal);
          continue;
        }
      }
      throw await toAdapterError(body, status, method, params, this.label, this.#redact, retryable ? this.#backoff(attempt) : undefined);
    }
  }

  /**
   * Runs commands through `batch`, 50 per request. Per-command failures land in `errors`; with
   * `halt`, the first failing request stops the rest (the portal stops inside a request, and the
   * following chunks are not sent), and the keys that did not run are listed in `skipped`.
   */
  async batch(
    commands: Record<string, BatchCommand>,
    options: { halt?: boolean; signal?: AbortSignal } = {},
  ): Promise<BatchResult> {
    const out: BatchResult = { results: {}, errors: {}, totals: {}, next: {}, skipped: [] };
    const entries = Object.entries(commands);
    for (const [key, cmd] of entries) {
      if (!key) throw new AdapterError('invalid-data', 'A Bitrix24 batch command needs a non-empty key.');
      if (!METHOD_NAME.test(cmd.method) || cmd.method.toLowerCase() === 'batch') {
        throw new AdapterError('invalid-data', `The batch command "${key}" has an invalid method name.`, { field: key });
      }
    }
    const halt = options.halt === true;
    let stopped = false;
    for (let i = 0; i < entries.length; i += BATCH_LIMIT) {
      const chunk = entries.slice(i, i + BATCH_LIMIT);
      if (stopped) {
        out.skipped.push(...chunk.map(([k]) => k));
        continue;
      }
      const cmd: Record<string, string> = {};
      for (const [key, c] of chunk) {
        const q = encodeQuery(c.params);
        cmd[key] = q ? `${c.method}?${q}` : c.method;
      }
      const res = await this.call<unknown>('batch', { halt: halt ? 1 : 0, cmd }, options.signal);
      const r = asMap(res.result);
      const results = asMap(r['result']);
      const errors = asMap(r['result_error']);
      const totals = asMap(r['result_total']);
      const nexts = asMap(r['result_next']);
      for (const [key, c] of chunk) {
        if (key in errors) {
          out.errors[key] = await toAdapterError(errors[key], undefined, c.method, undefined, this.label, this.#redact);
        } else if (key in results) {
          out.results[key] = results[key];
        } else {
          out.skipped.push(key);
        }
        const t = toInt(totals[key]);
        if (t !== undefined) out.totals[key] = t;
        const n = toInt(nexts[key]);
        if (n !== undefined) out.next[key] = n;
      }
      if (halt && chunk.some(([k]) => k in out.errors)) stopped = true;
    }
    return out;
  }

  /**
   * Reads every page of a list method (`start` = previous `next`, 50 rows a page). Rows are
   * `result` (legacy list methods) or `result.items` (crm.item.list; any single array property).
   */
  async listAll<T = unknown>(
    method: string,
    params: Record<string, unknown> = {},
    options: ListAllOptions = {},
  ): Promise<ListAllResult<T>> {
    const rows: T[] = [];
    let total: number | undefined;
    let start = toInt(params['start']) ?? 0;
    let first = true;
    for (;;) {
      const page = await this.call<unknown>(method, { ...params, start }, options.signal);
      if (first) total = page.total;
      first = false;
      const pageRows = rowsOf<T>(page.result);
      if (pageRows === undefined) {
        throw new AdapterError('invalid-data', `Bitrix24 (${this.label}) answered ${method} without a list of rows.`);
      }
      rows.push(...pageRows);
      if (options.max !== undefined && rows.length >= options.max) {
        const truncated = rows.length > options.max || page.next !== undefined;
        return { rows: rows.slice(0, options.max), total, truncated };
      }
      if (page.next === undefined || pageRows.length === 0 || page.next <= start) return { rows, total, truncated: false };
      start = page.next;
    }
  }
}

function rowsOf<T>(result: unknown): T[] | undefined {
  if (Array.isArray(result)) return result as T[];
  if (typeof result !== 'object' || result === null) return undefined;
  const o = result as Record<string, unknown>;
  if (Array.isArray(o['items'])) return o['items'] as T[];
  const arrays = Object.values(o).filter(Array.isArray);
  return arrays.length === 1 ? (arrays[0] as T[]) : undefined;
}
