/**
 * The generic part of the emulator's list methods: PHP query strings, Bitrix24 filter keys,
 * `order`, `select`, 50-row pages. Pure TypeScript (no Node, no DOM): it also runs in the browser.
 *
 * Bitrix24 behaviour mirrored here (research note = /work/shared/research/bitrix24.md):
 * - §1.4 filter prefixes `>=`, `>`, `<=`, `<`, `@` (IN), `!@` (NOT IN), `!` / `!=` (not equal),
 *   `=` / none (equal; an array means IN), `%` / `!%` (substring LIKE / NOT LIKE);
 * - §1.3 pages of 50 rows, `start` offset, `total` = matching rows, `next` only while rows remain;
 * - §1.5 batch sub-calls are PHP query strings (`filter[%3E%3DCREATED]=…&select[]=ID`), parsed the
 *   way PHP's `parse_str` does (nested keys, `[]` appends, percent-decoding of keys and values).
 */

// ---------------------------------------------------------------------------------------------
// Errors

/** A REST error answer: HTTP status + Bitrix24's `{error, error_description}` body. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    /** Bitrix24 error code; legacy CRM methods use an empty string (fixture error.crm.deal.list.invalid-filter.json). */
    readonly code: string | number,
    readonly description: string,
  ) {
    super(`${String(code)}: ${description}`);
  }

  get body(): { error: string | number; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}

// ---------------------------------------------------------------------------------------------
// PHP query strings

const decode = (s: string): string => {
  const plus = s.replace(/\+/g, ' '); // application/x-www-form-urlencoded, as PHP's urldecode
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
};

/** PHP array under construction: string keys, plus the next free integer key for `[]`. */
interface PhpArray {
  map: Map<string, PhpArray | string>;
  next: number;
}

const newArray = (): PhpArray => ({ map: new Map(), next: 0 });

function put(arr: PhpArray, key: string | undefined, value: PhpArray | string): PhpArray | string {
  let k = key;
  if (k === undefined) k = String(arr.next);
  if (/^(0|-?[1-9]\d*)$/.test(k)) arr.next = Math.max(arr.next, Number(k) + 1);
  arr.map.set(k, value);
  return value;
}

/** A PHP array as JSON would show it: a list when its keys are exactly 0..n-1 in order, else an object. */
function toJs(v: PhpArray | string): unknown {
  if (typeof v === 'string') return v;
  const entries = [...v.map.entries()];
  if (entries.every(([k], i) => k === String(i))) return entries.map(([, x]) => toJs(x));
  return Object.fromEntries(entries.map(([k, x]) => [k, toJs(x)]));
}

/**
 * Parses a query string like PHP's `parse_str`: `a[b][c]=1`, `a[]=x&a[]=y`, `a[0][K]=v`; keys and
 * values are percent-decoded (`filter[%3E%3DCREATED]` → `filter` › `>=CREATED`) and `+` is a space.
 * Values stay strings, as in PHP. A leading `?` is ignored.
 */
export function parsePhpQuery(query: string): Record<string, unknown> {
  const root = newArray();
  for (const part of query.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    const open = key.indexOf('[');
    const base = open > 0 ? key.slice(0, open) : key;
    if (!base) continue;
    const path: (string | undefined)[] = [];
    if (open > 0) {
      const re = /\[([^\]]*)\]/gy;
      re.lastIndex = open;
      let m: RegExpExecArray | null;
      while ((m = re.exec(key)) !== null) path.push(m[1] === '' ? undefined : m[1]);
    }
    let node = root;
    let k: string | undefined = base;
    for (const seg of path) {
      const existing = k !== undefined ? node.map.get(k) : undefined;
      node = typeof existing === 'object' ? existing : (put(node, k, newArray()) as PhpArray);
      k = seg;
    }
    put(node, k, value);
  }
  return (toJs(root) as Record<string, unknown> | unknown[]) as Record<string, unknown>;
}

/** PHP's JSON for an associative array: `[]` when empty (batch.error.halt0.json: `"result": []`). */
export function phpMap<T>(entries: ReadonlyArray<readonly [string, T]>): Record<string, T> | T[] {
  if (entries.length === 0) return [];
  if (entries.every(([k], i) => k === String(i))) return entries.map(([, v]) => v);
  return Object.fromEntries(entries);
}

