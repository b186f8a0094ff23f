/**
 * A Bitrix24 REST emulator over the seeded demo dataset: the methods the Bitrix24 adapter calls,
 * with the real envelopes, value shapes, errors, auth (incoming webhook and OAuth token), `batch`,
 * paging and the leaky-bucket rate limit, plus fault injection for tests.
 *
 * Pure TypeScript without Node imports: it runs in the browser (tests call `emulator.fetch`), in
 * Node behind node:http / Vite / web-test-runner (see node.ts), and in-process in benchmarks.
 *
 * Sources of the mirrored behaviour: /work/shared/research/bitrix24.md (the "research note", § =
 * section) and the fixtures in test/fixtures/bitrix24/ ("Fx: name"). Endpoints and knobs:
 * emulator/README.md.
 */
import { generateDemoData, type DemoDataset, type DemoOptions } from '../../src/adapters/demo/generate.js';
import { RestError, asObject, isoAt, parsePhpQuery, phpMap, type ListPage } from './query.js';
import { DemoRows, ENTITY } from './rows.js';

// ---------------------------------------------------------------------------------------------
// Public types

export interface RateLimit {
  /** Requests drained per second (2 on ordinary plans, 5 on Enterprise; research note §2.3). */
  readonly rate: number;
  /** Bucket size (50, Enterprise 250). */
  readonly burst: number;
}

export interface EmulatorOptions {
  /** The dataset, or options for `generateDemoData` (default `{ seed: 1 }`). */
  readonly data?: DemoDataset | DemoOptions;
  /** Valid incoming webhook: `/rest/{userId}/{code}/` (default user 1, code `demo-webhook-code`). */
  readonly webhook?: { readonly userId: string | number; readonly code: string };
  /** OAuth access tokens valid at start and after `reset()` (default `['demo-access-token']`). */
  readonly tokens?: readonly string[];
  /** Rate limit at start and after `reset()` (default `{ rate: 2, burst: 50 }`; `false` = none). */
  readonly rateLimit?: RateLimit | false;
  /** Clock in epoch ms, for the rate limit and the `time` envelope (default `Date.now`). */
  readonly now?: () => number;
  /** How `slowMs` waits (default `setTimeout`). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The portal's UTC offset in minutes, used in every date (default 180: "+03:00", as the fixtures). */
  readonly offsetMinutes?: number;
  /** Serve exact instants in `closedate` instead of calendar days (see rows.ts `RowsOptions.exactDates`). */
  readonly exactDates?: boolean;
}

/** `POST /__emulator/faults` / `setFaults()`. Counts: the next n REST requests fail that way. */
export interface EmulatorFaults {
  /** Marks this access token expired: requests with it get 401 `expired_token`. */
  readonly expireToken?: string;
  /** HTTP 429 `OPERATION_TIME_LIMIT` with `time.operating_reset_at` a second ahead. */
  readonly status429?: number;
  /** HTTP 500 `INTERNAL_SERVER_ERROR`. */
  readonly status500?: number;
  /** HTTP 503 `QUERY_LIMIT_EXCEEDED`. */
  readonly status503?: number;
  /** Delay before every REST answer, in ms (0 = none). */
  readonly slowMs?: number;
  /** Replaces the rate limit (`false` turns it off). */
  readonly rateLimit?: RateLimit | false;
}

