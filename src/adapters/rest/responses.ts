/**
 * The REST contract's responses (docs/rest-contract.md), as `RestAdapter` reads them: `parseClient`,
 * `parseRecordPage`, `parseAggregateAnswers`, `parseReference`, `parseLayoutResponse`, and the
 * helpers validate.ts's request parsers share. The error envelope of a failed request is read by
 * failures.ts (`parseErrorEnvelope`), the chunk loaded at the first failure.
 *
 * A bad value throws `AdapterError('invalid-data', '<field path>: …', { field })` (`fail`): the field
 * is named at once, what it should be is told by messages.ts (`items[3].createdAt: expected epoch
 * milliseconds (an integer), got a string`), which validate.ts loads with it. The REST adapter's
 * first load holds this module only: at a bad answer the adapter loads messages.ts (with
 * failures.ts, a lazy chunk) and parses the answer again to tell it.
 *
 * Wire conventions: instants are integer epoch milliseconds; money is `{ minor, currency }` with an
 * integer number of minor units and an upper-case ISO 4217 code; ids are strings.
 */
import {
  CHANNELS, type Channel, type Client, type ClientRef, type CurrencyCode, type Direction,
  type Instant, type Money, type Person, type RateTable, type RecordKind, type RecordOfKind,
  type ReferenceData, type Semantic,
} from '../../core/model.js';
import { isKnownCurrency } from '../../core/money.js';
import type { AggregateQuery, AggregateResult, AggregateRow, RecordPage } from '../../core/query.js';
import { AdapterError } from '../errors.js';

/** Largest `page.limit` every contract server accepts. */
export const MAX_PAGE_SIZE = 1000;
/** Most aggregate queries in one `POST /aggregate`. */
export const MAX_AGGREGATE_QUERIES = 500;
/** Longest layout key (`/layouts/{key}`) and client id. */
export const MAX_KEY_LENGTH = 200;

export const RECORD_KINDS: readonly RecordKind[] = ['deal', 'invoice', 'activity'];
export const CLIENT_TYPES = ['contact', 'company'] as const;
export const DEAL_SEMANTICS = ['open', 'won', 'lost'] as const;
const INVOICE_SEMANTICS = ['open', 'paid', 'declined'] as const;
export const DIRECTIONS: readonly Direction[] = ['in', 'out', 'none'];
/** ±8.64e15 ms: the range of `Date`. */
const MAX_INSTANT = 8.64e15;

export type Obj = Readonly<Record<string, unknown>>;

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * How a failure's code (or message) and values become what its message says after the field: set by
 * messages.ts as it loads. Before (the REST adapter's first load), every failure still names its field.
 */
let explain = (_code: string, _values: readonly unknown[]): string => 'not as the REST contract says';

/** Sets how failures are told (messages.ts). */
export const explainWith = (f: typeof explain): void => {
  explain = f;
};

/**
 * Throws the `invalid-data` AdapterError of `field`: `code` is one of messages.ts's (told with
 * `values`) or a message as it is.
 */
export function fail(field: string, code: string, ...values: unknown[]): never {
  throw new AdapterError('invalid-data', `${field || '(body)'}: ${explain(code, values)}`, { field: field || '(body)' });
}

/** `a.b`, `a[3]`, or `b` at the root. */
export const at = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

export function obj(v: unknown, field: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(field, 'o', v);
  return v as Obj;
}

export function array(v: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(v)) fail(field, 'a', v);
  return v;
}

export function str(v: unknown, field: string): string {
  if (typeof v !== 'string') fail(field, 's', v);
  return v;
}

export function nonEmpty(v: unknown, field: string, max = Infinity): string {
  const s = str(v, field);
  if (s.length === 0) fail(field, 'e');
  if (s.length > max) fail(field, 'l', max);
  return s;
}

/** Optional fields may be absent or `null` (many JSON serialisers write null for "none"). */
export function optional<T>(v: unknown, field: string, parse: (v: unknown, field: string) => T): T | undefined {
  return v === null || v === undefined ? undefined : parse(v, field);
}

export function int(v: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(field, 'n', v, min);
  if (v < min || v > max) fail(field, 'r', min, max);
  return v;
}

export function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') fail(field, 'b', v);
  return v;
}

export function oneOf<T extends string>(v: unknown, values: readonly T[], field: string): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) fail(field, '1', v, values);
  return v as T;
}