// ---------------------------------------------------------------------------------------------
// Values and dates

/** A field value as the filter engine sees it: numbers, strings, epoch ms, id lists, or null. */
export type Value = number | string | null | readonly number[];

/** int/num → numbers; str → strings (case-insensitive equality); date → epoch ms; ints → id lists; raw → output only. */
export type FieldType = 'int' | 'num' | 'str' | 'date' | 'ints' | 'raw';

const DAY = 86_400_000;

/** Formats an instant as Bitrix24 does, ISO 8601 at the portal's UTC offset: `2024-08-26T16:11:36+03:00`. */
export function isoAt(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A `date` field's value for the instant `ms`: the portal calendar day, as 00:00 UTC of that day.
 * Rendered at the portal offset this gives `…T03:00:00+03:00`, the pattern of crm.deal.get.json
 * (`"BEGINDATE": "2024-08-30T02:00:00+02:00"` next to `"DATE_CREATE": "2024-08-30T14:29:00+02:00"`).
 */
export function dateOnly(ms: number, offsetMinutes: number): number {
  return Math.floor((ms + offsetMinutes * 60_000) / DAY) * DAY;
}

/**
 * A filter date: ISO 8601 with an offset (or `Z`) is an instant; a date alone ("2026-03-01"), a
 * local date-time without offset or Bitrix's "01.03.2026" are read in the portal's time zone.
 * `undefined` when unreadable.
 */
export function parseFilterDate(v: unknown, offsetMinutes: number): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/(?:Z|[+-]\d{2}:?\d{2})$/.test(s) && /^\d{4}-\d{2}-\d{2}[T ]/.test(s)) {
    const t = Date.parse(s.replace(' ', 'T'));
    return Number.isNaN(t) ? undefined : t;
  }
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', se = '0'] = m;
    return Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +se) - offsetMinutes * 60_000;
  }
  m = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) {
    const [, d, mo, y, h = '0', mi = '0', se = '0'] = m;
    return Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +se) - offsetMinutes * 60_000;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Tables

export interface FieldDef<R> {
  /** The key in answers (`stageId`, `OWNER_TYPE_ID`). Filters, order and select match it case- and underscore-insensitively. */
  readonly key: string;
  readonly type: FieldType;
  /** The typed value (for `raw`: the output value; `undefined` leaves the key out of that row). */
  readonly get: (r: R) => Value | unknown;
  /** Rows can be looked up by this int/ints field through a lazily built index. */
  readonly index?: boolean;
  /** Only in answers that select it by name (`BINDINGS`, `COMMUNICATIONS` in crm.activity.list). */
  readonly explicitOnly?: boolean;
}

/** How values are rendered: `item` = crm.item.* (numbers, ISO dates), `legacy` = every scalar a string. */
export type RowStyle = 'item' | 'legacy';

/** A filter that a table handles itself (crm.activity.list `BINDINGS`). */
export type CustomFilter<R> = (value: unknown) => {
  /** Row positions that may match, ascending. */
  readonly candidates?: readonly number[];
  /** True when `candidates` are exactly the matching rows (the test can be skipped). */
  readonly exact?: boolean;
  readonly test: (r: R) => boolean;
};

export interface TableOptions<R> {
  readonly rows: readonly R[];
  readonly fields: readonly FieldDef<R>[];
  readonly style: RowStyle;
  /** The id field (always returned, default order). */
  readonly idKey: string;
  readonly offsetMinutes: number;
  /** Unknown filter/order fields: `true` → 400 INVALID_ARG_VALUE (crm.item.list), `false` → ignored (legacy lists). */
  readonly strict: boolean;
  readonly custom?: Readonly<Record<string, CustomFilter<R>>>;
  /** A date field whose values never decrease with the row position: range filters on it use binary search. */
  readonly sortedDateKey?: string;
  /** Page size (50 in Bitrix24; `Infinity` for the reference lists that are not paged). */
  readonly pageSize?: number;
}

export interface ListParams {
  readonly filter?: unknown;
  readonly order?: unknown;
  readonly select?: unknown;
  readonly start?: unknown;
}

export interface ListPage {
  readonly rows: Record<string, unknown>[];
  /** Undefined in the fast mode (`start: -1`). */
  readonly total: number | undefined;
  readonly next?: number;
}

