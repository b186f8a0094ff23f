/**
 * An adapter for any backend that implements the small HTTP/JSON contract of
 * docs/rest-contract.md (OpenAPI: docs/openapi.yaml). One request per adapter call:
 *
 * | call                    | request                                   |
 * |-------------------------|-------------------------------------------|
 * | `getClient`             | `GET  {base}/clients/{type}/{id}`          |
 * | `records`               | `POST {base}/records` `{kind, filter, sort?, page}` |
 * | `aggregate`             | `POST {base}/aggregate` `{queries}`        |
 * | `referenceData`         | `GET  {base}/reference` (cached until `invalidate()`) |
 * | `loadLayout`/`saveLayout` (option `layouts`) | `GET` / `PUT {base}/layouts/{key}` |
 *
 * Calls of the same moment share requests: the `aggregate` calls made before the next macrotask
 * (all the widgets of a profile asking at once) go out as one `POST /aggregate` with identical
 * queries once, and an identical `records` query already in flight is not sent again. A shared
 * request is cancelled only when every caller waiting for it has aborted.
 *
 * Every answer is validated at this boundary (responses.ts): a malformed one fails with an
 * `invalid-data` AdapterError whose message names the request and the field, e.g.
 * `POST /records items[3].createdAt: expected epoch milliseconds (an integer), got a string`.
 * HTTP errors map to kinds: 400 → invalid-data, 401/403 → auth, 404 → not-found, 429 → rate-limit
 * (with `Retry-After`), 5xx → network; no answer within `timeoutMs` → timeout; the caller's
 * AbortSignal → aborted. The token never appears in a message; the label is the host only. The
 * errors of failed requests are built by `failures.ts`, a lazy chunk fetched at the first failure.
 */
import type { Client, ClientRef, Instant, RecordKind, ReferenceData } from '../../core/model.js';
import {
  queryKey, type AggregateQuery, type AggregateResult, type RecordFilter, type RecordPage, type RecordQuery,
} from '../../core/query.js';
import { lazyPart } from '../../core/lazy-part.js';
import { ANSWERS_CHECKED, type CrmAdapter } from '../adapter.js';
import { AdapterError, cancelled, isAdapterError } from '../errors.js';
import type { Teller } from './failures.js';
import {
  MAX_AGGREGATE_QUERIES, MAX_PAGE_SIZE, parseAggregateAnswers, parseClient, parseLayoutResponse,
  parseRecordPage, parseReference, type ErrorEnvelope,
} from './responses.js';

export { MAX_PAGE_SIZE };

type Failures = typeof import('./failures.js');

/**
 * How the errors of failed requests (`failures.ts`: HTTP error statuses, no answer, no token) are
 * loaded: a lazy chunk, fetched at the first failure (a first paint that succeeds never needs it).
 * @internal Replaced by the tests to hold the chunk back or make it fail.
 */
export const restChunks = { failures: (): Promise<Failures> => import('./failures.js') };

/** `failures.ts`, loaded once per page (again after a failed load). */
const failures = lazyPart(() => restChunks.failures());

export interface RestAdapterOptions {
  /** Where the contract's paths hang, e.g. `https://crm.example.com/api/profile` (relative URLs resolve against the page). */
  readonly baseUrl: string;
  /** Extra headers on every request (e.g. an API key header; the server must allow it in CORS). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `Authorization: Bearer <token>`; a function is called before every request (it may refresh). */
  readonly token?: string | (() => string | Promise<string>);
  /** `fetch` credentials mode; `'include'` sends the backend's cookies cross-origin (the server must allow credentials). */
  readonly credentials?: RequestCredentials;
  /** Defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Per request, headers and body included (default 30 000 ms; 0 or Infinity: none). */
  readonly timeoutMs?: number;
  /** Store layouts on the backend (`GET`/`PUT /layouts/{key}`) instead of localStorage (default false). */
  readonly layouts?: boolean;
  /** The instant the data is "as of"; by default the one `GET /reference` reports, if any, else the clock. */
  readonly now?: Instant;
}

/**
 * A request as messages name it, its parameters in braces (`GET /clients/{type}/{id}`); the path sent
 * has them URL-encoded from `params`.
 */
type Route = `${'GET' | 'POST' | 'PUT'} /${string}`;

