/**
 * The wire formats of the REST contract (docs/rest-contract.md), validated both ways:
 *
 * - responses, read by `RestAdapter` (responses.ts, re-exported here): `parseClient`,
 *   `parseRecordPage`, `parseAggregateResponse`, `parseReference`, `parseLayoutResponse` (the
 *   error envelope of a failed request is read by `failures.ts`, the chunk of the first failure);
 * - requests, read by the contract server (server/rest/): `parseRecordQuery`, `parseAggregateRequest`,
 *   `parseClientRef`, `parseLayoutRequest`.
 *
 * Every bad value throws `AdapterError('invalid-data', '<field path>: expected …', { field })`, as the
 * Bitrix24 mapping does, so a message always names the field (`items[3].createdAt: expected epoch
 * milliseconds (an integer), got a string`: messages.ts, which this module loads). Parsers build new
 * objects holding the contract's fields only: unknown fields of a response are dropped (a newer
 * server stays readable), unknown fields of a request are refused (a filter field the server does
 * not know would silently widen the answer, so it must not be ignored).
 *
 * Wire conventions: instants are integer epoch milliseconds; money is `{ minor, currency }` with an
 * integer number of minor units and an upper-case ISO 4217 code; ids are strings.
 */
import { CHANNELS, type Channel, type ClientRef, type RecordKind, type Semantic } from '../../core/model.js';
import type { AggregateQuery, AggregateResult, DateCondition, DateField, GroupBy, RecordFilter, RecordQuery, SortField, SortSpec } from '../../core/query.js';
import { assertFilterFits, assertQueryFits } from '../../core/query-fit.js';
// What a bad field should be (responses.ts's `fail`), told by every parser here.
import './messages.js';
import {
  CLIENT_TYPES, DEAL_SEMANTICS, DIRECTIONS, MAX_AGGREGATE_QUERIES, MAX_KEY_LENGTH, MAX_PAGE_SIZE, RECORD_KINDS, array, at, bool, fail, instant, int,
  nonEmpty, obj, oneOf, optional, parseAggregateAnswers, str, strings, type Obj,
} from './responses.js';

export {
  CLIENT_TYPES, MAX_AGGREGATE_QUERIES, MAX_KEY_LENGTH, MAX_PAGE_SIZE, RECORD_KINDS, fail, instant, money, parseAggregateAnswers,
  parseClient, parseLayoutResponse, parseRecord, parseRecordPage, parseReference,
  type ErrorEnvelope,
} from './responses.js';
export { formatSeconds } from './messages.js';

/** `POST /aggregate`: `{ results }`, one per query, in order (no result may be an error). */
export function parseAggregateResponse(v: unknown, queries: readonly AggregateQuery[]): AggregateResult[] {
  return parseAggregateAnswers(v, queries, false) as AggregateResult[];
}

const SEMANTICS: readonly Semantic[] = [...DEAL_SEMANTICS, 'paid', 'declined'];
const DATE_FIELDS: readonly DateField[] = ['createdAt', 'closedAt', 'dueAt', 'paidAt'];
const SORT_FIELDS: readonly SortField[] = [...DATE_FIELDS, 'amount', 'title', 'id'];
const GROUPINGS = ['channel', 'pipeline', 'currency', 'semantic'] as const;

// ---------------------------------------------------------------------------------------------
// Requests (server side)

function onlyKeys(o: Obj, allowed: readonly string[], field: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(at(field, k), `unknown field (expected one of ${allowed.join(', ')})`);
}

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
