/**
 * Reporting periods (SPEC §3): presets, chosen months/quarters/years and custom ranges, their compact
 * string form, and their resolution to a half-open interval `[from, to)` of instants in an IANA time
 * zone. Pure TypeScript: time-zone arithmetic uses `Intl.DateTimeFormat` only (no library, no DOM).
 *
 * Civil dates are plain `{ year, month, day }` values; all calendar arithmetic is done on integer
 * day numbers (days since 1970-01-01), so it never depends on the host's own time zone.
 */
import type { Instant } from './model.js';
import { safeString } from './text.js';

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
const MAX_YEAR = 9999;

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
function dayNumber({ year, month, day }: CivilDate): number {
  const y = year - (month <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The civil date of a day number (H. Hinnant's civil_from_days). */
function fromDayNumber(n: number): CivilDate {
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
/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
const isoWeekday = (n: number): number => ((((n + 3) % 7) + 7) % 7) + 1;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `date` plus `days` calendar days (negative to go back); an out-of-range day carries over. */
export function addDays(date: CivilDate, days: number): CivilDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** The number of calendar days from `a` to `b` (negative when `b` is before `a`). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareCivil(a: CivilDate, b: CivilDate): number {
  return Math.sign(a.year - b.year || a.month - b.month || a.day - b.day);
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
// Week start

const weekStarts = new Map<string, number>();
const FW = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
// CLDR weekData, for runtimes without Intl.Locale week info; every other region starts on Monday.
const SUNDAY_REGIONS = new Set('AG AS BD BR BS BT BW BZ CA CO DM DO ET GT GU HK HN ID IL IN JM JP KE KH KR LA MH MM MO MT MX MZ NI NP PA PE PH PK PR PT PY SA SG SV TH TT TW UM US VE VI WS YE ZA ZW'.split(' '));
const SATURDAY_REGIONS = new Set('AE AF BH DJ DZ EG IQ IR JO KW LY OM QA SD SY'.split(' '));

/** First day of the week for `locale`: 1 = Monday … 7 = Sunday (ISO 8601 Monday for an invalid locale). */
export function weekStartDay(locale: string): number {
  let day = weekStarts.get(locale);
  if (day !== undefined) return day;
  day = 1;
  try {
    type WeekInfo = { readonly firstDay: number };
    const loc = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?(): WeekInfo; readonly weekInfo?: WeekInfo };
    const info = typeof loc.getWeekInfo === 'function' ? loc.getWeekInfo() : loc.weekInfo;
    const fw = /-u(?:-\w+)*?-fw-(\w{3})/i.exec(loc.toString())?.[1]?.toLowerCase();
    if (info && info.firstDay >= 1 && info.firstDay <= 7) day = info.firstDay;
    else if (fw && FW.includes(fw)) day = FW.indexOf(fw) + 1;
    else {
      const region = loc.maximize().region ?? '';
      day = SUNDAY_REGIONS.has(region) ? 7 : SATURDAY_REGIONS.has(region) ? 6 : region === 'MV' ? 5 : 1;
    }
  } catch {
    // invalid locale tag: ISO Monday
  }
  weekStarts.set(locale, day);
  return day;
}

/** The first day of the week `date` is in, the week starting on `weekStartDay(locale)`. */
export function weekStart(date: CivilDate, locale: string): CivilDate {
  const n = dayNumber(date);
  return fromDayNumber(n - ((isoWeekday(n) - weekStartDay(locale) + 7) % 7));
}

// ---------------------------------------------------------------------------------------------
// String form

const PRESET_SET: ReadonlySet<string> = new Set(PERIOD_PRESETS);
const FORMS = { month: 'month:YYYY-MM', quarter: 'quarter:YYYY-Qn (n = 1..4)', year: 'year:YYYY', range: 'range:YYYY-MM-DD/YYYY-MM-DD (both days included)' };
const ACCEPTED = `one of the presets ${PERIOD_PRESETS.join(', ')}, or ${Object.values(FORMS).join(', ')}, with years ${MIN_YEAR}..${MAX_YEAR}`;

/** Quote any value for an error message, shortened. */
function show(x: unknown): string {
  const s = JSON.stringify(typeof x === 'string' ? x : safeString(x));
  return s.length > 80 ? `${s.slice(0, 77)}…"` : s;
}

const isInt = (n: unknown, min: number, max: number): boolean => Number.isInteger(n) && (n as number) >= min && (n as number) <= max;
const yearProblem = (y: unknown): string | null => (isInt(y, MIN_YEAR, MAX_YEAR) ? null : `year ${String(y)} is outside ${MIN_YEAR}..${MAX_YEAR}`);

function dateProblem(d: CivilDate | undefined): string | null {
  if (!d || typeof d !== 'object') return 'a range needs a start and an end date';
  // A day past its month's end (2026-02-30) would carry into the next month: not the same date.
  return yearProblem(d.year) ?? (isInt(d.month, 1, 12) && isInt(d.day, 1, 31) && compareCivil(addDays(d, 0), d) === 0
    ? null : `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)} is not a valid date`);
}

/** Why `p` is not a valid period, or null. */
function periodProblem(p: Period): string | null {
  if (!p || typeof p !== 'object') return 'not a period';
  switch (p.kind) {
    case 'preset': return PRESET_SET.has(p.preset) ? null : `unknown preset ${show(p.preset)}; expected ${ACCEPTED}`;
    case 'month': return yearProblem(p.year) ?? (isInt(p.month, 1, 12) ? null : `month ${p.month} is not 1..12`);
    case 'quarter': return yearProblem(p.year) ?? (isInt(p.quarter, 1, 4) ? null : `quarter ${p.quarter} is not 1..4`);
    case 'year': return yearProblem(p.year);
    case 'range':
      return dateProblem(p.start) ?? dateProblem(p.end) ??
        (compareCivil(p.start, p.end) > 0 ? `the start ${formatCivil(p.start)} is after the end ${formatCivil(p.end)}` : null);
    default: return `unknown period kind ${show((p as { kind?: unknown }).kind)}`;
  }
}

export function checkedPeriod(p: Period): Period {
  const why = periodProblem(p);
  if (why) {
    let text: string;
    try { text = JSON.stringify(p) ?? String(p); } catch { text = String(p); }
    throw new PeriodError(`Invalid period ${show(text)}: ${why}`, text);
  }
  return p;
}

/**
 * Parses the string form of a period: a preset name (`last-30-days`, `current-month`, `all-time`, …),
 * `month:2026-03`, `quarter:2026-Q1`, `year:2025` or `range:2026-01-01/2026-02-15` (both days
 * included). Surrounding whitespace is ignored and ASCII case does not matter.
 * @throws PeriodError naming the input and what is accepted; there is no silent default.
 */
export function parsePeriod(text: string): Period {
  if (typeof text !== 'string') throw new PeriodError(`Invalid period ${show(text)}: expected a string, ${ACCEPTED}`, safeString(text));
  const s = text.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (PRESET_SET.has(s)) return { kind: 'preset', preset: s as PeriodPreset };
  const fail = (why: string): never => {
    throw new PeriodError(`Invalid period ${show(text)}: ${why}`, text);
  };
  const [, kind, arg = ''] = /^(month|quarter|year|range):(.*)$/s.exec(s) ?? [];
  let p: Period | undefined;
  let m: RegExpExecArray | null;
  if (kind === 'month' && (m = /^(\d{4})-(\d{2})$/.exec(arg))) p = { kind, year: Number(m[1]), month: Number(m[2]) };
  else if (kind === 'quarter' && (m = /^(\d{4})-q([1-4])$/.exec(arg))) p = { kind, year: Number(m[1]), quarter: Number(m[2]) as 1 | 2 | 3 | 4 };
  else if (kind === 'year' && (m = /^(\d{4})$/.exec(arg))) p = { kind, year: Number(m[1]) };
  else if (kind === 'range' && (m = /^(\d{4})-(\d{2})-(\d{2})\/(\d{4})-(\d{2})-(\d{2})$/.exec(arg))) {
    const [a, b, c, d, e, f] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    p = { kind, start: { year: a, month: b, day: c }, end: { year: d, month: e, day: f } };
  }
  if (!p) return fail(kind ? `expected ${FORMS[kind as keyof typeof FORMS]}` : `expected ${ACCEPTED}`);
  const why = periodProblem(p);
  return why ? fail(why) : p;
}

/**
 * The compact string form of a period (see `parsePeriod`); canonical: lower case except the `Q` of
 * quarters. `parsePeriod(formatPeriod(p))` deep-equals `p`.
 * @throws PeriodError for an invalid period object.
 */
export function formatPeriod(p: Period): string {
  checkedPeriod(p);
  switch (p.kind) {
    case 'preset': return p.preset;
    case 'month': return `month:${p.year}-${pad(p.month, 2)}`;
    case 'quarter': return `quarter:${p.year}-Q${p.quarter}`;
    case 'year': return `year:${p.year}`;
    case 'range': return `range:${formatCivil(p.start)}/${formatCivil(p.end)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Resolution

/** Civil days `[start, end)` of a period, given today's date. */
function periodDays(p: Period, today: CivilDate, locale: string): [CivilDate, CivilDate] {
  const months = (y: number, m: number, count: number): [CivilDate, CivilDate] => [monthStart(y, m), monthStart(y, m + count)];
  const t = dayNumber(today);
  const days = (from: number, to: number): [CivilDate, CivilDate] => [fromDayNumber(from), fromDayNumber(to)];
  const { year, month } = today;
  const q = 3 * Math.floor((month - 1) / 3) + 1; // first month of today's quarter
  switch (p.kind) {
    case 'month': return months(p.year, p.month, 1);
    case 'quarter': return months(p.year, 3 * p.quarter - 2, 3);
    case 'year': return months(p.year, 1, 12);
    case 'range': return [p.start, addDays(p.end, 1)];
    case 'preset':
      switch (p.preset) {
        case 'today': return days(t, t + 1);
        case 'yesterday': return days(t - 1, t);
        case 'current-week':
        case 'last-week': {
          const start = dayNumber(weekStart(today, locale)) - (p.preset === 'last-week' ? 7 : 0);
          return days(start, start + 7);
        }
        case 'current-month': return months(year, month, 1);
        case 'last-month': return months(year, month - 1, 1);
        case 'current-quarter': return months(year, q, 3);
        case 'last-quarter': return months(year, q - 3, 3);
        case 'current-year': return months(year, 1, 12);
        case 'last-year': return months(year - 1, 1, 12);
        case 'last-7-days': return days(t - 6, t + 1);
        case 'last-30-days': return days(t - 29, t + 1);
        case 'last-60-days': return days(t - 59, t + 1);
        case 'last-90-days': return days(t - 89, t + 1);
        case 'all-time': return days(Math.min(0, t), t + 1);
      }
  }
}

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
  const [start, end] = periodDays(p, today, locale);
  return resolved(p, timeZone, start, end);
}