export const PAGE_SIZE = 50;

/** Field names compare without case and underscores: `STAGE_ID`, `stageId` and `stageid` are one field. */
export const norm = (key: string): string => key.toLowerCase().replace(/_/g, '');

type Op = 'eq' | 'neq' | 'in' | 'nin' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'nlike';

/** Longest prefixes first. */
const PREFIXES: ReadonlyArray<readonly [string, Op]> = [
  ['>=', 'gte'], ['<=', 'lte'], ['!@', 'nin'], ['!=', 'neq'], ['!%', 'nlike'],
  ['>', 'gt'], ['<', 'lt'], ['@', 'in'], ['!', 'neq'], ['=', 'eq'], ['%', 'like'],
];

export function splitFilterKey(key: string): { op: Op; field: string } {
  for (const [p, op] of PREFIXES) if (key.startsWith(p)) return { op, field: key.slice(p.length) };
  return { op: 'eq', field: key };
}

/** A JSON object or a PHP list that came from `a[0]=…` (arrays of values stay arrays). */
export function asObject(v: unknown): Record<string, unknown> | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (Array.isArray(v)) return v.length === 0 ? {} : Object.fromEntries(v.map((x, i) => [String(i), x]));
  return typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

/** Filter values: arrays, PHP maps `{0: a, 1: b}` → arrays; scalars stay scalars. */
function listOf(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'object' && v !== null) return Object.values(v);
  return undefined;
}

/** Positions [from, to) of all rows, or an ascending list of positions. */
type Candidates = { readonly from: number; readonly to: number } | readonly number[];

export class Table<R> {
  readonly rows: readonly R[];
  readonly #o: TableOptions<R>;
  readonly #fields = new Map<string, FieldDef<R>>();
  readonly #custom = new Map<string, CustomFilter<R>>();
  readonly #indexes = new Map<string, Map<number, number[]>>();
  readonly #id: FieldDef<R>;
  readonly #pageSize: number;
  #sortedDate: boolean | undefined;
  #ordered: boolean | undefined;

  constructor(options: TableOptions<R>) {
    this.#o = options;
    this.rows = options.rows;
    this.#pageSize = options.pageSize ?? PAGE_SIZE;
    for (const f of options.fields) this.#fields.set(norm(f.key), f);
    for (const [k, f] of Object.entries(options.custom ?? {})) this.#custom.set(norm(k), f);
    const id = this.#fields.get(norm(options.idKey));
    if (!id) throw new Error(`Table: no id field ${options.idKey}`);
    this.#id = id;
  }

  field(key: string): FieldDef<R> | undefined {
    return this.#fields.get(norm(key));
  }

  /** Row positions whose int/ints field `key` holds `value` (ascending), through a lazily built index. */
  lookup(key: string, value: number): readonly number[] {
    const f = this.field(key);
    if (!f) return [];
    return this.#index(f).get(value) ?? [];
  }

  /** The row with this id, rendered with every field (undefined when there is none). */
  byId(id: number | undefined): Record<string, unknown> | undefined {
    const pos = id === undefined ? undefined : this.lookup(this.#o.idKey, id)[0];
    return pos === undefined ? undefined : this.render(this.rows[pos]!);
  }

  #index(f: FieldDef<R>): Map<number, number[]> {
    let idx = this.#indexes.get(f.key);
    if (!idx) {
      idx = new Map();
      const add = (v: number, pos: number) => {
        const list = idx!.get(v);
        if (list) {
          if (list[list.length - 1] !== pos) list.push(pos);
        } else idx!.set(v, [pos]);
      };
      this.rows.forEach((r, pos) => {
        const v = f.get(r) as Value;
        if (typeof v === 'number') add(v, pos);
        else if (Array.isArray(v)) for (const x of v) add(x, pos);
      });
      this.#indexes.set(f.key, idx);
    }
    return idx;
  }

