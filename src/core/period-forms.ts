/**
 * Every period but the default one (./period-base.ts has the types, civil dates, time zones and
 * `last-30-days`): the other presets, months, quarters, years and ranges — their string form, their
 * checks, their civil days and their labels — and the week start. A lazy chunk of the CDN bundle,
 * loaded when an element is given another period (`periodWait`) and with the chunks that make or
 * show them (the period picker's popup, the deep links, the layout rules, the comparison); the
 * public module ./period.ts imports it, so that its functions read every period at once.
 */
import { intlFormatter } from './intl.js';
import {
  addDays, dayNumber, formatCivil, fromDayNumber, MAX_YEAR, MIN_YEAR, monthStart, pad, PERIOD_PRESETS, PeriodError,
  periodForms, show, type CivilDate, type Period, type PeriodForms, type PeriodPreset,
} from './period-base.js';
import { msg } from '../i18n/index.js';
// The English names of these periods (not the code every page runs).
import '../i18n/en-periods.js';
import { safeString } from './text.js';

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareCivil(a: CivilDate, b: CivilDate): number {
  return Math.sign(a.year - b.year || a.month - b.month || a.day - b.day);
}

// ---------------------------------------------------------------------------------------------
// Week start

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
const isoWeekday = (n: number): number => ((((n + 3) % 7) + 7) % 7) + 1;

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

function weekStart(date: CivilDate, locale: string): CivilDate {
  const n = dayNumber(date);
  return fromDayNumber(n - ((isoWeekday(n) - weekStartDay(locale) + 7) % 7));
}

// ---------------------------------------------------------------------------------------------
// String form

const PRESET_SET: ReadonlySet<string> = new Set(PERIOD_PRESETS);
const FORMS = { month: 'month:YYYY-MM', quarter: 'quarter:YYYY-Qn (n = 1..4)', year: 'year:YYYY', range: 'range:YYYY-MM-DD/YYYY-MM-DD (both days included)' };
const ACCEPTED = `one of the presets ${PERIOD_PRESETS.join(', ')}, or ${Object.values(FORMS).join(', ')}, with years ${MIN_YEAR}..${MAX_YEAR}`;

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

function checked(p: Period): Period {
  const why = periodProblem(p);
  if (why) {
    let text: string;
    try { text = JSON.stringify(p) ?? String(p); } catch { text = String(p); }
    throw new PeriodError(`Invalid period ${show(text)}: ${why}`, text);
  }
  return p;
}

function parse(text: string): Period {
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

function format(p: Period): string {
  checked(p);
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
function days(p: Period, today: CivilDate, locale: string): [CivilDate, CivilDate] {
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

// ---------------------------------------------------------------------------------------------
// Labels (src/i18n's periodLabel: the presets' are words of the message tables)

const utcDate = (d: CivilDate): Date => new Date(Date.UTC(d.year, d.month - 1, d.day));

/** "March 2026", "mars 2026", "Q1 2026", "T1 2026", "2026", "Jan 1 – Feb 15, 2026" in `loc` (canonical). */
function label(p: Exclude<Period, { kind: 'preset' }>, loc: string): string {
  const year = (y: number): string => intlFormatter(Intl.NumberFormat, loc, { useGrouping: false }).format(y);
  switch (p.kind) {
    case 'month': return intlFormatter(Intl.DateTimeFormat, loc, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(utcDate({ year: p.year, month: p.month, day: 1 }));
    case 'quarter': return msg(loc, 'period.quarterLabel', { q: year(p.quarter), y: year(p.year) });
    case 'year': return year(p.year);
    case 'range': return intlFormatter(Intl.DateTimeFormat, loc, { dateStyle: 'medium', timeZone: 'UTC' }).formatRange(utcDate(p.start), utcDate(p.end));
  }
}

export const forms: PeriodForms = { parse, checked, format, days, weekStart, label };
periodForms.provide(forms);