export class RestAdapter implements CrmAdapter {
  /** Every answer is parsed by the contract's validators. */
  readonly [ANSWERS_CHECKED] = true;
  /** The backend's host (never a path or query, which may hold credentials). */
  readonly label: string;
  readonly maxPageSize = MAX_PAGE_SIZE;
  readonly #base: URL;
  /** The options as given (their headers copied). */
  readonly #options: RestAdapterOptions & { readonly headers: Readonly<Record<string, string>> };
  #reference: Promise<{ reference: ReferenceData; now: Instant | undefined }> | undefined;
  #serverNow: Instant | undefined;
  /** `records` queries in flight, by key. */
  readonly #records = new Map<string, Flight<RecordPage>>();
  /** `aggregate` calls waiting for the next flush. */
  #pending: PendingAggregate[] = [];
  /** Every token string seen, to scrub from texts the server sends back. */
  readonly #secrets = new Set<string>();

  constructor(options: RestAdapterOptions) {
    const invalid = (why: string) =>
      new AdapterError('invalid-data', `The REST API base URL is not valid: ${why}.`, { field: 'baseUrl' });
    if (typeof options?.baseUrl !== 'string' || options.baseUrl.trim() === '') throw invalid('it is empty');
    let base: URL;
    try {
      base = new URL(options.baseUrl.trim(), (globalThis as { location?: { href: string } }).location?.href);
    } catch {
      throw invalid('expected an absolute http(s) URL, or a path on this page\'s origin');
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw invalid('expected an http or https URL');
    if (base.username || base.password) throw invalid('credentials in the URL are not supported; use the token option');
    base.hash = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.#base = base;
    this.label = base.host;
    const headers = { ...options.headers };
    this.#options = { ...options, headers };
    // The token, and header values that look like credentials (an API key…), are scrubbed from messages.
    for (const [name, value] of [['token', options.token], ...Object.entries(headers)]) {
      if (/auth|key|token|secret|session|cookie|pass/i.test(name as string) && typeof value === 'string' && value) this.#secrets.add(value);
    }
    if (options.layouts) {
      this.loadLayout = async (key, signal) => {
        return this.#call('GET /layouts/{key}', signal, parseLayoutResponse, undefined, { key });
      };
      this.saveLayout = (key, layout, signal) => this.#call('PUT /layouts/{key}', signal, () => {}, { layout }, { key });
    }
  }

  /** The option `now`, else the `now` that `GET /reference` reported (known once reference data was read). */
  get now(): Instant | undefined {
    return this.#options.now ?? this.#serverNow;
  }

  async getClient(ref: ClientRef, signal?: AbortSignal): Promise<Client> {
    return this.#call('GET /clients/{type}/{id}', signal, (body) => parseClient(body, '', ref), undefined, ref);
  }

  records<K extends RecordKind>(query: RecordQuery<K>, signal?: AbortSignal): Promise<RecordPage<K>> {
    if (signal?.aborted) return Promise.reject(aborted(signal));
    // No `sort` (undefined) is left out of the JSON, and of the key.
    const wire = { kind: query.kind, filter: filterToWire(query.filter), sort: query.sort, page: query.page };
    const key = queryKey(wire);
    let flight = this.#records.get(key);
    // A flight every caller left is being cancelled: a new caller needs a new request.
    if (!flight || flight.cancelled) {
      const f: Flight<RecordPage> = new Flight((shared) =>
        this.#call('POST /records', shared, (body) => parseRecordPage(query.kind, body, query.page), wire).finally(() => {
          // Answered or failed: the next caller asks again.
          if (this.#records.get(key) === f) this.#records.delete(key);
        }));
      this.#records.set(key, (flight = f));
    }
    return flight.join(signal) as Promise<RecordPage<K>>;
  }

