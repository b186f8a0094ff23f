/**
 * What a bad value of the REST contract should be, after the field responses.ts's `fail` names:
 * `items[3].createdAt: expected epoch milliseconds (an integer), got a string`; and a duration in a
 * message (`formatSeconds`). Loaded with validate.ts (the contract server, checked-answers.ts), and
 * by the REST adapter with failures.ts at its first failure (never by its first load); it sets
 * responses.ts's `explainWith` as it loads.
 */
import { explainWith } from './responses.js';

/** A duration in a message: "30 s", "1.5 s". */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 || Number.isInteger(s) ? Math.round(s) : s.toFixed(1)} s`;
}

/** What a wrong value is, for messages (never the value itself: it may be long or private). */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a number' : Number.isFinite(v) ? 'a fraction' : 'a non-finite number';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

const expected = (what: string, v: unknown): string => (v === undefined ? `missing (expected ${what})` : `expected ${what}, got ${kindOf(v)}`);
/** `, got a number` when `v` is not a string. */
const gotIfNotString = (v: unknown): string => (typeof v === 'string' ? '' : `, got ${kindOf(v)}`);

/** The codes of responses.ts's `fail`, and what each tells with its values. */
const MESSAGES: Readonly<Record<string, (...values: never[]) => string>> = {
  o: (v: unknown) => expected('an object', v),
  a: (v: unknown) => expected('an array', v),
  s: (v: unknown) => expected('a string', v),
  e: () => 'expected a non-empty string',
  l: (max: number) => `expected at most ${max} characters`,
  n: (v: unknown, min: number) => expected(min >= 0 ? 'a non-negative integer' : 'an integer', v),
  r: (min: number, max: number) => `expected an integer from ${min} to ${max}`,
  b: (v: unknown) => expected('true or false', v),
  1: (v: unknown, values: readonly string[]) => {
    const list = `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
    return v === undefined ? `missing (expected ${list})` : `expected ${list}${gotIfNotString(v)}`;
  },
  t: (v: unknown) => expected('epoch milliseconds (an integer)', v),
  T: () => 'expected epoch milliseconds (an integer), got one beyond the range of dates',
  c: (v: unknown) => `expected an upper-case ISO 4217 currency code${gotIfNotString(v)}`,
  m: (v: unknown) => expected('{minor, currency} or null', v),
  u: (v: unknown) => expected('an integer number of minor units', v),
  A: (asked: string) => `expected ${JSON.stringify(asked)} (the client asked for)`,
  P: (limit: number, got: number) => `expected at most ${limit} records (the page limit), got ${got}`,
  M: (least: number, total: number) => `expected at least ${least} (offset + items on this page), got ${total}`,
  R: (queries: number, got: number) => `expected ${queries} results (one per query), got ${got}`,
  G: () => 'expected exactly one row with key "" (the query has no groupBy)',
  K: () => 'expected one of the bucket keys of the query',
  D: (key: string) => `expected each key once, got ${JSON.stringify(key)} twice`,
  Q: (rate: unknown) => `expected a positive decimal string such as "1.0823"${gotIfNotString(rate)}`,
  L: () => 'missing (expected the stored layout, or null)',
};

/** The message of `code` with `values`; a code that is not one of MESSAGES is a message as it is. */
export function explain(code: string, values: readonly unknown[]): string {
  const tell = MESSAGES[code] as ((...v: readonly unknown[]) => string) | undefined;
  return tell ? tell(...values) : code;
}

explainWith(explain);
