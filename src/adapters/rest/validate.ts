/**
 * The wire formats of the REST contract (docs/rest-contract.md), validated both ways:
 *
 * - responses, read by `RestAdapter`: `parseClient`, `parseRecordPage`, `parseAggregateResponse`,
 *   `parseReference`, `parseLayoutResponse`, `parseErrorEnvelope` (also read by `failures.ts`);
 * - requests, read by the contract server (server/rest/): `parseRecordQuery`, `parseAggregateRequest`,
 *   `parseClientRef`, `parseLayoutRequest`.
 *
 * Every bad value throws `AdapterError('invalid-data', '<field path>: expected …', { field })`, as the
 * Bitrix24 mapping does, so a message always names the field (`items[3].createdAt: expected epoch
 * milliseconds (an integer), got a string`). Parsers build new objects holding the contract's
 * fields only: unknown fields of a response are dropped (a newer server stays readable), unknown
 * fields of a request are refused (a filter field the server does not know would silently widen
 * the answer, so it must not be ignored).
 *
 * Wire conventions: instants are integer epoch milliseconds; money is `{ minor, currency }` with an
 * integer number of minor units and an upper-case ISO 4217 code; ids are strings.
 */
import {
  CHANNELS, type Activity, type Channel, type Client, type ClientRef, type CurrencyCode, type Deal, type Direction,
  type Instant, type Invoice, type Money, type Person, type Pipeline, type RateTable, type RecordKind, type RecordOfKind,
  type ReferenceData, type Semantic, type Stage,
} from '../../core/model.js';
import { isKnownCurrency } from '../../core/money.js';
import type {
  AggregateQuery, AggregateResult, AggregateRow, DateCondition, DateField, GroupBy, RecordFilter, RecordPage, RecordQuery, SortField, SortSpec,
} from '../../core/query.js';
import { assertFilterFits, assertQueryFits } from '../../core/query-fit.js';
import { AdapterError } from '../errors.js';

/** A duration in a message (seconds.ts: a module of its own, so that the first load of the REST adapter, which never formats one, does not hold it). */
export { formatSeconds } from './seconds.js';

/** Largest `page.limit` every contract server accepts. */
export const MAX_PAGE_SIZE = 1000;
/** Most aggregate queries in one `POST /aggregate`. */
export const MAX_AGGREGATE_QUERIES = 500;
/** Longest layout key (`/layouts/{key}`) and client id. */
export const MAX_KEY_LENGTH = 200;

export const RECORD_KINDS: readonly RecordKind[] = ['deal', 'invoice', 'activity'];
export const CLIENT_TYPES = ['contact', 'company'] as const;
const DEAL_SEMANTICS = ['open', 'won', 'lost'] as const;
const INVOICE_SEMANTICS = ['open', 'paid', 'declined'] as const;
const SEMANTICS: readonly Semantic[] = [...DEAL_SEMANTICS, 'paid', 'declined'];
const DIRECTIONS: readonly Direction[] = ['in', 'out', 'none'];
const DATE_FIELDS: readonly DateField[] = ['createdAt', 'closedAt', 'dueAt', 'paidAt'];
const SORT_FIELDS: readonly SortField[] = [...DATE_FIELDS, 'amount', 'title', 'id'];
const GROUPINGS = ['channel', 'pipeline', 'currency', 'semantic'] as const;
/** ±8.64e15 ms: the range of `Date`. */
const MAX_INSTANT = 8.64e15;

type Obj = Readonly<Record<string, unknown>>;

// ---------------------------------------------------------------------------------------------
// Helpers

export function fail(field: string, expected: string): never {
  throw new AdapterError('invalid-data', `${field || '(body)'}: ${expected}`, { field: field || '(body)' });
}

/** `a.b`, `a[3]`, or `b` at the root. */
const at = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/** What a wrong value is, for messages (never the value itself: it may be long or private). */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a number' : Number.isFinite(v) ? 'a fraction' : 'a non-finite number';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function expected(field: string, what: string, v: unknown): never {
  return fail(field, v === undefined ? `missing (expected ${what})` : `expected ${what}, got ${kindOf(v)}`);
}

