/**
 * Reporting periods (SPEC §3), the part every page runs: the types, civil dates, time zones and the
 * default period (`last-30-days`). Every other period (the other presets, months, quarters, years,
 * ranges: their parsing, checks, resolution and labels, and the week start) is handled by
 * ./period-forms.ts, a lazy chunk of the CDN bundle: the functions here hand such periods to it, and
 * an element given one waits for it first (`periodWait`). ./period.ts, the public module, loads both.
 * Pure TypeScript: time-zone arithmetic uses `Intl.DateTimeFormat` only (no library, no DOM).
 *
 * Civil dates are plain `{ year, month, day }` values; all calendar arithmetic is done on integer
 * day numbers (days since 1970-01-01), so it never depends on the host's own time zone.
 */
import type { Instant } from './model.js';
import { safeString } from './text.js';
import { lazyPart } from './lazy-part.js';

export type PeriodPreset =
  | 'today' | 'yesterday' | 'current-week' | 'last-week' | 'current-month' | 'last-month'
  | 'current-quarter' | 'last-quarter' | 'current-year' | 'last-year'
  | 'last-7-days' | 'last-30-days' | 'last-60-days' | 'last-90-days' | 'all-time';

/** A calendar date without a time zone; `month` is 1–12. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A reporting period, independent of "now" and of any time zone until resolved. */
export type Period =
  | { readonly kind: 'preset'; readonly preset: PeriodPreset }
  | { readonly kind: 'month'; readonly year: number; readonly month: number }
  | { readonly kind: 'quarter'; readonly year: number; readonly quarter: 1 | 2 | 3 | 4 }
  | { readonly kind: 'year'; readonly year: number }
  /** `end` is the inclusive last day. */
  | { readonly kind: 'range'; readonly start: CivilDate; readonly end: CivilDate };

/** Every preset, in picker order. */
export const PERIOD_PRESETS: readonly PeriodPreset[] = [
  'today', 'yesterday', 'current-week', 'last-week', 'current-month', 'last-month',
  'current-quarter', 'last-quarter', 'current-year', 'last-year',
  'last-7-days', 'last-30-days', 'last-60-days', 'last-90-days', 'all-time',
];

/**
 * Bitrix24's nine Profile-tab choices in its order: current month, current quarter, last 7/30/60/90
 * days, a chosen month, a chosen quarter, a chosen year.
 */
export const BITRIX24_PERIOD_CHOICES: readonly (
  | 'current-month' | 'current-quarter' | 'last-7-days' | 'last-30-days' | 'last-60-days' | 'last-90-days'
  | 'month' | 'quarter' | 'year'
)[] = ['current-month', 'current-quarter', 'last-7-days', 'last-30-days', 'last-60-days', 'last-90-days', 'month', 'quarter', 'year'];

/** The default period: the last 30 days (Bitrix24's default). */
export const DEFAULT_PERIOD: Period = { kind: 'preset', preset: 'last-30-days' };

/** Thrown for an unparsable or invalid period, an unknown time zone or an invalid instant. */
export class PeriodError extends Error {
  /** The offending input, as text. */
  readonly input: string;
  constructor(message: string, input: string) {
    super(message);
    this.name = 'PeriodError';
    this.input = input;
  }
}

/** A period resolved in a time zone: instants `[from, to)` and civil dates `[start, end)`. */
export interface ResolvedPeriod {
  readonly period: Period;
  readonly timeZone: string;
  readonly from: Instant;
  /** Exclusive. */
  readonly to: Instant;
  readonly start: CivilDate;
  /** Exclusive: the day after the last day. */
  readonly end: CivilDate;
}

// ---------------------------------------------------------------------------------------------
// Civil-date arithmetic (proleptic Gregorian, day 0 = 1970-01-01)

