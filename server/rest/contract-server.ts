/**
 * The REST contract (docs/rest-contract.md) served over ANY `CrmAdapter`: the reference
 * implementation a backend can copy, and the server `npm start` and the tests mount at `/api`.
 *
 * Pure TypeScript without Node imports: `handle()` takes a plain request and returns a plain
 * response (node.ts adapts it to Koa, connect and node:http); `fetch` answers in-process, for tests
 * and for the `fetch` option of `RestAdapter`.
 *
 * Every request is validated before the adapter sees it (400 with the field), every answer of the
 * adapter is validated and reduced to the contract's fields before it leaves (an adapter that
 * returns malformed data gives 502, never a malformed answer).
 */
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { isAdapterError } from '../../src/adapters/errors.js';
import {
  MAX_PAGE_SIZE, parseAggregateAnswers, parseAggregateRequest, parseClient, parseClientRef, parseLayoutKey,
  parseLayoutRequest, parseRecord, parseRecordQuery, parseReference,
} from '../../src/adapters/rest/validate.js';
import { fetchAll, runAggregates } from '../../src/core/evaluate.js';
import type { RecordKind, RecordOfKind } from '../../src/core/model.js';
import type { AggregateQuery, AggregateResult, RecordQuery } from '../../src/core/query.js';

export interface ContractRequest {
  readonly method: string;
  /** Path below the mount point, e.g. `/records` or `/clients/contact/1` (a `?query` suffix is ignored). */
  readonly path: string;
  /** Query string (unused by the contract; accepted for symmetry). */
  readonly query?: string;
  /** Header names in any case. */
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Raw JSON text, or an already parsed value. */
  readonly body?: unknown;
}

export interface ContractResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON value, or `undefined` for 204 answers. */
  readonly body: unknown;
}

export interface ContractServerOptions {
  /** The data behind the contract (default: the demo data, seed 1). */
  readonly adapter?: CrmAdapter;
  /** When set, every request but CORS preflights needs `Authorization: Bearer <token>`. */
  readonly token?: string;
  /**
   * Origins allowed to call from a browser: `'*'` (default; fine for bearer tokens) or a list, in
   * which case the matching `Origin` is echoed with `Access-Control-Allow-Credentials: true`, as
   * cookies (`credentials: 'include'`) require.
   */
  readonly origins?: '*' | readonly string[];
  /** Extra request headers browsers may send (e.g. `X-Api-Key`), beyond Authorization, Content-Type and Accept. */
  readonly allowHeaders?: readonly string[];
  /** Path prefix `fetch` strips from URLs (default `''`; the test and dev servers mount at `/api`). */
  readonly basePath?: string;
}

/** Thrown by routes, turned into the error envelope. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const LAYOUT_MAX_CHARS = 200_000;

/** Constant-time string comparison (the token check must not leak its length of matching prefix). */
function same(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

function header(req: ContractRequest, name: string): string | undefined {
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : (v as string | undefined);
  }
  return undefined;
}

/** Request validation errors (AdapterError invalid-data from validate.ts) → 400 naming the field. */
function badRequest<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (isAdapterError(e) && e.kind === 'invalid-data') throw new HttpError(400, 'invalid-request', e.message, e.field);
    throw e;
  }
}

/** The adapter's answer checked against the contract before it is sent (a broken adapter → 502). */
function checked<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (isAdapterError(e) && e.kind === 'invalid-data') {
      throw new HttpError(502, 'upstream-invalid-data', `The data source gave an invalid ${what}: ${e.message}`, e.field);
    }
    throw e;
  }
}

export class ContractServer {
  readonly adapter: CrmAdapter;
  readonly #token: string | undefined;
  readonly #origins: '*' | readonly string[];
  readonly #allowHeaders: string;
  readonly #basePath: string;
  /** Layouts when the adapter keeps none itself (in memory: a real backend stores them per user). */
  readonly #layouts = new Map<string, string>();

  constructor(options: ContractServerOptions = {}) {
    this.adapter = options.adapter ?? new DemoAdapter({ seed: 1 });
    this.#token = options.token || undefined;
    this.#origins = options.origins ?? '*';
    this.#allowHeaders = ['Authorization', 'Content-Type', 'Accept', ...(options.allowHeaders ?? [])].join(', ');
    this.#basePath = (options.basePath ?? '').replace(/\/+$/, '');
  }