  /** Joins the batch of this moment; answers in the order of `queries`. */
  aggregate(queries: readonly AggregateQuery[], signal?: AbortSignal): Promise<readonly AggregateResult[]> {
    // An abort (even before this call) rejects at once, and the flush leaves the call out.
    return abortable(queries.length ? new Promise<readonly AggregateResult[]>((resolve, reject) => {
      // The first call of a batch schedules its flush.
      if (this.#pending.push({ queries, signal, resolve, reject }) === 1) setTimeout(() => this.#flush(), 0);
    }) : Promise.resolve([]), signal);
  }

  /** Sends the waiting `aggregate` calls as one request (identical queries once). */
  #flush(): void {
    const live = this.#pending.filter((e) => !e.signal?.aborted);
    this.#pending = [];
    // None left: no query, no request.
    const index = new Map<string, number>();
    const queries: AggregateQuery[] = [];
    const slots = live.map((e) => e.queries.map((q) => {
      const wire = { ...q, filter: filterToWire(q.filter) };
      const key = queryKey(wire);
      if (!index.has(key)) index.set(key, queries.push(wire) - 1);
      return index.get(key)!;
    }));
    const flight = new Flight((shared) => this.#aggregateNow(queries, shared));
    live.forEach((e, j) => {
      flight.join(e.signal).then((results) => {
        // A query the server could not answer fails only the calls that asked it.
        const mine = slots[j]!.map((i) => results[i]!);
        const failed = mine.find((r): r is ErrorEnvelope => 'message' in r);
        if (failed) void this.#failure('POST /aggregate', (f, tell) => f.partFailed(tell, failed.message)).then(e.reject);
        else e.resolve(mine as AggregateResult[]);
      }, e.reject);
    });
  }

  async #aggregateNow(queries: readonly AggregateQuery[], signal: AbortSignal): Promise<(AggregateResult | ErrorEnvelope)[]> {
    const chunks: AggregateQuery[][] = [];
    for (let i = 0; i < queries.length; i += MAX_AGGREGATE_QUERIES) chunks.push(queries.slice(i, i + MAX_AGGREGATE_QUERIES));
    const answers = await Promise.all(chunks.map((chunk) =>
      this.#call('POST /aggregate', signal, (body) => parseAggregateAnswers(body, chunk), { queries: chunk })));
    return answers.flat();
  }

  /** Read once and shared (it is small and rarely changes); `invalidate()` reads it again. */
  referenceData(signal?: AbortSignal): Promise<ReferenceData> {
    if (!this.#reference) {
      // Not tied to the first caller's signal: other callers share the answer.
      const p = this.#call('GET /reference', undefined, parseReference);
      p.then((r) => (this.#serverNow = r.now), () => {
        if (this.#reference === p) this.#reference = undefined;
      });
      this.#reference = p;
    }
    return abortable(this.#reference.then((r) => r.reference), signal);
  }

  invalidate(): void {
    this.#reference = undefined;
  }

  /** Present only with the `layouts` option. */
  readonly loadLayout?: (key: string, signal?: AbortSignal) => Promise<unknown>;
  /** Present only with the `layouts` option. */
  readonly saveLayout?: (key: string, layout: unknown, signal?: AbortSignal) => Promise<void>;

  // -------------------------------------------------------------------------------------------

  /**
   * Sends a request and runs the response parser on its body; the parser's field errors get the
   * request in front: `POST /records items[3].id: …` (failures.ts).
   */
  async #call<T>(route: Route, signal: AbortSignal | undefined, parse: (body: unknown) => T, sent?: unknown, params?: Params): Promise<T> {
    const body = await this.#send(route, signal, sent, params);
    try {
      return parse(body);
    } catch (e) {
      if (!isAdapterError(e) || e.kind !== 'invalid-data') throw e;
      // Told by failures.ts (what the field should be: messages.ts); without that chunk, the field is still named.
      throw await this.#failure(route, (f, tell) => f.badAnswer(tell, route, e, () => parse(body)), e);
    }
  }

  /**
   * The error `failures.ts` builds (a lazy chunk, fetched at the first failure). When that chunk cannot
   * be loaded either (the network is down): `fallback` (a bad answer's invalid-data error, which
   * names the field), else a `network` error naming the request (a retry loads the chunk).
   */
  async #failure(route: string, make: (f: Failures, tell: Teller) => AdapterError, fallback?: AdapterError | false): Promise<AdapterError> {
    try {
      return make(await failures.load(), { label: this.label, secrets: this.#secrets });
    } catch {
      return fallback || new AdapterError('network', `The REST API (${this.label}) failed at ${route}, and why could not be loaded. Check the connection and try again.`);
    }
  }

  async #authHeader(route: string): Promise<string | undefined> {
    const t = this.#options.token;
    if (t === undefined) return undefined;
    let token: unknown;
    let threw: [unknown] | undefined;
    try {
      token = typeof t === 'function' ? await t() : t;
    } catch (e) {
      threw = [e];
    }
    if (threw || typeof token !== 'string' || token === '') throw await this.#failure(route, (f, tell) => f.noToken(tell, threw));
    if (this.#secrets.size < 16) this.#secrets.add(token);
    return `Bearer ${token}`;
  }

  /** Sends one request (`body` as JSON); resolves to the parsed JSON body (undefined for 204), or throws an AdapterError. */
  async #send(route: Route, signal: AbortSignal | undefined, body?: unknown, params: Params = {}): Promise<unknown> {
    const [method, path] = route.split(' ') as [string, string];
    const { headers: extra, credentials, fetch: send = fetch, timeoutMs = 30_000 } = this.#options;
    if (signal?.aborted) throw aborted(signal);
    const timer = Number.isFinite(timeoutMs) && timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    // Aborts when the caller's signal does or the time is up.
    const stop = AbortSignal.any([signal, timer].filter((x) => x) as AbortSignal[]);
    // Rejects as soon as the request is aborted or times out, even if `fetch` ignores its signal.
    const stopped = new Promise<never>((_, reject) => stop.addEventListener('abort', () => reject(stop.reason)));
    stopped.catch(() => {});
    const race = <T>(p: Promise<T>) => Promise.race([p, stopped]);
    try {
      const url = new URL(this.#base);
      url.pathname += path.slice(1).replace(/{(\w+)}/g, (_, k: keyof Params) => encodeURIComponent(params[k]!));
      const headers: Record<string, string> = { Accept: 'application/json', ...extra };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const auth = await race(this.#authHeader(route));
      if (auth) headers['Authorization'] = auth;
      const init: RequestInit = {
        // JSON.stringify(undefined): undefined, no body.
        method, headers, signal: stop, cache: 'no-store', body: JSON.stringify(body), credentials,
      };
      const res = await race(send(url.href, init));
      const text = await race(res.text());
      if (res.status === 204 || (res.ok && text.trim() === '' && method === 'PUT')) return undefined;
      if (res.ok) {
        try {
          return JSON.parse(text);
        } catch {
          // Not JSON: failures.ts says so.
        }
      }
      throw await race(this.#failure(route, (f, tell) => f.httpError(tell, route, res, text),
        res.ok && new AdapterError('invalid-data', `${route} (body): expected a JSON body (REST API ${this.label})`, { field: '(body)' })));
    } catch (e) {
      const late = !!timer?.aborted;
      if (!late && signal?.aborted) throw aborted(signal);
      if (!late && isAdapterError(e)) throw e;
      throw await this.#failure(route, (f, tell) => f.unanswered(tell, route, e, late, timeoutMs));
    }
  }
}

/** The values of a route's parameters. */
type Params = Readonly<Partial<Record<'type' | 'id' | 'key', string>>>;

const aborted = (signal: AbortSignal): AdapterError => cancelled(signal.reason);

/** The wire form of a filter: open date bounds (±Infinity) are left out, which means the same. */
function filterToWire(f: RecordFilter): RecordFilter {
  // A bound undefined is left out of the JSON (and of the query's key).
  return f.dates
    ? { ...f, dates: f.dates.map((d) => ({ fields: d.fields, from: d.from === -Infinity ? undefined : d.from, to: d.to === Infinity ? undefined : d.to })) }
    : f;
}

interface PendingAggregate {
  readonly queries: readonly AggregateQuery[];
  readonly signal: AbortSignal | undefined;
  readonly resolve: (results: readonly AggregateResult[]) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * One request several callers wait for. Each caller's signal rejects its own wait at once; the
 * request itself is aborted only when every caller has aborted (a caller without a signal keeps
 * it running).
 */
class Flight<T> {
  readonly promise: Promise<T>;
  readonly #ctl = new AbortController();
  #waiting = 0;
  #keep = false;

  constructor(run: (signal: AbortSignal) => Promise<T>) {
    this.promise = run(this.#ctl.signal);
    this.promise.catch(() => {});
  }

  /** Every caller left and the request was aborted. */
  get cancelled(): boolean {
    return this.#ctl.signal.aborted;
  }

  join(signal: AbortSignal | undefined): Promise<T> {
    if (!signal) {
      this.#keep = true;
      return this.promise;
    }
    if (!signal.aborted) this.#waiting++;
    return abortable(this.promise, signal, () => {
      if (--this.#waiting === 0 && !this.#keep) this.#ctl.abort(signal.reason);
    });
  }
}

/**
 * `p`, or the `aborted` AdapterError as soon as `signal` (if any) aborts (p itself keeps running; `then` runs
 * after that rejection, while `p` is unsettled: a shared request counts its callers). The Bitrix24
 * adapter has the same `within`: one shared module would be a chunk of its own, fetched by both
 * first loads (+0.2 KB each), and in the main bundle it would cost every page (measured 2026-11-27).
 */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, then?: () => void): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(aborted(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(aborted(signal));
      then?.();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