  /** Renders one row with every field (except explicit-only ones), or with `select` applied. */
  render(r: R, select?: ReadonlySet<string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of this.#o.fields) {
      const n = norm(f.key);
      if (select ? !(select.has(n) || (select.has('*') && !f.explicitOnly) || f === this.#id) : f.explicitOnly) continue;
      const v = f.get(r);
      if (v === undefined) continue;
      out[f.key] = this.#out(f.type, v);
    }
    return out;
  }

  #out(type: FieldType, v: unknown): unknown {
    if (type === 'raw' || v === null) return v;
    const legacy = this.#o.style === 'legacy';
    switch (type) {
      case 'date':
        return isoAt(v as number, this.#o.offsetMinutes);
      case 'int':
      case 'num':
        return legacy ? String(v) : v;
      case 'ints':
        return legacy ? (v as number[]).map(String) : [...(v as number[])];
      default:
        return v;
    }
  }

  /** `select` → the set of normalised names, or undefined for "all" (`['*']` or none). */
  #select(select: unknown): Set<string> | undefined {
    const list = listOf(select) ?? (typeof select === 'string' && select ? [select] : undefined);
    if (!list || list.length === 0) return undefined;
    const names = new Set(list.map((s) => (String(s) === '*' ? '*' : norm(String(s)))));
    return names;
  }