  /** In-process `fetch` (same answers as over HTTP): the URL's path below `basePath` goes to {@link handle}. */
  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url, 'http://localhost');
    const method = init.method ?? (input instanceof Request ? input.method : 'GET');
    init.signal?.throwIfAborted();
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((v, k) => (headers[k] = v));
    const body = typeof init.body === 'string' ? init.body : input instanceof Request && method !== 'GET' ? await input.text() : undefined;
    const path = this.#basePath && url.pathname.startsWith(this.#basePath) ? url.pathname.slice(this.#basePath.length) || '/' : url.pathname;
    const answer = await this.handle({ method, path, query: url.search.slice(1), headers, body });
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
  };

  /** Answers one request. Never throws: failures become the error envelope. */
  async handle(req: ContractRequest): Promise<ContractResponse> {
    const cors = this.#cors(req);
    const method = req.method.toUpperCase();
    if (method === 'OPTIONS') {
      return {
        status: 204, body: undefined,
        headers: {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
          'Access-Control-Allow-Headers': this.#allowHeaders,
          'Access-Control-Max-Age': '600',
        },
      };
    }
    const json = { ...cors, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
    try {
      this.#authorize(req);
      const answer = await this.#route(method, req);
      return answer === undefined
        ? { status: 204, headers: { ...cors, 'Cache-Control': 'no-store' }, body: undefined }
        : { status: 200, headers: json, body: answer };
    } catch (e) {
      const err = this.#httpError(e);
      return {
        status: err.status,
        headers: { ...json, ...err.headers },
        body: { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } },
      };
    }
  }

  #cors(req: ContractRequest): Record<string, string> {
    const base = { 'Access-Control-Expose-Headers': 'Retry-After, WWW-Authenticate' };
    if (this.#origins === '*') return { ...base, 'Access-Control-Allow-Origin': '*' };
    const origin = header(req, 'origin');
    return origin && this.#origins.includes(origin)
      ? { ...base, 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }
      : { ...base, Vary: 'Origin' };
  }

  #authorize(req: ContractRequest): void {
    if (this.#token === undefined) return;
    const auth = header(req, 'authorization');
    const challenge = { 'WWW-Authenticate': 'Bearer realm="crm-profile"' };
    if (!auth) throw new HttpError(401, 'unauthorized', 'This API needs a bearer token (Authorization: Bearer …).', undefined, challenge);
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (!m || !same(m[1]!, this.#token)) {
      throw new HttpError(401, 'unauthorized', 'The bearer token is not valid.', undefined, { 'WWW-Authenticate': 'Bearer realm="crm-profile", error="invalid_token"' });
    }
  }

  #body(req: ContractRequest): unknown {
    const b = req.body;
    if (typeof b !== 'string') return b;
    if (b.trim() === '') throw new HttpError(400, 'invalid-request', '(body): expected a JSON body', '(body)');
    try {
      return JSON.parse(b);
    } catch {
      throw new HttpError(400, 'invalid-request', '(body): expected a JSON body, got text that is not JSON', '(body)');
    }
  }

  async #route(method: string, req: ContractRequest): Promise<unknown> {
    const path = req.path.split('?')[0]!.replace(/\/+$/, '') || '/';
    const parts = path.split('/').slice(1);
    const decode = (s: string, field: string): string => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new HttpError(400, 'invalid-request', `${field}: expected a URL-encoded path segment`, field);
      }
    };
    const allow = (...methods: string[]) => {
      if (!methods.includes(method)) {
        throw new HttpError(405, 'method-not-allowed', `${path} answers ${methods.join(', ')} only.`, undefined, { Allow: [...methods, 'OPTIONS'].join(', ') });
      }
    };
    if (parts[0] === 'clients' && parts.length === 3) {
      allow('GET');
      const ref = badRequest(() => parseClientRef(decode(parts[1]!, 'type'), decode(parts[2]!, 'id')));
      const client = await this.adapter.getClient(ref);
      return checked('client', () => parseClient(client, '', ref));
    }
    if (path === '/records') {
      allow('POST');
      const body = this.#body(req);
      return this.#records(badRequest(() => parseRecordQuery(body)));
    }
    if (path === '/aggregate') {
      allow('POST');
      const body = this.#body(req);
      return this.#aggregate(badRequest(() => parseAggregateRequest(body)));
    }
    if (path === '/reference') {
      allow('GET');
      if (!this.adapter.referenceData) throw new HttpError(501, 'not-implemented', 'This data source has no reference data.');
      const raw = await this.adapter.referenceData();
      const { reference, now } = checked('reference data', () => parseReference({ ...raw, now: this.adapter.now }));
      return { ...reference, ...(now === undefined ? {} : { now }) };
    }
    if (parts[0] === 'layouts' && parts.length === 2) {
      allow('GET', 'PUT');
      const key = badRequest(() => parseLayoutKey(decode(parts[1]!, 'key')));
      if (method === 'GET') return { layout: await this.#loadLayout(key) };
      const layout = badRequest(() => parseLayoutRequest(this.#body(req)));
      const text = JSON.stringify(layout ?? null);
      if (text.length > LAYOUT_MAX_CHARS) throw new HttpError(413, 'too-large', `layout: expected at most ${LAYOUT_MAX_CHARS} characters of JSON`, 'layout');
      await this.#saveLayout(key, layout);
      return undefined;
    }
    throw new HttpError(404, 'not-found', `No such endpoint: ${method} ${path.slice(0, 100)}.`);
  }

  /** One page; pages larger than the adapter's own are read in several calls. */
  async #records(q: RecordQuery): Promise<unknown> {
    const step = Math.min(this.adapter.maxPageSize ?? 100, MAX_PAGE_SIZE);
    const items: unknown[] = [];
    let total = 0;
    for (let offset = q.page.offset, first = true; items.length < q.page.limit; first = false) {
      const limit = Math.min(step, q.page.limit - items.length);
      const page = await this.adapter.records({ ...q, page: { offset, limit } });
      if (first) total = page.total;
      const got = page.items.slice(0, limit);
      items.push(...got);
      offset += got.length;
      if (got.length < limit || offset >= page.total) break;
    }
    return checked('record page', () => ({
      items: items.map((r, i) => parseRecord(q.kind, r, `items[${i}]`)) as RecordOfKind[RecordKind][],
      total,
    }));
  }

  async #aggregate(queries: readonly AggregateQuery[]): Promise<unknown> {
    if (queries.length === 0) return { results: [] };
    let results: readonly (AggregateResult | { error: { code: string; message: string } })[];
    if (this.adapter.aggregate) results = await this.#aggregateByKind(this.adapter.aggregate.bind(this.adapter), queries);
    else {
      // A source without push-down: read the records and aggregate here (the core's reference path).
      // Activities grouped or filtered by pipeline need each deal's pipeline: read the client's deals once.
      const pipelineOf = await Promise.all(queries.map(async (q) => {
        if (q.kind !== 'activity' || (q.groupBy !== 'pipeline' && !q.filter.pipelines?.length)) return undefined;
        const deals = await fetchAll(this.adapter, 'deal', { client: q.filter.client });
        return new Map(deals.map((d) => [d.id, d.pipelineId]));
      }));
      results = await runAggregates(this.adapter, queries, { local: true, pipelineOf });
    }
    return checked('aggregate result', () => ({
      results: parseAggregateAnswers({ results }, queries).map((r) => ('rows' in r ? r : { error: r })),
    }));
  }

  /**
   * The queries asked per record kind: when the source fails for one kind (its activities are
   * down…), the queries of that kind answer `{ error }` and the others their rows, so only the
   * widgets that need that kind fail. When every kind fails, the whole request fails as usual.
   */
  async #aggregateByKind(
    aggregate: NonNullable<CrmAdapter['aggregate']>, queries: readonly AggregateQuery[],
  ): Promise<(AggregateResult | { error: { code: string; message: string } })[]> {
    const kinds = [...new Set(queries.map((q) => q.kind))];
    const out: (AggregateResult | { error: { code: string; message: string } })[] = [];
    const failures = await Promise.all(kinds.map(async (kind) => {
      const at = queries.flatMap((q, i) => (q.kind === kind ? [i] : []));
      try {
        const rows = await aggregate(at.map((i) => queries[i]!));
        at.forEach((i, j) => (out[i] = rows[j]!));
        return undefined;
      } catch (e) {
        const err = this.#httpError(e);
        at.forEach((i) => (out[i] = { error: { code: err.code, message: err.message } }));
        return e;
      }
    }));
    if (failures.every((e) => e !== undefined)) throw failures[0];
    return out;
  }

  async #loadLayout(key: string): Promise<unknown> {
    if (this.adapter.loadLayout) return (await this.adapter.loadLayout(key)) ?? null;
    const text = this.#layouts.get(key);
    return text === undefined ? null : (JSON.parse(text) as unknown);
  }

  async #saveLayout(key: string, layout: unknown): Promise<void> {
    if (this.adapter.saveLayout) return this.adapter.saveLayout(key, layout);
    this.#layouts.set(key, JSON.stringify(layout ?? null));
  }

  /** Any failure → status, code and a message safe to send (internal errors say nothing more). */
  #httpError(e: unknown): HttpError {
    if (e instanceof HttpError) return e;
    if (isAdapterError(e)) {
      switch (e.kind) {
        case 'not-found': return new HttpError(404, 'not-found', e.message);
        // The request was fine, the data behind it is not usable (e.g. an id the source refuses).
        case 'invalid-data': return new HttpError(400, 'invalid-data', e.message, e.field);
        case 'rate-limit': {
          const s = Math.max(1, Math.ceil((e.retryAfterMs ?? 1000) / 1000));
          return new HttpError(429, 'rate-limited', e.message, undefined, { 'Retry-After': String(s) });
        }
        case 'timeout': return new HttpError(504, 'upstream-timeout', e.message);
        // The server's own credentials towards its source: nothing the caller's token can fix.
        case 'auth': return new HttpError(502, 'upstream-auth', 'The data source behind this API refused its credentials.');
        default: return new HttpError(502, 'upstream-unavailable', e.message);
      }
    }
    return new HttpError(500, 'internal', 'Internal server error.');
  }
}