export interface EmulatorRequest {
  /** URL path, e.g. `/rest/1/demo-webhook-code/crm.item.list.json` (a `?query` suffix is accepted). */
  readonly path: string;
  /** Query string without `?` (PHP style: `filter[>=CREATED]=…&select[]=ID`). */
  readonly query?: string;
  /** Parsed JSON, or the raw body text (JSON or `application/x-www-form-urlencoded`). */
  readonly body?: unknown;
  /** HTTP method (default POST when there is a body, else GET). */
  readonly method?: string;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface EmulatorLogEntry {
  /** The REST method (lower case), e.g. `crm.item.list` or `batch`. */
  readonly method: string;
  /** For `batch`: the commands as sent (`"crm.item.list?entityTypeId=2&…"`), in order. */
  readonly commands?: string[];
  /** HTTP status of the answer. */
  status: number;
}

export interface EmulatorStats {
  /** REST requests received over HTTP (or `fetch`/`handle`); a batch counts 1. */
  readonly requests: number;
  /** Calls per method: every REST request, plus each batch sub-command that ran. */
  readonly calls: Record<string, number>;
  readonly log: EmulatorLogEntry[];
}

export const DEFAULT_WEBHOOK = { userId: '1', code: 'demo-webhook-code' } as const;
export const DEFAULT_TOKEN = 'demo-access-token';
export const DEFAULT_RATE_LIMIT: RateLimit = { rate: 2, burst: 50 };
/** research note §1.5: at most 50 commands per batch. */
export const BATCH_LIMIT = 50;

// ---------------------------------------------------------------------------------------------
// Errors (research note §2.1–2.2, fixtures error.*.json)

const err = {
  /** Wrong webhook user or code: what a portal answers to a deleted / mistyped webhook. */
  invalidCredentials: () => new RestError(401, 'INVALID_CREDENTIALS', 'Invalid request credentials'),
  /** Fx: error.NO_AUTH_FOUND.json (OAuth path without `auth`). */
  noAuth: () => new RestError(401, 'NO_AUTH_FOUND', 'Wrong authorization data'),
  expiredToken: () => new RestError(401, 'expired_token', 'The access token provided has expired.'),
  invalidToken: () => new RestError(401, 'invalid_token', 'The access token provided is invalid.'),
  /** Fx: error.QUERY_LIMIT_EXCEEDED.json. */
  queryLimit: () => new RestError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'),
  /** Fx: error.OPERATION_TIME_LIMIT.json. */
  operationLimit: () => new RestError(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.'),
  internal: () => new RestError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'),
  methodNotFound: () => new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!'),
  batchLength: () => new RestError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded'),
  batchMethod: () => new RestError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage'),
  /** Fx: error.NOT_FOUND.json (crm.item.get). */
  itemNotFound: () => new RestError(400, 'NOT_FOUND', 'Element not found'),
  /** Legacy CRM methods: empty code, text in the description (research note §3.7). */
  legacyNotFound: () => new RestError(400, '', 'Not found'),
  legacyBadId: () => new RestError(400, '', 'ID is not defined or invalid.'),
  /** research note §4.2: placements need an application (OAuth), not a webhook. */
  wrongAuthType: () => new RestError(403, 'WRONG_AUTH_TYPE', 'Application context required'),
};

// ---------------------------------------------------------------------------------------------
// The emulator

interface Auth {
  readonly kind: 'webhook' | 'oauth';
  /** Rate-limit bucket key. */
  readonly key: string;
  readonly userId: number;
}

interface CallResult {
  readonly result: unknown;
  readonly total?: number;
  readonly next?: number;
}

type Method = (params: Record<string, unknown>, auth: Auth) => CallResult;

interface Placement {
  readonly placement: string;
  readonly handler: string;
  readonly title: string;
  readonly description: string;
}

const int = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
};
/** A parameter by name, any case (`id` / `ID`, `entityTypeId` / `ENTITY_TYPE_ID`). */
const param = (params: Record<string, unknown>, name: string): unknown => {
  const want = name.toLowerCase().replace(/_/g, '');
  for (const [k, v] of Object.entries(params)) if (k.toLowerCase().replace(/_/g, '') === want) return v;
  return undefined;
};
const page = (p: ListPage, wrap?: (rows: Record<string, unknown>[]) => unknown): CallResult => ({
  result: wrap ? wrap(p.rows) : p.rows,
  ...(p.total !== undefined ? { total: p.total } : {}),
  ...(p.next !== undefined ? { next: p.next } : {}),
});

export class Bitrix24Emulator {
  /** The dataset served. */
  readonly data: DemoDataset;
  /** The dataset as Bitrix24 rows. */
  readonly rows: DemoRows;
  readonly webhook: { readonly userId: string; readonly code: string };