  /** Filter → candidate positions + tests. Throws RestError for unusable filters. */
  #compile(filterParam: unknown): { candidates: Candidates; tests: ((r: R) => boolean)[] } {
    if (filterParam !== undefined && filterParam !== null && filterParam !== '' && asObject(filterParam) === undefined) {
      // crm.deal.list docs, error.crm.deal.list.invalid-filter.json
      throw new RestError(400, this.#o.strict ? 'INVALID_ARG_VALUE' : '', "Parameter 'filter' must be array.");
    }
    const filter = asObject(filterParam) ?? {};
    const tests: ((r: R) => boolean)[] = [];
    let best: { list: readonly number[]; exact: boolean; test: (r: R) => boolean } | undefined;
    const offer = (list: readonly number[], exact: boolean, test: (r: R) => boolean) => {
      if (!best || list.length < best.list.length) best = { list, exact, test };
    };
    const ranges: { op: Op; t: number }[] = [];
    for (const [rawKey, value] of Object.entries(filter)) {
      const custom = this.#custom.get(norm(rawKey));
      if (custom) {
        const c = custom(value);
        tests.push(c.test);
        if (c.candidates) offer(c.candidates, c.exact === true, c.test);
        continue;
      }
      const { op, field: name } = splitFilterKey(rawKey);
      const f = this.#fields.get(norm(name));
      if (!f || f.type === 'raw') {
        // error.INVALID_ARG_VALUE.json (crm.item.list); legacy lists ignore unknown fields.
        if (this.#o.strict) throw new RestError(400, 'INVALID_ARG_VALUE', `Invalid filter: field '${name}' is not allowed in filter`);
        continue;
      }
      const test = this.#predicate(f, op, value);
      tests.push(test);
      if ((f.type === 'int' || f.type === 'ints') && f.index && (op === 'eq' || op === 'in')) {
        const values = (listOf(value) ?? [value]).map((v) => Number(v)).filter(Number.isFinite);
        const idx = this.#index(f);
        const lists = values.map((v) => idx.get(v) ?? []);
        offer(lists.length === 1 ? lists[0]! : mergeSorted(lists), true, test);
      }
      if (f.type === 'date' && this.#o.sortedDateKey && norm(f.key) === norm(this.#o.sortedDateKey) && (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte')) {
        const t = parseFilterDate(Array.isArray(value) ? value[0] : value, this.#o.offsetMinutes);
        if (t !== undefined) ranges.push({ op, t });
      }
    }
    let candidates: Candidates = { from: 0, to: this.rows.length };
    if (best) {
      candidates = best.list;
      const chosen = best;
      if (chosen.exact) tests.splice(tests.indexOf(chosen.test), 1);
    }
    if (ranges.length && this.#isSortedByDate()) candidates = this.#narrow(candidates, ranges);
    return { candidates, tests };
  }

  #isSortedByDate(): boolean {
    if (this.#sortedDate === undefined) {
      const f = this.#o.sortedDateKey ? this.field(this.#o.sortedDateKey) : undefined;
      let ok = f !== undefined;
      let prev = -Infinity;
      for (let i = 0; ok && i < this.rows.length; i++) {
        const v = f!.get(this.rows[i]!);
        if (typeof v !== 'number' || v < prev) ok = false;
        else prev = v;
      }
      this.#sortedDate = ok;
    }
    return this.#sortedDate;
  }

  /** Binary search of the date ranges on candidates sorted by that date (the tests still run). */
  #narrow(c: Candidates, ranges: readonly { op: Op; t: number }[]): Candidates {
    const f = this.field(this.#o.sortedDateKey!)!;
    const list = Array.isArray(c) ? (c as readonly number[]) : undefined;
    const range = c as { from: number; to: number };
    let lo = list ? 0 : range.from;
    let hi = list ? list.length : range.to;
    const at = (i: number) => f.get(this.rows[list ? list[i]! : i]!) as number;
    /** First index in [lo, hi) whose value satisfies `pred` (monotone false…true). */
    const first = (pred: (v: number) => boolean): number => {
      let a = lo;
      let b = hi;
      while (a < b) {
        const m = (a + b) >>> 1;
        if (pred(at(m))) b = m;
        else a = m + 1;
      }
      return a;
    };
    for (const { op, t } of ranges) {
      if (op === 'gte') lo = first((v) => v >= t);
      else if (op === 'gt') lo = first((v) => v > t);
      else if (op === 'lt') hi = first((v) => v >= t);
      else if (op === 'lte') hi = first((v) => v > t);
      if (hi < lo) hi = lo;
    }
    return list ? list.slice(lo, hi) : { from: lo, to: hi };
  }

  #predicate(f: FieldDef<R>, op: Op, value: unknown): (r: R) => boolean {
    const get = f.get as (r: R) => Value;
    const off = this.#o.offsetMinutes;
    const str = f.type === 'str';
    // Filter value → comparable scalar (undefined: matches nothing). Strings compare without case,
    // as MySQL's default collation does.
    const scalar = (v: unknown): number | string | null | undefined => {
      if (v === null || v === undefined) return null;
      switch (f.type) {
        case 'int':
        case 'num':
        case 'ints': {
          if (v === '' || v === false) return null;
          const n = typeof v === 'boolean' ? Number(v) : Number(String(v).trim());
          return Number.isFinite(n) ? n : undefined;
        }
        case 'date':
          return v === '' ? null : parseFilterDate(v, off);
        default:
          return typeof v === 'object' ? undefined : String(v).toLowerCase();
      }
    };
    /** Row value → comparable (lower case for strings; the length check spares most toLowerCase calls). */
    const lower = (x: string, lengths: ReadonlySet<number> | undefined) => (lengths && !lengths.has(x.length) ? '' : x.toLowerCase());
    /** `hit` for one row value; arrays (contactIds) match when any element does. */
    const some = (hit: (x: number | string) => boolean) => (r: R): boolean => {
      const v = get(r);
      if (v === null || v === undefined) return false;
      if (Array.isArray(v)) {
        for (const x of v as readonly number[]) if (hit(x)) return true;
        return false;
      }
      return hit(v as number | string);
    };
    const list = listOf(value);
    if (op === 'like' || op === 'nlike') {
      const needle = String(value ?? '').toLowerCase().replace(/%/g, '');
      const hit = some((x) => String(x).toLowerCase().includes(needle));
      return op === 'like' ? hit : (r) => !hit(r);
    }
    if (op === 'eq' || op === 'neq' || op === 'in' || op === 'nin') {
      const values = list ?? [value];
      const positive = op === 'eq' || op === 'in';
      const set = new Set(values.map(scalar).filter((x): x is number | string => x !== undefined && x !== null));
      // Strings: the value as sent first (the usual case), then without case.
      const exact = str ? new Set(values.filter((v): v is string => typeof v === 'string')) : undefined;
      const lengths = str ? new Set([...set].map((x) => String(x).length)) : undefined;
      const member = some((x) => (typeof x === 'string' ? exact!.has(x) || set.has(lower(x, lengths)) : set.has(x)));
      // `{COMPANY_ID: ''}` / `{companyId: null}`: rows without a value (no value, id 0, empty string).
      const wantsEmpty = values.some((v) => v === null || v === undefined || v === '');
      const empty = (r: R) => {
        const v = get(r);
        return v === null || v === undefined || v === '' || v === 0 || (Array.isArray(v) && v.length === 0);
      };
      const hit = wantsEmpty ? (r: R) => member(r) || empty(r) : member;
      return positive ? hit : (r) => !hit(r);
    }
    // Ranges: an array value compares with its first element.
    const bound = scalar(list ? list[0] : value);
    if (bound === undefined || bound === null) return () => false;
    const key = (x: number | string) => (typeof x === 'string' ? x.toLowerCase() : x);
    switch (op) {
      case 'gt': return some((x) => key(x) > bound);
      case 'gte': return some((x) => key(x) >= bound);
      case 'lt': return some((x) => key(x) < bound);
      default: return some((x) => key(x) <= bound);
    }
  }

  /** The comparator of `order` (default: ID ascending); undefined when the rows are already in that order. */
  #comparator(orderParam: unknown): ((a: number, b: number) => number) | undefined {
    const keys: { f: FieldDef<R>; dir: number }[] = [];
    for (const [k, d] of Object.entries(asObject(orderParam) ?? {})) {
      const f = this.#fields.get(norm(k));
      if (!f || f.type === 'raw') {
        if (this.#o.strict) throw new RestError(400, 'INVALID_ARG_VALUE', `Invalid order: field '${k}' is not allowed in order`);
        continue;
      }
      keys.push({ f, dir: String(d).toUpperCase() === 'DESC' ? -1 : 1 });
    }
    if (keys.length === 0) keys.push({ f: this.#id, dir: 1 });
    if (keys.length === 1 && keys[0]!.f === this.#id && keys[0]!.dir === 1 && this.#idOrdered()) return undefined;
    const key = (v: unknown): number | string | null => {
      if (v === null || v === undefined) return null;
      if (Array.isArray(v)) return (v[0] as number | undefined) ?? null;
      return typeof v === 'string' ? v.toLowerCase() : (v as number);
    };
    return (a, b) => {
      for (const { f, dir } of keys) {
        const x = key(f.get(this.rows[a]!));
        const y = key(f.get(this.rows[b]!));
        if (x === y) continue;
        // NULLs first in ascending order, as MySQL.
        if (x === null) return -dir;
        if (y === null) return dir;
        return x < y ? -dir : dir;
      }
      return a - b;
    };
  }

  /** True when the row positions are in ascending id order (the demo data's ids grow with time). */
  #idOrdered(): boolean {
    if (this.#ordered === undefined) {
      let ok = true;
      for (let i = 1; ok && i < this.rows.length; i++) {
        ok = (this.#id.get(this.rows[i - 1]!) as number) < (this.#id.get(this.rows[i]!) as number);
      }
      this.#ordered = ok;
    }
    return this.#ordered;
  }

  /**
   * One page of a list method: 50 rows from `start`, `total` = all matching rows, and `next` while
   * rows remain. Without a sort, matches are counted and only the page's positions are kept.
   */
  list(params: ListParams): ListPage {
    const { candidates, tests } = this.#compile(params.filter);
    const cmp = this.#comparator(params.order);
    const select = this.#select(params.select);
    const rawStart = Number(params.start ?? 0);
    // settings/performance/huge-data.md: `start: -1` skips counting (total 0) and never gives `next`.
    const fast = rawStart === -1;
    const start = fast || !Number.isInteger(rawStart) || rawStart < 0 ? 0 : rawStart;
    const end = start + this.#pageSize;
    const kept: number[] = [];
    let total = 0;
    const visit = (pos: number) => {
      const r = this.rows[pos]!;
      for (const t of tests) if (!t(r)) return;
      if (cmp || (total >= start && total < end)) kept.push(pos);
      total++;
    };
    if (Array.isArray(candidates)) for (const pos of candidates as readonly number[]) visit(pos);
    else for (let pos = (candidates as { from: number }).from, to = (candidates as { to: number }).to; pos < to; pos++) visit(pos);
    const positions = cmp ? kept.sort(cmp).slice(start, end) : kept;
    const rows = positions.map((pos) => this.render(this.rows[pos]!, select));
    if (fast) return { rows, total: 0 };
    return end < total ? { rows, total, next: end } : { rows, total };
  }
}

/** Union of ascending position lists, ascending and without duplicates. */
export function mergeSorted(lists: readonly (readonly number[])[]): number[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return [...nonEmpty[0]!];
  const all = nonEmpty.flat().sort((a, b) => a - b);
  return all.filter((v, i) => i === 0 || v !== all[i - 1]);
}