const DAY = 86_400_000;
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
export function dayNumber({ year, month, day }: CivilDate): number {
  const y = year - (month <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The civil date of a day number (H. Hinnant's civil_from_days). */
export function fromDayNumber(n: number): CivilDate {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** The first day of month `m` of year `y`; `m` may be outside 1..12 (it carries into the year). */
export const monthStart = (y: number, m: number): CivilDate => ({ year: y + Math.floor((m - 1) / 12), month: (((m - 1) % 12) + 12) % 12 + 1, day: 1 });
export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `date` plus `days` calendar days (negative to go back); an out-of-range day carries over. */
export function addDays(date: CivilDate, days: number): CivilDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** The number of calendar days from `a` to `b` (negative when `b` is before `a`). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** `YYYY-MM-DD`. */
export function formatCivil(d: CivilDate): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

// ---------------------------------------------------------------------------------------------
// Time zones (Intl.DateTimeFormat only)

/** Offset cache entry for one UTC day: a constant offset, or one transition inside the day. */
type DaySpan = number | { readonly at: number; readonly before: number; readonly after: number };
interface Zone {
  readonly fmt: Intl.DateTimeFormat;
  readonly days: Map<number, DaySpan>;
}
const zones = new Map<string, Zone>();

function zone(timeZone: string): Zone {
  let z = zones.get(timeZone);
  if (!z) {
    let fmt: Intl.DateTimeFormat;
    try {
      if (typeof timeZone !== 'string' || timeZone.trim() === '') throw new RangeError();
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      throw new PeriodError(`Unknown time zone ${show(timeZone)}: expected an IANA time zone name such as "Europe/Paris", "America/New_York" or "UTC"`, String(timeZone));
    }
    z = { fmt, days: new Map() };
    zones.set(timeZone, z);
  }
  return z;
}

/** Zone offset (ms, local minus UTC) at `t`, computed by Intl; `t` must be a whole second. */
function rawOffset(t: number, z: Zone): number {
  const f: Record<string, number> = {};
  for (const p of z.fmt.formatToParts(t)) if (p.type !== 'literal') f[p.type] = Number(p.value);
  const local = Date.UTC(f.year!, f.month! - 1, f.day!, f.hour! % 24, f.minute!, f.second!);
  return local - t;
}

/**
 * Zone offset at any instant. Offsets are cached per UTC day: one Intl call per day boundary when
 * the offset is the same at both ends, else the transition is located to the second (at most one
 * transition per day is assumed, which holds for every zone since 1970).
 */
function offsetAt(t: number, z: Zone): number {
  const d = Math.floor(t / DAY);
  let span = z.days.get(d);
  if (span === undefined) {
    let lo = d * DAY;
    let hi = lo + DAY;
    const before = rawOffset(lo, z);
    const after = rawOffset(hi, z);
    if (before === after) span = before;
    else {
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (rawOffset(mid, z) === before) lo = mid;
        else hi = mid;
      }
      span = { at: hi, before, after };
    }
    if (z.days.size > 50_000) z.days.clear();
    z.days.set(d, span);
  }
  return typeof span === 'number' ? span : t < span.at ? span.before : span.after;
}

/** Whether `tz` is a time zone this runtime's `Intl` knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    zone(tz);
    return true;
  } catch {
    return false;
  }
}

let browserZone: string | undefined;

/** The browser's IANA time zone (read once: asking Intl costs a formatter each time). */
export function browserTimeZone(): string {
  return (browserZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

/**
 * The zone an element works in: its `time-zone` attribute when that is a valid IANA name, else the
 * browser's, after `warn` says why the attribute was set aside. One rule and one message for every element.
 */
export function elementTimeZone(attribute: string | undefined, warn: (message: string) => void): string {
  if (!attribute) return browserTimeZone();
  if (isValidTimeZone(attribute)) return attribute;
  warn(`Unknown time zone "${attribute}": expected an IANA name such as "Europe/Paris"; using the browser's (${browserTimeZone()}).`);
  return browserTimeZone();
}

/** The offset of `timeZone` at `instant` in ms (local minus UTC: +3 600 000 for Paris in winter). */
export function zoneOffset(instant: Instant, timeZone: string): number {
  const z = zone(timeZone);
  if (typeof instant !== 'number' || !Number.isFinite(instant)) {
    throw new PeriodError(`Invalid instant ${show(instant)}: expected epoch milliseconds`, String(instant));
  }
  return offsetAt(instant, z);
}

/** The civil date of `instant` in `timeZone`. Cheap after the first call for a given day. */
export function civilDateOf(instant: Instant, timeZone: string): CivilDate {
  return fromDayNumber(Math.floor((instant + zoneOffset(instant, timeZone)) / DAY));
}

/**
 * The first instant of civil day `date` in `timeZone`: local midnight, exact across DST; when
 * midnight does not exist (a transition at 00:00), the first instant that does.
 */
export function startOfDay(date: CivilDate, timeZone: string): Instant {
  const z = zone(timeZone);
  const local = dayNumber(date) * DAY; // local midnight read as if it were UTC
  const before = offsetAt(local - DAY, z);
  const after = offsetAt(local + DAY, z);
  let best = Infinity;
  for (const o of [before, after]) if (offsetAt(local - o, z) === o) best = Math.min(best, local - o);
  if (best !== Infinity) return best;
  // Midnight falls in a gap: the day starts at the transition, between local - after and local - before.
  let lo = local - after;
  let hi = local - before;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, z) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

// ---------------------------------------------------------------------------------------------
// The default period; every other one in ./period-forms.ts

/** Quote any value for an error message, shortened. */
export function show(x: unknown): string {
  const s = JSON.stringify(typeof x === 'string' ? x : safeString(x));
  return s.length > 80 ? `${s.slice(0, 77)}…"` : s;
}

const DEFAULT = 'last-30-days';
/** Whether `x` is the default period or its string form (what needs no ./period-forms.ts). */
const isDefault = (x: unknown): boolean => x === DEFAULT || ((x as Period | null)?.kind === 'preset' && (x as { preset?: unknown }).preset === DEFAULT);

/** What ./period-forms.ts does for every period but the default one. */
export interface PeriodForms {
  parse(text: string): Period;
  checked(p: Period): Period;
  format(p: Period): string;
  /** Civil days `[start, end)` of a period, given today's date. */
  days(p: Period, today: CivilDate, locale: string): [CivilDate, CivilDate];
  weekStart(date: CivilDate, locale: string): CivilDate;
  /** The label of a month, quarter, year or range (src/i18n's `periodLabel`). */
  label(p: Exclude<Period, { kind: 'preset' }>, locale: string): string;
}

/**
 * How ./period-forms.ts is loaded: a chunk of its own in the CDN bundle (./period.ts imports it).
 * @internal Replaced by the tests to hold the chunk back or make it fail.
 */
export const periodChunks = { forms: () => import('./period-forms.js') };

/** ./period-forms.ts, once here (it says so as it runs, however it was imported). */
export const periodForms = lazyPart<PeriodForms>(() => periodChunks.forms().then((m) => m.forms));

/** ./period-forms.ts when here; a caller that did not wait for it (`periodWait`) gets this error. */
export function formsOf(): PeriodForms {
  const forms = periodForms.loaded;
  if (!forms) throw new Error('crm-profile-widgets: the periods\' code is not loaded yet');
  return forms;
}

/** Whether `x` (a period or its string form, valid or not) can be read now: ./period-forms.ts is here or `x` is the default period. */
export const periodReady = (x: unknown): boolean => !!periodForms.loaded || isDefault(x);

/**
 * What to wait for before `x` can be read, resolved or labelled: the loading of ./period-forms.ts,
 * unless `periodReady(x)`. (It starts the load: a caller handles its failure.)
 */
export const periodWait = (x: unknown): Promise<PeriodForms> | undefined => (periodReady(x) ? undefined : periodForms.load());

/** @throws PeriodError for an invalid period object. */
export const checkedPeriod = (p: Period): Period => (isDefault(p) ? p : formsOf().checked(p));

/**
 * Parses the string form of a period: a preset name (`last-30-days`, `current-month`, `all-time`, …),
 * `month:2026-03`, `quarter:2026-Q1`, `year:2025` or `range:2026-01-01/2026-02-15` (both days
 * included). Surrounding whitespace is ignored and ASCII case does not matter.
 * @throws PeriodError naming the input and what is accepted; there is no silent default.
 */
export const parsePeriod = (text: string): Period => (text === DEFAULT ? { kind: 'preset', preset: DEFAULT } : formsOf().parse(text));

/**
 * The compact string form of a period (see `parsePeriod`); canonical: lower case except the `Q` of
 * quarters. `parsePeriod(formatPeriod(p))` deep-equals `p`.
 * @throws PeriodError for an invalid period object.
 */
export const formatPeriod = (p: Period): string => (isDefault(p) ? DEFAULT : formsOf().format(p));

/** The first day of the week `date` is in, the week starting on `weekStartDay(locale)`. */
export const weekStart = (date: CivilDate, locale: string): CivilDate => formsOf().weekStart(date, locale);

// ---------------------------------------------------------------------------------------------
// Resolution

/** The resolved period of civil days `[start, end)` in `timeZone` (`to`: the end instant when known). */
export function resolved(period: Period, timeZone: string, start: CivilDate, end: CivilDate, to?: Instant): ResolvedPeriod {
  return { period, timeZone, start, end, from: startOfDay(start, timeZone), to: to ?? startOfDay(end, timeZone) };
}

/**
 * Resolves a period (or its string form) at instant `now` in IANA `timeZone` to `[from, to)`, where
 * `from`/`to` are the first instants of the civil days `start`/`end` (DST-exact). Presets: `today` is
 * `[today, tomorrow)`; `last-N-days` are the N days ending with today; `current-week` starts on
 * `weekStartDay(locale)`; `current-month/quarter/year` contain today and run to their end; `last-X` is
 * the whole previous X; `all-time` runs from 1970-01-01 to tomorrow.
 * @param locale decides the first day of the week only (default `en`, i.e. Sunday).
 * @throws PeriodError for an invalid period, time zone or `now`.
 */
export function resolvePeriod(period: Period | string, now: Instant, timeZone: string, locale = 'en'): ResolvedPeriod {
  const p = typeof period === 'string' ? parsePeriod(period) : checkedPeriod(period);
  const today = civilDateOf(now, timeZone);
  const t = dayNumber(today);
  const [start, end] = isDefault(p) ? [fromDayNumber(t - 29), fromDayNumber(t + 1)] : formsOf().days(p, today, locale);
  return resolved(p, timeZone, start, end);
}