export function instant(v: unknown, field: string): Instant {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(field, 't', v);
  if (Math.abs(v) > MAX_INSTANT) fail(field, 'T');
  return v;
}

function currency(v: unknown, field: string): CurrencyCode {
  if (typeof v !== 'string' || !/^[A-Z]{3}$/.test(v) || !isKnownCurrency(v)) fail(field, 'c', v);
  return v;
}

/** `{ minor, currency }`, or `null` for "no amount" (the field itself is required). */
export function money(v: unknown, field: string): Money | null {
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) fail(field, 'm', v);
  const o = v as Obj;
  return { minor: minorUnits(o['minor'], at(field, 'minor')), currency: currency(o['currency'], at(field, 'currency')) };
}

/** An amount in minor units (`-0` read as 0). */
function minorUnits(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(field, 'u', v);
  return v + 0;
}

/** An array, each item read by `parse` (and named `field[i]`). */
export function list<T>(v: unknown, field: string, parse: (x: unknown, f: string) => T): T[] {
  return array(v, field).map((x, i) => parse(x, at(field, i)));
}

/** A parser of arrays whose items `parse` reads. */
const listOf = <T>(parse: (x: unknown, f: string) => T) => (v: unknown, field: string): T[] => list(v, field, parse);

export const strings = listOf(str);

/** A list of strings that may be absent or `null`, which means an empty list. */
function stringsOrNone(v: unknown, field: string): string[] {
  return v === undefined || v === null ? [] : strings(v, field);
}

function person(v: unknown, field: string): Person {
  return fields(v, field, { id: nonEmpty, name: str });
}

// ---------------------------------------------------------------------------------------------
// Responses