function obj(v: unknown, field: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) expected(field, 'an object', v);
  return v as Obj;
}

function onlyKeys(o: Obj, allowed: readonly string[], field: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(at(field, k), `unknown field (expected one of ${allowed.join(', ')})`);
}

function array(v: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(v)) expected(field, 'an array', v);
  return v;
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string') expected(field, 'a string', v);
  return v;
}

function nonEmpty(v: unknown, field: string, max = Infinity): string {
  const s = str(v, field);
  if (s.length === 0) fail(field, 'expected a non-empty string');
  if (s.length > max) fail(field, `expected at most ${max} characters`);
  return s;
}

/** Optional fields may be absent or `null` (many JSON serialisers write null for "none"). */
function optional<T>(v: unknown, field: string, parse: (v: unknown, field: string) => T): T | undefined {
  return v === null || v === undefined ? undefined : parse(v, field);
}

function int(v: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) expected(field, min >= 0 ? 'a non-negative integer' : 'an integer', v);
  if (v < min || v > max) fail(field, `expected an integer from ${min} to ${max}`);
  return v;
}

function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') expected(field, 'true or false', v);
  return v;
}

function oneOf<T extends string>(v: unknown, values: readonly T[], field: string): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    const list = `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
    if (v === undefined) fail(field, `missing (expected ${list})`);
    fail(field, `expected ${list}${typeof v === 'string' ? '' : `, got ${kindOf(v)}`}`);
  }
  return v as T;
}

export function instant(v: unknown, field: string): Instant {
  if (typeof v !== 'number' || !Number.isInteger(v)) expected(field, 'epoch milliseconds (an integer)', v);
  if (Math.abs(v) > MAX_INSTANT) fail(field, 'expected epoch milliseconds (an integer), got one beyond the range of dates');
  return v;
}

function currency(v: unknown, field: string): CurrencyCode {
  if (typeof v !== 'string' || !/^[A-Z]{3}$/.test(v) || !isKnownCurrency(v)) {
    fail(field, `expected an upper-case ISO 4217 currency code${typeof v === 'string' ? '' : `, got ${kindOf(v)}`}`);
  }
  return v;
}

/** `{ minor, currency }`, or `null` for "no amount" (the field itself is required). */
export function money(v: unknown, field: string): Money | null {
  if (v === null) return null;
  if (v === undefined || typeof v !== 'object' || Array.isArray(v)) expected(field, '{minor, currency} or null', v);
  const o = v as Obj;
  return { minor: minorUnits(o['minor'], at(field, 'minor')), currency: currency(o['currency'], at(field, 'currency')) };
}

/** An amount in minor units (`-0` read as 0). */
function minorUnits(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) expected(field, 'an integer number of minor units', v);
  return v + 0;
}

function strings(v: unknown, field: string): string[] {
  return array(v, field).map((x, i) => str(x, at(field, i)));
}

/** A list of strings that may be absent or `null`, which means an empty list. */
function stringsOrNone(v: unknown, field: string): string[] {
  return v === undefined || v === null ? [] : strings(v, field);
}

function person(v: unknown, field: string): Person {
  return fields(v, field, { id: nonEmpty, name: str });
}

/** Copies the optional fields that are present. */
function withOptional<T extends object>(base: T, o: Obj, field: string, spec: Readonly<Record<string, (v: unknown, f: string) => unknown>>): T {
  const out = base as Record<string, unknown>;
  for (const [k, parse] of Object.entries(spec)) {
    const v = optional(o[k], at(field, k), parse);
    if (v !== undefined) out[k] = v;
  }
  return base;
}

// ---------------------------------------------------------------------------------------------
// Responses

/** `GET /clients/{type}/{id}`. When `ref` is given the answer must be that client. */
export function parseClient(v: unknown, field = '', ref?: ClientRef): Client {
  const o = obj(v, field);
  const type = oneOf(o['type'], CLIENT_TYPES, at(field, 'type'));
  const id = nonEmpty(o['id'], at(field, 'id'));
  if (ref && type !== ref.type) fail(at(field, 'type'), `expected ${JSON.stringify(ref.type)} (the client asked for)`);
  if (ref && id !== ref.id) fail(at(field, 'id'), `expected ${JSON.stringify(ref.id)} (the client asked for)`);
  const client = {
    type, id, name: str(o['name'], at(field, 'name')),
    emails: stringsOrNone(o['emails'], at(field, 'emails')),
    phones: stringsOrNone(o['phones'], at(field, 'phones')),
  };
  return withOptional(client, o, field, {
    photoUrl: str, responsible: person, position: str, industry: str, website: str, url: str,
    // A company is `{ id, name }`, read like a person.
    company: person,
  });
}

type Parser = (v: unknown, field: string) => unknown;

/** The values of `values` (for a field spec). */
const oneOfThese = <T extends string>(values: readonly T[]) => (v: unknown, field: string): T => oneOf(v, values, field);

/**
 * An object with the `required` fields (checked in this order), plus the `optional` ones present;
 * other fields are dropped.
 */
function fields<T>(v: unknown, field: string, required: Readonly<Record<string, Parser>>, optionalFields: Readonly<Record<string, Parser>> = {}): T {
  const o = obj(v, field);
  const out: Record<string, unknown> = {};
  for (const [k, parse] of Object.entries(required)) out[k] = parse(o[k], at(field, k));
  return withOptional(out, o, field, optionalFields) as T;
}

const parseDeal = (v: unknown, field: string): Deal => fields(v, field, {
  id: nonEmpty, title: str, pipelineId: str, stageId: str, semantic: oneOfThese(DEAL_SEMANTICS), amount: money, createdAt: instant,
}, { stageName: str, closedAt: instant, responsible: person, url: str });

const parseInvoice = (v: unknown, field: string): Invoice => fields(v, field, {
  id: nonEmpty, title: str, stageId: str, semantic: oneOfThese(INVOICE_SEMANTICS), amount: money, createdAt: instant,
}, { stageName: str, dueAt: instant, paidAt: instant, dealId: nonEmpty, url: str });

const parseActivity = (v: unknown, field: string): Activity => fields(v, field, {
  id: nonEmpty, channel: oneOfThese<Channel>(CHANNELS), direction: oneOfThese(DIRECTIONS), completed: bool, createdAt: instant,
  subject: str, dealIds: stringsOrNone,
}, { providerId: str, responsible: person, url: str });

/** One record of `kind`, keeping the model's fields only. */
export function parseRecord<K extends RecordKind>(kind: K, v: unknown, field: string): RecordOfKind[K] {
  const r = kind === 'deal' ? parseDeal(v, field) : kind === 'invoice' ? parseInvoice(v, field) : parseActivity(v, field);
  return r as RecordOfKind[K];
}

/** `POST /records`: `{ items, total }` for the page asked. */
export function parseRecordPage<K extends RecordKind>(kind: K, v: unknown, page: { offset: number; limit: number }): RecordPage<K> {
  const o = obj(v, '');
  const raw = array(o['items'], 'items');
  if (raw.length > page.limit) fail('items', `expected at most ${page.limit} records (the page limit), got ${raw.length}`);
  const items = raw.map((r, i) => parseRecord(kind, r, at('items', i)));
  const total = int(o['total'], 'total', 0);
  if (items.length > 0 && total < page.offset + items.length) {
    fail('total', `expected at least ${page.offset + items.length} (offset + items on this page), got ${total}`);
  }
  return { items, total };
}

function parseRow(v: unknown, field: string, sum: boolean): AggregateRow {
  const o = obj(v, field);
  const amounts: Record<CurrencyCode, number> = {};
  const rawAmounts = o['amounts'] === undefined && !sum ? {} : obj(o['amounts'], at(field, 'amounts'));
  for (const c of Object.keys(rawAmounts).sort()) {
    const f = at(at(field, 'amounts'), c);
    currency(c, f);
    amounts[c] = minorUnits(rawAmounts[c], f);
  }
  return {
    key: str(o['key'], at(field, 'key')),
    count: int(o['count'], at(field, 'count'), 0),
    amounts,
    withoutAmount: o['withoutAmount'] === undefined && !sum ? 0 : int(o['withoutAmount'], at(field, 'withoutAmount'), 0),
    lastCreatedAt: o['lastCreatedAt'] === null ? null : instant(o['lastCreatedAt'], at(field, 'lastCreatedAt')),
  };
}

/** `POST /aggregate`: `{ results }`, one per query, in order. */
export function parseAggregateResponse(v: unknown, queries: readonly AggregateQuery[]): AggregateResult[] {
  return parseAggregateAnswers(v, queries, false) as AggregateResult[];
}

/**
 * `POST /aggregate`'s answer where a result may also be `{ error: { code, message } }`: the server
 * could not answer that query (a part of its data is down) but answered the others.
 */
export function parseAggregateAnswers(v: unknown, queries: readonly AggregateQuery[], errors = true): (AggregateResult | ErrorEnvelope)[] {
  const o = obj(v, '');
  const raw = array(o['results'], 'results');
  if (raw.length !== queries.length) fail('results', `expected ${queries.length} results (one per query), got ${raw.length}`);
  return raw.map((r, i) => {
    const field = at('results', i);
    const q = queries[i]!;
    const failed = errors && r !== null && typeof r === 'object' && 'error' in r ? parseErrorEnvelope(r) : undefined;
    if (failed) return failed;
    const rows = array(obj(r, field)['rows'], at(field, 'rows')).map((row, j) => parseRow(row, at(at(field, 'rows'), j), q.measure === 'sum'));
    if (q.groupBy === undefined && (rows.length !== 1 || rows[0]!.key !== '')) {
      fail(at(field, 'rows'), 'expected exactly one row with key "" (the query has no groupBy)');
    }
    if (typeof q.groupBy === 'object') {
      const keys = q.groupBy.keys;
      rows.forEach((row, j) => {
        if (!keys.includes(row.key)) fail(at(at(at(field, 'rows'), j), 'key'), 'expected one of the bucket keys of the query');
      });
    }
    const seen = new Set<string>();
    rows.forEach((row, j) => {
      if (seen.has(row.key)) fail(at(at(at(field, 'rows'), j), 'key'), `expected each key once, got ${JSON.stringify(row.key)} twice`);
      seen.add(row.key);
    });
    return { rows };
  });
}

const DECIMAL = /^(?:\d+(?:\.\d+)?|\.\d+)$/;

/** `GET /reference`: the reference data, plus the optional instant the data is "as of". */
export function parseReference(v: unknown): { reference: ReferenceData; now: Instant | undefined } {
  const o = obj(v, '');
  const pipelines: Pipeline[] = array(o['pipelines'], 'pipelines').map((p, i) => fields(p, at('pipelines', i), { id: str, name: str }));
  const stages: Stage[] = array(o['stages'], 'stages').map((s, i) => {
    const f = at('stages', i);
    const so = obj(s, f);
    const kind = oneOf(so['kind'], ['deal', 'invoice'] as const, at(f, 'kind'));
    const stage = {
      id: str(so['id'], at(f, 'id')), kind, name: str(so['name'], at(f, 'name')),
      semantic: oneOf<Semantic>(so['semantic'], kind === 'deal' ? DEAL_SEMANTICS : INVOICE_SEMANTICS, at(f, 'semantic')),
    };
    return withOptional<Stage>(stage, so, f, { pipelineId: str });
  });
  const currencies = array(o['currencies'], 'currencies').map((c, i) => currency(c, at('currencies', i)));
  const baseCurrency = currency(o['baseCurrency'], 'baseCurrency');
  const reference: { -readonly [K in keyof ReferenceData]: ReferenceData[K] } = { pipelines, stages, currencies, baseCurrency };
  const rates = optional(o['rates'], 'rates', (r, f): RateTable => {
    const ro = obj(r, f);
    const table = obj(ro['rates'], at(f, 'rates'));
    const out: Record<CurrencyCode, string> = {};
    for (const [c, rate] of Object.entries(table)) {
      currency(c, at(at(f, 'rates'), c));
      if (typeof rate !== 'string' || !DECIMAL.test(rate) || Number(rate) <= 0) {
        fail(at(at(f, 'rates'), c), `expected a positive decimal string such as "1.0823"${typeof rate === 'string' ? '' : `, got ${kindOf(rate)}`}`);
      }
      out[c] = rate;
    }
    const asOf = optional(ro['asOf'], at(f, 'asOf'), instant);
    return { base: currency(ro['base'], at(f, 'base')), rates: out, ...(asOf === undefined ? {} : { asOf }) };
  });
  if (rates) reference.rates = rates;
  return { reference, now: optional(o['now'], 'now', instant) };
}

/** `GET /layouts/{key}`: `{ layout }`, `null` when none is stored. */
export function parseLayoutResponse(v: unknown): unknown {
  const o = obj(v, '');
  if (!('layout' in o)) fail('layout', 'missing (expected the stored layout, or null)');
  return o['layout'] ?? null;
}

export interface ErrorEnvelope {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

/** `{ error: { code, message, field? } }`, or `undefined` when the body is not such an envelope. */
export function parseErrorEnvelope(v: unknown): ErrorEnvelope | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const e = (v as Obj)['error'];
  if (e === null || typeof e !== 'object') return undefined;
  const { code, message, field } = e as Obj;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code: code.slice(0, 100), message: message.slice(0, 500), ...(typeof field === 'string' ? { field: field.slice(0, 200) } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Requests (server side)

/** A client reference from `/clients/{type}/{id}` (already URL-decoded). */
export function parseClientRef(type: unknown, id: unknown): ClientRef {
  return { type: oneOf(type, CLIENT_TYPES, 'type'), id: nonEmpty(id, 'id', MAX_KEY_LENGTH) };
}

function ids(v: unknown, field: string): string[] {
  return array(v, field).map((x, i) => str(x, at(field, i)));
}

function dateCondition(v: unknown, field: string): DateCondition {
  const o = obj(v, field);
  onlyKeys(o, ['fields', 'from', 'to'], field);
  const fields = array(o['fields'], at(field, 'fields')).map((f, i) => oneOf(f, DATE_FIELDS, at(at(field, 'fields'), i)));
  if (fields.length === 0) fail(at(field, 'fields'), 'expected at least one date field');
  const from = optional(o['from'], at(field, 'from'), instant);
  const to = optional(o['to'], at(field, 'to'), instant);
  return { fields, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

const FILTER_FIELDS = ['client', 'dates', 'semantics', 'pipelines', 'stages', 'channels', 'directions', 'completed', 'dealIds', 'paidLate'];

/** A `RecordFilter` for records of `kind`; a field the kind does not have is refused. */
export function parseFilter(v: unknown, field: string, kind: RecordKind): RecordFilter {
  const o = obj(v, field);
  onlyKeys(o, FILTER_FIELDS, field);
  const c = obj(o['client'], at(field, 'client'));
  onlyKeys(c, ['type', 'id'], at(field, 'client'));
  const f: { -readonly [K in keyof RecordFilter]: RecordFilter[K] } = {
    client: { type: oneOf(c['type'], CLIENT_TYPES, at(at(field, 'client'), 'type')), id: nonEmpty(c['id'], at(at(field, 'client'), 'id'), MAX_KEY_LENGTH) },
  };
  const set = <K extends keyof RecordFilter>(k: K, parse: (v: unknown, f: string) => RecordFilter[K]) => {
    const value = optional(o[k], at(field, k), parse);
    if (value !== undefined) f[k] = value;
  };
  set('dates', (d, fd) => array(d, fd).map((x, i) => dateCondition(x, at(fd, i))));
  set('semantics', (s, fs) => array(s, fs).map((x, i) => oneOf(x, SEMANTICS, at(fs, i))));
  set('pipelines', ids);
  set('stages', ids);
  set('channels', (s, fs) => array(s, fs).map((x, i) => oneOf<Channel>(x, CHANNELS, at(fs, i))));
  set('directions', (s, fs) => array(s, fs).map((x, i) => oneOf(x, DIRECTIONS, at(fs, i))));
  set('completed', bool);
  set('dealIds', ids);
  set('paidLate', bool);
  try {
    assertFilterFits(kind, f);
  } catch (e) {
    // "Filter field "channels" does not apply to deal records." / "Date field "paidAt" does not…"
    const message = (e as Error).message;
    const name = /"(\w+)"/.exec(message)?.[1];
    fail(message.startsWith('Date field') ? at(field, 'dates') : name ? at(field, name) : field, message.replace(/\.$/, ''));
  }
  return f;
}

function sortSpec(v: unknown, field: string): SortSpec {
  const o = obj(v, field);
  onlyKeys(o, ['field', 'direction'], field);
  return { field: oneOf(o['field'], SORT_FIELDS, at(field, 'field')), direction: oneOf(o['direction'], ['asc', 'desc'] as const, at(field, 'direction')) };
}

/** `POST /records` body. */
export function parseRecordQuery(v: unknown): RecordQuery {
  const o = obj(v, '');
  onlyKeys(o, ['kind', 'filter', 'sort', 'page'], '');
  const kind = oneOf(o['kind'], RECORD_KINDS, 'kind');
  const p = obj(o['page'], 'page');
  onlyKeys(p, ['offset', 'limit'], 'page');
  const page = { offset: int(p['offset'], 'page.offset', 0), limit: int(p['limit'], 'page.limit', 1, MAX_PAGE_SIZE) };
  const sort = optional(o['sort'], 'sort', sortSpec);
  return { kind, filter: parseFilter(o['filter'], 'filter', kind), page, ...(sort ? { sort } : {}) };
}

function groupBy(v: unknown, field: string): GroupBy {
  if (typeof v === 'string') return oneOf(v, GROUPINGS, field);
  const o = obj(v, field);
  onlyKeys(o, ['by', 'field', 'edges', 'keys'], field);
  oneOf(o['by'], ['bucket'] as const, at(field, 'by'));
  const edges = array(o['edges'], at(field, 'edges')).map((e, i) => instant(e, at(at(field, 'edges'), i)));
  const keys = strings(o['keys'], at(field, 'keys'));
  if (edges.length !== keys.length + 1) fail(at(field, 'edges'), `expected ${keys.length + 1} edges (one more than keys), got ${edges.length}`);
  for (let i = 1; i < edges.length; i++) if (edges[i]! <= edges[i - 1]!) fail(at(at(field, 'edges'), i), 'expected edges in increasing order');
  return { by: 'bucket', field: oneOf(o['field'], DATE_FIELDS, at(field, 'field')), edges, keys };
}

function aggregateQuery(v: unknown, field: string): AggregateQuery {
  const o = obj(v, field);
  onlyKeys(o, ['kind', 'filter', 'measure', 'groupBy'], field);
  const kind = oneOf(o['kind'], RECORD_KINDS, at(field, 'kind'));
  const g = optional(o['groupBy'], at(field, 'groupBy'), groupBy);
  const q: AggregateQuery = {
    kind, filter: parseFilter(o['filter'], at(field, 'filter'), kind),
    measure: oneOf(o['measure'], ['count', 'sum'] as const, at(field, 'measure')), ...(g === undefined ? {} : { groupBy: g }),
  };
  try {
    assertQueryFits(q);
  } catch (e) {
    fail(at(field, 'groupBy'), (e as Error).message.replace(/\.$/, ''));
  }
  return q;
}

/** `POST /aggregate` body: `{ queries }`. */
export function parseAggregateRequest(v: unknown): AggregateQuery[] {
  const o = obj(v, '');
  onlyKeys(o, ['queries'], '');
  const qs = array(o['queries'], 'queries');
  if (qs.length > MAX_AGGREGATE_QUERIES) fail('queries', `expected at most ${MAX_AGGREGATE_QUERIES} queries, got ${qs.length}`);
  return qs.map((q, i) => aggregateQuery(q, at('queries', i)));
}

/** A layout key from `/layouts/{key}` (already URL-decoded). */
export function parseLayoutKey(key: unknown): string {
  const k = nonEmpty(key, 'key', MAX_KEY_LENGTH);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(k)) fail('key', 'expected no control characters');
  return k;
}

/** `PUT /layouts/{key}` body: `{ layout }` (any JSON value). */
export function parseLayoutRequest(v: unknown): unknown {
  const o = obj(v, '');
  onlyKeys(o, ['layout'], '');
  if (!('layout' in o)) fail('layout', 'missing (expected the layout to store)');
  return o['layout'];
}