  readonly #options: EmulatorOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #offset: number;
  readonly #methods: Record<string, Method>;

  #rateLimit: RateLimit | false = false;
  readonly #buckets = new Map<string, { level: number; at: number }>();
  #faults = { status429: 0, status500: 0, status503: 0, slowMs: 0 };
  readonly #tokens = new Set<string>();
  readonly #expired = new Set<string>();
  #refreshes = 0;
  #placements: Placement[] = [];
  #requests = 0;
  #calls: Record<string, number> = {};
  #log: EmulatorLogEntry[] = [];

  constructor(options: EmulatorOptions = {}) {
    this.#options = options;
    const data = options.data ?? { seed: 1 };
    this.data = 'clients' in data ? data : generateDemoData(data);
    this.#offset = options.offsetMinutes ?? 180;
    this.rows = new DemoRows(this.data, { offsetMinutes: this.#offset, exactDates: options.exactDates ?? false });
    this.webhook = { userId: String(options.webhook?.userId ?? DEFAULT_WEBHOOK.userId), code: options.webhook?.code ?? DEFAULT_WEBHOOK.code };
    this.#now = options.now ?? (() => Date.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#methods = this.#registry();
    this.reset();
  }

  /** The webhook base path, e.g. `/rest/1/demo-webhook-code/` (prefix it with the server origin). */
  get webhookPath(): string {
    return `/rest/${this.webhook.userId}/${this.webhook.code}/`;
  }

  /**
   * Builds the lazy indexes (activity bindings, stage history, id and client indexes) now, so that
   * a benchmark does not time them in its first request. Takes seconds on a million activities.
   */
  warmUp(): void {
    const { deals, invoices, activities } = this.rows;
    deals.list({ filter: { contactIds: 0, contactId: 0, companyId: 0, '>=createdTime': 0 } });
    invoices.list({ filter: { contactIds: 0, contactId: 0, companyId: 0, parentId2: 0, '>=createdTime': 0 } });
    activities.list({ filter: { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 0 }], '>=CREATED': 0 } });
    for (const t of [ENTITY.deal, ENTITY.invoice]) this.rows.history(t)?.list({ filter: { OWNER_ID: 0, '>=CREATED_TIME': 0 } });
  }