/** `GET /clients/{type}/{id}`. When `ref` is given the answer must be that client. */
export function parseClient(v: unknown, field = '', ref?: ClientRef): Client {
  // The type and the id must be those asked for (when `ref` is given).
  const asked = (parse: Parser, want?: string): Parser => (x, f) => {
    const got = parse(x, f);
    if (want !== undefined && got !== want) fail(f, 'A', want);
    return got;
  };
  return fields(v, field, {
    type: asked(oneOfThese(CLIENT_TYPES), ref?.type), id: asked(nonEmpty, ref?.id), name: str, emails: stringsOrNone, phones: stringsOrNone,
  }, {
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
  for (const [k, parse] of Object.entries(optionalFields)) {
    const x = optional(o[k], at(field, k), parse);
    if (x !== undefined) out[k] = x;
  }
  return out as T;
}

/** The required and the optional fields of a record kind (`fields`). */
type RecordSpec = readonly [Readonly<Record<string, Parser>>, Readonly<Record<string, Parser>>];

const DEAL: RecordSpec = [
  { id: nonEmpty, title: str, pipelineId: str, stageId: str, semantic: oneOfThese(DEAL_SEMANTICS), amount: money, createdAt: instant },
  { stageName: str, closedAt: instant, responsible: person, url: str },
];

const INVOICE: RecordSpec = [
  { id: nonEmpty, title: str, stageId: str, semantic: oneOfThese(INVOICE_SEMANTICS), amount: money, createdAt: instant },
  { stageName: str, dueAt: instant, paidAt: instant, dealId: nonEmpty, url: str },
];

const ACTIVITY: RecordSpec = [
  {
    id: nonEmpty, channel: oneOfThese<Channel>(CHANNELS), direction: oneOfThese(DIRECTIONS), completed: bool, createdAt: instant,
    subject: str, dealIds: stringsOrNone,
  },
  { providerId: str, responsible: person, url: str },
];

/** One record of `kind` (a `Deal`, `Invoice` or `Activity`), keeping the model's fields only. */
export function parseRecord<K extends RecordKind>(kind: K, v: unknown, field: string): RecordOfKind[K] {
  return fields(v, field, ...(kind === 'deal' ? DEAL : kind === 'invoice' ? INVOICE : ACTIVITY));
}

/** `POST /records`: `{ items, total }` for the page asked. */
export function parseRecordPage<K extends RecordKind>(kind: K, v: unknown, page: { offset: number; limit: number }): RecordPage<K> {
  const o = obj(v, '');
  const raw = array(o['items'], 'items');
  if (raw.length > page.limit) fail('items', 'P', page.limit, raw.length);
  const items = list(raw, 'items', (r, f) => parseRecord(kind, r, f));
  const total = int(o['total'], 'total', 0);
  if (items.length > 0 && total < page.offset + items.length) {
    fail('total', 'M', page.offset + items.length, total);
  }
  return { items, total };
}

function parseRow(v: unknown, field: string, sum: boolean): AggregateRow {
  // Without `sum`, amounts and withoutAmount may be left out.
  return fields(v, field, {
    key: str,
    count: (n, f) => int(n, f, 0),
    amounts: (a, f) => {
      const out: Record<CurrencyCode, number> = {};
      if (a === undefined && !sum) return out;
      const raw = obj(a, f);
      for (const c of Object.keys(raw).sort()) out[currency(c, at(f, c))] = minorUnits(raw[c], at(f, c));
      return out;
    },
    withoutAmount: (n, f) => (n === undefined && !sum ? 0 : int(n, f, 0)),
    lastCreatedAt: (t, f) => (t === null ? null : instant(t, f)),
  });
}

/**
 * `POST /aggregate`'s answer where a result may also be `{ error: { code, message } }`: the server
 * could not answer that query (a part of its data is down) but answered the others. Such a result
 * (a string `code` and `message`) is given as `{ code, message }`, cut to 100 and 500 characters.
 */
export function parseAggregateAnswers(v: unknown, queries: readonly AggregateQuery[], errors = true): (AggregateResult | ErrorEnvelope)[] {
  const o = obj(v, '');
  const raw = array(o['results'], 'results');
  if (raw.length !== queries.length) fail('results', 'R', queries.length, raw.length);
  return raw.map((r, i) => {
    const field = at('results', i);
    const q = queries[i]!;
    const e = (r as { error?: ErrorEnvelope } | null)?.error;
    if (errors && typeof e?.code === 'string' && typeof e.message === 'string') return { code: e.code.slice(0, 100), message: e.message.slice(0, 500) };
    const f = at(field, 'rows');
    const rows = list(obj(r, field)['rows'], f, (row, rf) => parseRow(row, rf, q.measure === 'sum'));
    if (q.groupBy === undefined && (rows.length !== 1 || rows[0]!.key !== '')) fail(f, 'G');
    // Every key one of the buckets' first, then each once.
    const keys = typeof q.groupBy === 'object' ? q.groupBy.keys : undefined;
    rows.forEach(({ key }, j) => {
      if (keys && !keys.includes(key)) fail(at(at(f, j), 'key'), 'K');
    });
    const seen = new Set<string>();
    rows.forEach(({ key }, j) => {
      if (seen.has(key)) fail(at(at(f, j), 'key'), 'D', key);
      seen.add(key);
    });
    return { rows };
  });
}

const DECIMAL = /^(?:\d+(?:\.\d+)?|\.\d+)$/;

/** `GET /reference`: the reference data, plus the optional instant the data is "as of". */
export function parseReference(v: unknown): { reference: ReferenceData; now: Instant | undefined } {
  const reference = fields<ReferenceData>(v, '', {
    pipelines: listOf((p, f) => fields(p, f, { id: str, name: str })),
    stages: listOf((s, f) => {
      // The kind first: the semantics it allows depend on it.
      const kind = oneOf(obj(s, f)['kind'], ['deal', 'invoice'] as const, at(f, 'kind'));
      return fields(s, f, {
        id: str, kind: () => kind, name: str, semantic: oneOfThese<Semantic>(kind === 'deal' ? DEAL_SEMANTICS : INVOICE_SEMANTICS),
      }, { pipelineId: str });
    }),
    currencies: listOf(currency),
    baseCurrency: currency,
  }, {
    rates: (r, f): RateTable => fields(r, f, {
      rates: (t, tf) => {
        const out: Record<CurrencyCode, string> = {};
        for (const [c, rate] of Object.entries(obj(t, tf))) {
          currency(c, at(tf, c));
          if (typeof rate !== 'string' || !DECIMAL.test(rate) || Number(rate) <= 0) fail(at(tf, c), 'Q', rate);
          out[c] = rate;
        }
        return out;
      },
      base: currency,
    }, { asOf: instant }),
  });
  return { reference, now: optional((v as Obj)['now'], 'now', instant) };
}

/** `GET /layouts/{key}`: `{ layout }`, `null` when none is stored. */
export function parseLayoutResponse(v: unknown): unknown {
  const o = obj(v, '');
  if (!('layout' in o)) fail('layout', 'L');
  return o['layout'] ?? null;
}

export interface ErrorEnvelope {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}