  /** Back to the start state: faults cleared, rate limit as configured, stats zeroed, tokens and placements reset. */
  reset(): void {
    this.#rateLimit = this.#options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : this.#options.rateLimit;
    this.#buckets.clear();
    this.#faults = { status429: 0, status500: 0, status503: 0, slowMs: 0 };
    this.#tokens.clear();
    for (const t of this.#options.tokens ?? [DEFAULT_TOKEN]) this.#tokens.add(t);
    this.#expired.clear();
    this.#refreshes = 0;
    this.#placements = [];
    this.#requests = 0;
    this.#calls = {};
    this.#log = [];
  }

  /** Applies fault knobs (see {@link EmulatorFaults}); returns the resulting state. */
  setFaults(f: EmulatorFaults): { status429: number; status500: number; status503: number; slowMs: number; rateLimit: RateLimit | false; expired: string[] } {
    const count = (v: unknown, name: string): number => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new RestError(400, 'INVALID_ARG_VALUE', `${name} must be a non-negative number`);
      return Math.floor(n);
    };
    if (f.status429 !== undefined) this.#faults.status429 = count(f.status429, 'status429');
    if (f.status500 !== undefined) this.#faults.status500 = count(f.status500, 'status500');
    if (f.status503 !== undefined) this.#faults.status503 = count(f.status503, 'status503');
    if (f.slowMs !== undefined) this.#faults.slowMs = count(f.slowMs, 'slowMs');
    if (f.expireToken !== undefined) this.#expired.add(String(f.expireToken));
    if (f.rateLimit !== undefined) {
      if (f.rateLimit !== false && !(Number(f.rateLimit.rate) > 0 && Number(f.rateLimit.burst) >= 1)) {
        throw new RestError(400, 'INVALID_ARG_VALUE', 'rateLimit must be false or {rate > 0, burst >= 1}');
      }
      this.#rateLimit = f.rateLimit === false ? false : { rate: Number(f.rateLimit.rate), burst: Number(f.rateLimit.burst) };
      this.#buckets.clear();
    }
    return { ...this.#faults, rateLimit: this.#rateLimit, expired: [...this.#expired] };
  }

  /** A snapshot of the counters (copies: later requests do not change it). */
  stats(): EmulatorStats {
    return { requests: this.#requests, calls: { ...this.#calls }, log: this.#log.map((e) => ({ ...e, ...(e.commands ? { commands: [...e.commands] } : {}) })) };
  }

  /** OAuth refresh (`POST /__emulator/oauth/refresh`): issues `token-<n>` / `refresh-<n>`; the new token is valid at once. */
  refreshToken(refreshToken: unknown): { access_token: string; refresh_token: string; expires_in: number } {
    if (typeof refreshToken !== 'string' || refreshToken.trim() === '') {
      throw new RestError(400, 'invalid_grant', 'Invalid refresh token');
    }
    const n = ++this.#refreshes;
    const token = `token-${n}`;
    this.#tokens.add(token);
    return { access_token: token, refresh_token: `refresh-${n}`, expires_in: 3600 };
  }

  /**
   * In-process `fetch`: the URL's path and query and the JSON (or form) body go to {@link handle};
   * the answer comes back as a `Response`. Honours `init.signal`.
   */
  readonly fetch = async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const signal = init.signal ?? undefined;
    const aborted = () => signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
    if (signal?.aborted) throw aborted();
    const url = new URL(String(input), 'http://emulator.invalid');
    const body = typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body.toString() : undefined;
    const answer = this.handle({ path: url.pathname, query: url.search.slice(1), body, method: init.method ?? 'GET' });
    const res = signal
      ? await new Promise<EmulatorResponse>((resolve, reject) => {
        const onAbort = () => reject(aborted());
        signal.addEventListener('abort', onAbort, { once: true });
        answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      })
      : await answer;
    return new Response(JSON.stringify(res.body), { status: res.status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  };

  /** Answers one HTTP request: `/rest/…` (REST) or `/__emulator/…` (control). */
  async handle(req: EmulatorRequest): Promise<EmulatorResponse> {
    const q = req.path.indexOf('?');
    const path = q < 0 ? req.path : req.path.slice(0, q);
    const query = req.query ?? (q < 0 ? '' : req.path.slice(q + 1));
    const httpMethod = (req.method ?? (req.body === undefined ? 'GET' : 'POST')).toUpperCase();
    try {
      if (path.startsWith('/__emulator/')) return this.#control(path, httpMethod, req.body);
      if (path.startsWith('/rest/')) return await this.#rest(path, query, req.body);
      return { status: 404, body: { error: 'NOT_FOUND', error_description: `No emulator endpoint at ${path}` } };
    } catch (e) {
      if (e instanceof RestError) return { status: e.status, body: e.body };
      throw e;
    }
  }

  // --- control endpoints ---------------------------------------------------------------------

  #control(path: string, httpMethod: string, rawBody: unknown): EmulatorResponse {
    const expect = (m: string) => {
      if (httpMethod !== m) throw new RestError(405, 'METHOD_NOT_ALLOWED', `Use ${m} for ${path}`);
    };
    switch (path.replace(/\/$/, '')) {
      case '/__emulator/faults':
        expect('POST');
        return { status: 200, body: { result: this.setFaults(jsonBody(rawBody) as EmulatorFaults) } };
      case '/__emulator/reset':
        expect('POST');
        this.reset();
        return { status: 200, body: { result: true } };
      case '/__emulator/stats':
        expect('GET');
        return { status: 200, body: this.stats() };
      case '/__emulator/oauth/refresh':
        expect('POST');
        return { status: 200, body: this.refreshToken(param(jsonBody(rawBody), 'refresh_token')) };
      default:
        return { status: 404, body: { error: 'NOT_FOUND', error_description: `No emulator endpoint at ${path}` } };
    }
  }

  // --- REST ----------------------------------------------------------------------------------

  async #rest(path: string, query: string, rawBody: unknown): Promise<EmulatorResponse> {
    const started = this.#now();
    // `/rest/{user}/{code}/{method}[.json]` (webhook) or `/rest/{method}[.json]` (OAuth), research note §1.1.
    const m = /^\/rest\/(?:([^/]+)\/([^/]+)\/)?([^/]*?)(?:\.json)?\/?$/.exec(path);
    const method = (m?.[3] ?? '').toLowerCase();
    const params: Record<string, unknown> = { ...parsePhpQuery(query), ...bodyParams(rawBody) };
    this.#requests++;
    this.#count(method || '(none)');
    const cmd = method === 'batch' ? asObject(param(params, 'cmd')) : undefined;
    const entry: EmulatorLogEntry = { method: method || '(none)', ...(cmd ? { commands: Object.values(cmd).map(String) } : {}), status: 0 };
    this.#log.push(entry);
    if (this.#faults.slowMs > 0) await this.#sleep(this.#faults.slowMs);

    let res: EmulatorResponse;
    try {
      const auth = this.#authenticate(m, params);
      this.#throttle(auth.key);
      this.#injectFault();
      if (!m || !method) throw err.methodNotFound();
      const out = this.#call(method, params, auth);
      res = { status: 200, body: { result: out.result, ...(out.total !== undefined ? { total: out.total } : {}), ...(out.next !== undefined ? { next: out.next } : {}), time: this.#time(started) } };
    } catch (e) {
      if (!(e instanceof RestError)) throw e;
      const body: Record<string, unknown> = { ...e.body };
      // 429 carries the resource-limit clock: come back at operating_reset_at (research note §2.3).
      if (e.status === 429) body['time'] = { ...this.#time(started), operating_reset_at: Math.ceil((this.#now() + 1000) / 1000) };
      res = { status: e.status, body };
    }
    entry.status = res.status;
    return res;
  }

  #count(method: string): void {
    this.#calls[method] = (this.#calls[method] ?? 0) + 1;
  }

  #authenticate(m: RegExpExecArray | null, params: Record<string, unknown>): Auth {
    const auth = params['auth'];
    delete params['auth'];
    if (m?.[1] !== undefined) {
      if (m[1] !== this.webhook.userId || m[2] !== this.webhook.code) throw err.invalidCredentials();
      return { kind: 'webhook', key: `webhook:${m[1]}`, userId: Number(m[1]) };
    }
    if (typeof auth !== 'string' || auth === '') throw err.noAuth();
    if (this.#expired.has(auth)) throw err.expiredToken();
    if (!this.#tokens.has(auth)) throw err.invalidToken();
    return { kind: 'oauth', key: `oauth:${auth}`, userId: 1 };
  }

  /** Leaky bucket per credential (research note §2.3): +1 per request, drains `rate`/s, 503 above `burst`. */
  #throttle(key: string): void {
    const limit = this.#rateLimit;
    if (!limit) return;
    const now = this.#now();
    const b = this.#buckets.get(key) ?? { level: 0, at: now };
    b.level = Math.max(0, b.level - ((now - b.at) / 1000) * limit.rate);
    b.at = now;
    this.#buckets.set(key, b);
    if (b.level + 1 > limit.burst) throw err.queryLimit();
    b.level += 1;
  }

  #injectFault(): void {
    const f = this.#faults;
    if (f.status429 > 0) {
      f.status429--;
      throw err.operationLimit();
    }
    if (f.status500 > 0) {
      f.status500--;
      throw err.internal();
    }
    if (f.status503 > 0) {
      f.status503--;
      throw err.queryLimit();
    }
  }

  /** The `time` object of every answer (Fx: time.json): seconds, ISO dates at the portal offset. */
  #time(startedMs: number): Record<string, unknown> {
    const finished = this.#now();
    const seconds = (ms: number) => ms / 1000;
    return {
      start: seconds(startedMs),
      finish: seconds(finished),
      duration: seconds(finished - startedMs),
      processing: seconds(finished - startedMs),
      date_start: isoAt(startedMs, this.#offset),
      date_finish: isoAt(finished, this.#offset),
      operating_reset_at: Math.floor(startedMs / 1000) + 600,
      operating: 0,
    };
  }

  #call(method: string, params: Record<string, unknown>, auth: Auth): CallResult {
    const fn = Object.prototype.hasOwnProperty.call(this.#methods, method) ? this.#methods[method] : undefined;
    if (!fn) throw err.methodNotFound();
    return fn(params, auth);
  }

  // --- methods -------------------------------------------------------------------------------

  #registry(): Record<string, Method> {
    const rows = this.rows;
    const list = (params: Record<string, unknown>) => ({
      filter: param(params, 'filter'), order: param(params, 'order'), select: param(params, 'select'), start: param(params, 'start'),
    });
    const itemTable = (params: Record<string, unknown>) => {
      const t = int(param(params, 'entityTypeId'));
      if (t === ENTITY.deal) return rows.deals;
      if (t === ENTITY.invoice) return rows.invoices;
      // crm-item-list.md: an unknown entityTypeId is a NOT_FOUND (the emulator has deals and invoices only).
      throw new RestError(400, 'NOT_FOUND', 'Smart process not found');
    };
    const legacyId = (params: Record<string, unknown>): number => {
      const n = int(param(params, 'id'));
      if (n === undefined || n <= 0) throw err.legacyBadId();
      return n;
    };
    const client = (type: 'contact' | 'company') => (params: Record<string, unknown>): CallResult => {
      const c = rows.client(type, String(legacyId(params)));
      if (!c) throw err.legacyNotFound();
      return { result: type === 'contact' ? rows.contactRow(c) : rows.companyRow(c) };
    };
    const appOnly = (auth: Auth) => {
      if (auth.kind !== 'oauth') throw err.wrongAuthType();
    };

    return {
      batch: (params, auth) => this.#batch(params, auth),

      // research note §3.2 / §3.3; Fx: crm.item.list.deal.json, crm.item.get.lead.json
      'crm.item.list': (params) => page(itemTable(params).list(list(params)), (items) => ({ items })),
      'crm.item.get': (params) => {
        const item = itemTable(params).byId(int(param(params, 'id')));
        if (!item) throw err.itemNotFound();
        return { result: { item } };
      },

      // research note §3.6; Fx: crm.activity.list.json, crm.activity.get.json
      'crm.activity.list': (params) => page(rows.activities.list(list(params))),
      'crm.activity.get': (params) => {
        const a = rows.activity(String(legacyId(params)));
        if (!a) throw err.legacyNotFound();
        return { result: rows.activities.render(a) };
      },
      // Fx (shared): crm.activity.binding.list.json — camelCase numbers
      'crm.activity.binding.list': (params) => {
        const n = int(param(params, 'activityId'));
        const a = n === undefined ? undefined : rows.activity(String(n));
        if (!a) throw err.itemNotFound();
        return { result: rows.bindingsOf(a).map(([t, entityId]) => ({ entityTypeId: t, entityId })) };
      },

      // research note §3.5; Fx: crm.stage.history.list.json
      'crm.stage.history.list': (params) => {
        const table = rows.history(int(param(params, 'entityTypeId')) ?? 0);
        if (!table) return { result: { items: [] }, total: 0 };
        return page(table.list(list(params)), (items) => ({ items }));
      },

      // research note §3.7; Fx: crm.contact.get.json, crm.company.get.json
      'crm.contact.get': client('contact'),
      'crm.company.get': client('company'),
      // Fx (shared): crm.deal.contact.items.get.json
      'crm.deal.contact.items.get': (params) => {
        const d = rows.deal(String(legacyId(params)));
        if (!d) throw err.legacyNotFound();
        return { result: rows.dealContacts(d) };
      },
      // Fx: crm.item.payment.list.json (smart invoices; deals have no payments here)
      'crm.item.payment.list': (params) => {
        const t = int(param(params, 'entityTypeId'));
        const n = int(param(params, 'entityId'));
        if (t === ENTITY.deal && n !== undefined && rows.deal(String(n))) return { result: [] };
        const i = t === ENTITY.invoice && n !== undefined ? rows.invoice(String(n)) : undefined;
        if (!i) throw err.itemNotFound();
        return { result: rows.payments(i) };
      },

      // research note §3.8; Fx: crm.currency.base.get.json, crm.currency.list.json
      'crm.currency.base.get': () => ({ result: this.data.reference.baseCurrency }),
      // The docs example answers `"total": 0` for the full list: mirrored.
      'crm.currency.list': () => ({ result: rows.currencies(), total: 0 }),
      // Fx: crm.category.list.json
      'crm.category.list': (params) => {
        const categories = rows.categories(int(param(params, 'entityTypeId')) ?? 0);
        return { result: { categories }, total: categories.length };
      },
      // Fx: crm.status.list.json; research note §3.8 (ENTITY_ID must be a string)
      'crm.status.list': (params) => {
        const filter = asObject(param(params, 'filter'));
        const entity = filter ? param(filter, 'ENTITY_ID') : undefined;
        if (entity !== undefined && typeof entity !== 'string') throw new RestError(400, '', 'Filter by ENTITY_ID must be a string');
        return page(rows.statuses.list({ filter: param(params, 'filter'), order: param(params, 'order') }));
      },

      // Fx: user.get.json, user.current.json (research note §3.8)
      'user.get': (params) => {
        let filter = param(params, 'filter');
        if (filter === undefined) {
          const rest = Object.fromEntries(Object.entries(params).filter(([k]) => !['sort', 'order', 'start', 'admin_mode'].includes(k.toLowerCase())));
          filter = rest;
        }
        const sort = param(params, 'sort');
        const order = typeof sort === 'string' ? { [sort]: param(params, 'order') ?? 'ASC' } : undefined;
        return page(rows.users.list({ filter, order, start: param(params, 'start') }));
      },
      'user.current': (_params, auth) => {
        const pos = rows.users.lookup('ID', auth.userId)[0];
        const user = pos !== undefined
          ? rows.users.render(rows.users.rows[pos]!)
          : rows.users.render({ id: auth.userId, first: 'Demo', last: 'Administrator' });
        return { result: user };
      },
      // Fx: batch.json (get_department)
      'department.get': () => ({ result: [{ ID: '1', NAME: 'Demo company', SORT: 500, UF_HEAD: String(this.webhook.userId) }], total: 1 }),

      // research note §4.2: placements are registered by an application (OAuth), never a webhook.
      'placement.bind': (params, auth) => {
        appOnly(auth);
        const placement = String(param(params, 'PLACEMENT') ?? '').toUpperCase();
        const handler = String(param(params, 'HANDLER') ?? '');
        if (!/^[A-Z0-9_]+$/.test(placement)) throw new RestError(400, 'ERROR_PLACEMENT_NOT_FOUND', 'Placement not found');
        if (!/^https?:\/\/\S+$/.test(handler)) throw new RestError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
        if (this.#placements.some((p) => p.placement === placement && p.handler === handler)) {
          throw new RestError(400, 'ERROR_CORE', 'Unable to set placement handler: Handler already binded');
        }
        this.#placements.push({ placement, handler, title: String(param(params, 'TITLE') ?? ''), description: String(param(params, 'DESCRIPTION') ?? '') });
        return { result: true };
      },
      'placement.unbind': (params, auth) => {
        appOnly(auth);
        const placement = String(param(params, 'PLACEMENT') ?? '').toUpperCase();
        const handler = param(params, 'HANDLER');
        const before = this.#placements.length;
        this.#placements = this.#placements.filter((p) => !(p.placement === placement && (handler === undefined || p.handler === handler)));
        return { result: { count: before - this.#placements.length } };
      },
      'placement.get': (_params, auth) => {
        appOnly(auth);
        return { result: this.#placements.map((p) => ({ placement: p.placement, handler: p.handler, title: p.title, description: p.description, options: [], langAll: [] })) };
      },
      // A webhook gets app.info without CODE (no application behind it).
      'app.info': (_params, auth) => ({
        result: {
          ID: 1, ...(auth.kind === 'oauth' ? { CODE: 'local.crm-profile-widgets' } : {}), VERSION: 1, STATUS: 'L', INSTALLED: true,
          PAYMENT_EXPIRED: 'N', DAYS: null, LANGUAGE_ID: 'en', LICENSE: 'en_project', LICENSE_TYPE: 'project', LICENSE_FAMILY: 'project',
        },
      }),
    };
  }

  /**
   * `batch` (research note §1.5; Fx: batch.json, batch.error.halt0.json, batch.error.halt1.json):
   * up to 50 PHP-query sub-calls; failures go to `result_error` and the request stays HTTP 200;
   * `halt: 1` stops at the first failure; every empty map is PHP's `[]`.
   */
  #batch(params: Record<string, unknown>, auth: Auth): CallResult {
    const entries = Object.entries(asObject(param(params, 'cmd')) ?? {});
    if (entries.length > BATCH_LIMIT) throw err.batchLength();
    const halt = ['1', 'true', 'y'].includes(String(param(params, 'halt') ?? '0').toLowerCase());
    const results: [string, unknown][] = [];
    const errors: [string, unknown][] = [];
    const totals: [string, number][] = [];
    const nexts: [string, number][] = [];
    const times: [string, unknown][] = [];
    for (const [key, command] of entries) {
      const text = String(command);
      const q = text.indexOf('?');
      const method = (q < 0 ? text : text.slice(0, q)).trim().replace(/\.json$/, '').toLowerCase();
      const started = this.#now();
      this.#count(method);
      try {
        if (method === 'batch') throw err.batchMethod();
        const out = this.#call(method, q < 0 ? {} : parsePhpQuery(text.slice(q + 1)), auth);
        results.push([key, out.result]);
        if (out.total !== undefined) totals.push([key, out.total]);
        if (out.next !== undefined) nexts.push([key, out.next]);
        times.push([key, this.#time(started)]);
      } catch (e) {
        if (!(e instanceof RestError)) throw e;
        errors.push([key, e.body]);
        if (halt) break;
      }
    }
    return {
      result: {
        result: phpMap(results), result_error: phpMap(errors), result_total: phpMap(totals), result_next: phpMap(nexts), result_time: phpMap(times),
      },
    };
  }
}

/** REST parameters from a body: parsed JSON, JSON text, or a form-encoded PHP query string. */
function bodyParams(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body === 'string') {
    const text = body.trim();
    if (text === '') return {};
    if (text.startsWith('{')) {
      try {
        return bodyParams(JSON.parse(text));
      } catch {
        return {};
      }
    }
    return parsePhpQuery(text);
  }
  return asObject(body) ?? {};
}

/** Control endpoints take JSON only. */
function jsonBody(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') {
    if (body.trim() === '') return {};
    try {
      return asObject(JSON.parse(body)) ?? {};
    } catch {
      throw new RestError(400, 'INVALID_REQUEST', 'The body must be JSON');
    }
  }
  return asObject(body) ?? {};
}
