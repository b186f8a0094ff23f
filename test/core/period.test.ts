import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  BITRIX24_PERIOD_CHOICES, DEFAULT_PERIOD, PERIOD_PRESETS, PeriodError, addDays, civilDateOf, compareCivil, daysBetween,
  formatCivil, formatPeriod, isValidTimeZone, parsePeriod, resolvePeriod, startOfDay, weekStartDay,
} from '../../src/core/period.js';
import { loadMessages, periodLabel } from '../../src/i18n/index.js';
import type { CivilDate, Period, PeriodPreset } from '../../src/core/period.js';
import { previousPeriod, samePeriodLastYear } from '../../src/core/period-shift.js';

const iso = (t: number): string => new Date(t).toISOString();
const date = (s: string): CivilDate => {
  const [year, month, day] = s.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};
/** `[from, to)` of a resolved period as ISO strings. */
function span(p: Period | string, now: string, tz: string, locale?: string): [string, string] {
  const r = resolvePeriod(p, Date.parse(now), tz, locale);
  return [iso(r.from), iso(r.to)];
}
function throwsPeriodError(fn: () => unknown): PeriodError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(PeriodError);
    expect((e as Error).name).to.equal('PeriodError');
    return e as PeriodError;
  }
  throw new Error('expected a PeriodError');
}
const H = 3_600_000;
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC'] as const;

describe('period: constants', () => {
  it('lists Bitrix24 choices in order and defaults to the last 30 days', () => {
    expect([...BITRIX24_PERIOD_CHOICES]).to.deep.equal(['current-month', 'current-quarter', 'last-7-days', 'last-30-days', 'last-60-days', 'last-90-days', 'month', 'quarter', 'year']);
    expect(DEFAULT_PERIOD).to.deep.equal({ kind: 'preset', preset: 'last-30-days' });
    expect(PERIOD_PRESETS).to.have.length(15);
    expect(new Set(PERIOD_PRESETS).size).to.equal(15);
  });
});

describe('period: string form', () => {
  it('parses and formats every form', () => {
    expect(parsePeriod('last-30-days')).to.deep.equal({ kind: 'preset', preset: 'last-30-days' });
    expect(parsePeriod('month:2026-03')).to.deep.equal({ kind: 'month', year: 2026, month: 3 });
    expect(parsePeriod('quarter:2026-Q1')).to.deep.equal({ kind: 'quarter', year: 2026, quarter: 1 });
    expect(parsePeriod('year:2025')).to.deep.equal({ kind: 'year', year: 2025 });
    expect(parsePeriod('range:2026-01-01/2026-02-15')).to.deep.equal({
      kind: 'range', start: { year: 2026, month: 1, day: 1 }, end: { year: 2026, month: 2, day: 15 },
    });
    expect(parsePeriod('range:2024-02-29/2024-02-29')).to.deep.equal({ kind: 'range', start: date('2024-02-29'), end: date('2024-02-29') });
    for (const s of ['all-time', 'current-week', 'month:2026-03', 'quarter:2026-Q4', 'year:1970', 'year:9999', 'range:1970-01-01/9999-12-31']) {
      expect(formatPeriod(parsePeriod(s))).to.equal(s);
    }
  });

  it('trims whitespace and ignores case, formatting canonically', () => {
    expect(formatPeriod(parsePeriod('  Last-30-DAYS\n'))).to.equal('last-30-days');
    expect(formatPeriod(parsePeriod('QUARTER:2026-q3'))).to.equal('quarter:2026-Q3');
    expect(formatPeriod(parsePeriod('\tRange:2026-01-01/2026-01-31 '))).to.equal('range:2026-01-01/2026-01-31');
  });

  it('rejects bad strings with a message naming the input and what is accepted', () => {
    const cases: [string, string][] = [
      ['last-31-days', 'Invalid period "last-31-days": expected one of the presets today, yesterday,'],
      ['', 'Invalid period "": expected one of the presets'],
      ['month:2026-13', 'Invalid period "month:2026-13": month 13 is not 1..12'],
      ['month:2026-3', 'Invalid period "month:2026-3": expected month:YYYY-MM'],
      ['month:2026-00', 'month 0 is not 1..12'],
      ['quarter:2026-Q5', 'Invalid period "quarter:2026-Q5": expected quarter:YYYY-Qn'],
      ['year:1969', 'Invalid period "year:1969": year 1969 is outside 1970..9999'],
      ['year:10000', 'expected year:YYYY'],
      ['range:2026-02-30/2026-03-01', 'Invalid period "range:2026-02-30/2026-03-01": 2026-02-30 is not a valid date'],
      ['range:2025-02-29/2025-03-01', '2025-02-29 is not a valid date'],
      ['range:2026-03-01/2026-02-01', 'the start 2026-03-01 is after the end 2026-02-01'],
      ['range:2026-03-01', 'expected range:YYYY-MM-DD/YYYY-MM-DD'],
      ['last 30 days', 'Invalid period "last 30 days"'],
      ['month: 2026-03', 'expected month:YYYY-MM'],
    ];
    for (const [input, message] of cases) {
      const e = throwsPeriodError(() => parsePeriod(input));
      expect(e.message, input).to.include(message);
      expect(e.input).to.equal(input);
    }
    expect(throwsPeriodError(() => parsePeriod('junk')).message).to.include('month:YYYY-MM, quarter:YYYY-Qn (n = 1..4), year:YYYY, range:YYYY-MM-DD/YYYY-MM-DD');
    expect(throwsPeriodError(() => parsePeriod(42 as unknown as string)).input).to.equal('42');
  });

  it('refuses to format or resolve invalid period objects', () => {
    expect(throwsPeriodError(() => formatPeriod({ kind: 'month', year: 2026, month: 13 })).message).to.include('month 13 is not 1..12');
    expect(throwsPeriodError(() => formatPeriod({ kind: 'preset', preset: 'someday' as PeriodPreset })).message).to.include('unknown preset "someday"');
    expect(throwsPeriodError(() => resolvePeriod({ kind: 'year', year: 1969.5 }, 0, 'UTC')).message).to.include('year 1969.5 is outside');
  });
});

type Spans = Record<PeriodPreset, [string, string]>;
function expectSpans(now: string, tz: string, locale: string, spans: Spans): void {
  for (const preset of PERIOD_PRESETS) expect(span(preset, now, tz, locale), `${tz} ${preset}`).to.deep.equal(spans[preset]);
}

describe('period: presets in four time zones', () => {
  it('Europe/Paris on its 23-hour DST day (2026-03-29, fr: weeks start Monday)', () => {
    expectSpans('2026-03-29T12:00:00Z', 'Europe/Paris', 'fr', {
      today: ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      yesterday: ['2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z'],
      'current-week': ['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      'last-week': ['2026-03-15T23:00:00.000Z', '2026-03-22T23:00:00.000Z'],
      'current-month': ['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
      'last-month': ['2026-01-31T23:00:00.000Z', '2026-02-28T23:00:00.000Z'],
      'current-quarter': ['2025-12-31T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
      'last-quarter': ['2025-09-30T22:00:00.000Z', '2025-12-31T23:00:00.000Z'],
      'current-year': ['2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z'],
      'last-year': ['2024-12-31T23:00:00.000Z', '2025-12-31T23:00:00.000Z'],
      'last-7-days': ['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      'last-30-days': ['2026-02-27T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      'last-60-days': ['2026-01-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      'last-90-days': ['2025-12-29T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      'all-time': ['1969-12-31T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    });
    const r = resolvePeriod('today', Date.parse('2026-03-29T12:00:00Z'), 'Europe/Paris');
    expect(r.to - r.from).to.equal(23 * H);
    expect(formatCivil(r.start)).to.equal('2026-03-29');
    expect(formatCivil(r.end)).to.equal('2026-03-30');
    expect(r.timeZone).to.equal('Europe/Paris');
  });

  it('Europe/Paris on its 25-hour day (2026-10-25) and week start en-US vs fr', () => {
    expect(span('today', '2026-10-25T10:00:00Z', 'Europe/Paris')).to.deep.equal(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(span('current-week', '2026-03-29T12:00:00Z', 'Europe/Paris', 'en-US')).to.deep.equal(['2026-03-28T23:00:00.000Z', '2026-04-04T22:00:00.000Z']);
    expect(span('last-week', '2026-03-29T12:00:00Z', 'Europe/Paris', 'en-US')).to.deep.equal(['2026-03-21T23:00:00.000Z', '2026-03-28T23:00:00.000Z']);
    // default locale 'en' = Sunday
    expect(span('current-week', '2026-03-29T12:00:00Z', 'Europe/Paris')).to.deep.equal(['2026-03-28T23:00:00.000Z', '2026-04-04T22:00:00.000Z']);
  });

  it('America/New_York on its 23-hour DST day (2026-03-08, en-US: weeks start Sunday)', () => {
    expectSpans('2026-03-08T15:00:00Z', 'America/New_York', 'en-US', {
      today: ['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
      yesterday: ['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z'],
      'current-week': ['2026-03-08T05:00:00.000Z', '2026-03-15T04:00:00.000Z'],
      'last-week': ['2026-03-01T05:00:00.000Z', '2026-03-08T05:00:00.000Z'],
      'current-month': ['2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'],
      'last-month': ['2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z'],
      'current-quarter': ['2026-01-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'],
      'last-quarter': ['2025-10-01T04:00:00.000Z', '2026-01-01T05:00:00.000Z'],
      'current-year': ['2026-01-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z'],
      'last-year': ['2025-01-01T05:00:00.000Z', '2026-01-01T05:00:00.000Z'],
      'last-7-days': ['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
      'last-30-days': ['2026-02-07T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
      'last-60-days': ['2026-01-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
      'last-90-days': ['2025-12-09T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
      'all-time': ['1970-01-01T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    });
    expect(span('current-week', '2026-03-08T15:00:00Z', 'America/New_York', 'fr')).to.deep.equal(['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(span('today', '2026-11-01T12:00:00Z', 'America/New_York')).to.deep.equal(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
  });

  it('Asia/Kolkata (+05:30) at 2026-01-01T00:30 local, a year edge', () => {
    expectSpans('2025-12-31T19:00:00Z', 'Asia/Kolkata', 'en', {
      today: ['2025-12-31T18:30:00.000Z', '2026-01-01T18:30:00.000Z'],
      yesterday: ['2025-12-30T18:30:00.000Z', '2025-12-31T18:30:00.000Z'],
      'current-week': ['2025-12-27T18:30:00.000Z', '2026-01-03T18:30:00.000Z'],
      'last-week': ['2025-12-20T18:30:00.000Z', '2025-12-27T18:30:00.000Z'],
      'current-month': ['2025-12-31T18:30:00.000Z', '2026-01-31T18:30:00.000Z'],
      'last-month': ['2025-11-30T18:30:00.000Z', '2025-12-31T18:30:00.000Z'],
      'current-quarter': ['2025-12-31T18:30:00.000Z', '2026-03-31T18:30:00.000Z'],
      'last-quarter': ['2025-09-30T18:30:00.000Z', '2025-12-31T18:30:00.000Z'],
      'current-year': ['2025-12-31T18:30:00.000Z', '2026-12-31T18:30:00.000Z'],
      'last-year': ['2024-12-31T18:30:00.000Z', '2025-12-31T18:30:00.000Z'],
      'last-7-days': ['2025-12-25T18:30:00.000Z', '2026-01-01T18:30:00.000Z'],
      'last-30-days': ['2025-12-02T18:30:00.000Z', '2026-01-01T18:30:00.000Z'],
      'last-60-days': ['2025-11-02T18:30:00.000Z', '2026-01-01T18:30:00.000Z'],
      'last-90-days': ['2025-10-03T18:30:00.000Z', '2026-01-01T18:30:00.000Z'],
      'all-time': ['1969-12-31T18:30:00.000Z', '2026-01-01T18:30:00.000Z'],
    });
    // one hour earlier it is still 2025 in Kolkata
    expect(span('current-year', '2025-12-31T18:29:59.999Z', 'Asia/Kolkata')).to.deep.equal(['2024-12-31T18:30:00.000Z', '2025-12-31T18:30:00.000Z']);
  });

  it('Pacific/Auckland on its 25-hour day (2026-04-05, DST ends in the southern autumn)', () => {
    expectSpans('2026-04-05T00:00:00Z', 'Pacific/Auckland', 'en', {
      today: ['2026-04-04T11:00:00.000Z', '2026-04-05T12:00:00.000Z'],
      yesterday: ['2026-04-03T11:00:00.000Z', '2026-04-04T11:00:00.000Z'],
      'current-week': ['2026-04-04T11:00:00.000Z', '2026-04-11T12:00:00.000Z'],
      'last-week': ['2026-03-28T11:00:00.000Z', '2026-04-04T11:00:00.000Z'],
      'current-month': ['2026-03-31T11:00:00.000Z', '2026-04-30T12:00:00.000Z'],
      'last-month': ['2026-02-28T11:00:00.000Z', '2026-03-31T11:00:00.000Z'],
      'current-quarter': ['2026-03-31T11:00:00.000Z', '2026-06-30T12:00:00.000Z'],
      'last-quarter': ['2025-12-31T11:00:00.000Z', '2026-03-31T11:00:00.000Z'],
      'current-year': ['2025-12-31T11:00:00.000Z', '2026-12-31T11:00:00.000Z'],
      'last-year': ['2024-12-31T11:00:00.000Z', '2025-12-31T11:00:00.000Z'],
      'last-7-days': ['2026-03-29T11:00:00.000Z', '2026-04-05T12:00:00.000Z'],
      'last-30-days': ['2026-03-06T11:00:00.000Z', '2026-04-05T12:00:00.000Z'],
      'last-60-days': ['2026-02-04T11:00:00.000Z', '2026-04-05T12:00:00.000Z'],
      'last-90-days': ['2026-01-05T11:00:00.000Z', '2026-04-05T12:00:00.000Z'],
      'all-time': ['1969-12-31T12:00:00.000Z', '2026-04-05T12:00:00.000Z'],
    });
    expect(span('current-week', '2026-04-05T00:00:00Z', 'Pacific/Auckland', 'fr')).to.deep.equal(['2026-03-29T11:00:00.000Z', '2026-04-05T12:00:00.000Z']);
    // 23-hour day when DST starts (2026-09-27)
    expect(span('today', '2026-09-27T05:00:00Z', 'Pacific/Auckland')).to.deep.equal(['2026-09-26T12:00:00.000Z', '2026-09-27T11:00:00.000Z']);
  });
});

describe('period: quarter and year edges', () => {
  it('switches quarter exactly at local midnight (Paris 2026-03-31T23:59 vs 2026-04-01T00:00)', () => {
    expect(span('current-quarter', '2026-03-31T21:59:00Z', 'Europe/Paris')).to.deep.equal(['2025-12-31T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(span('today', '2026-03-31T21:59:00Z', 'Europe/Paris')).to.deep.equal(['2026-03-30T22:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(span('current-quarter', '2026-03-31T22:00:00Z', 'Europe/Paris')).to.deep.equal(['2026-03-31T22:00:00.000Z', '2026-06-30T22:00:00.000Z']);
    expect(span('last-quarter', '2026-03-31T22:00:00Z', 'Europe/Paris')).to.deep.equal(['2025-12-31T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
  });

  it('handles 2026-01-01T00:30 and 2026-12-31 in Paris and New York', () => {
    const newYear = '2025-12-31T23:30:00Z'; // 00:30 in Paris
    expect(span('today', newYear, 'Europe/Paris')).to.deep.equal(['2025-12-31T23:00:00.000Z', '2026-01-01T23:00:00.000Z']);
    expect(span('yesterday', newYear, 'Europe/Paris')).to.deep.equal(['2025-12-30T23:00:00.000Z', '2025-12-31T23:00:00.000Z']);
    expect(span('last-year', newYear, 'Europe/Paris')).to.deep.equal(['2024-12-31T23:00:00.000Z', '2025-12-31T23:00:00.000Z']);
    expect(span('last-month', newYear, 'Europe/Paris')).to.deep.equal(['2025-11-30T23:00:00.000Z', '2025-12-31T23:00:00.000Z']);
    expect(span('last-quarter', newYear, 'Europe/Paris')).to.deep.equal(['2025-09-30T22:00:00.000Z', '2025-12-31T23:00:00.000Z']);
    expect(span('last-7-days', newYear, 'Europe/Paris')).to.deep.equal(['2025-12-25T23:00:00.000Z', '2026-01-01T23:00:00.000Z']);
    // but 2025-12-31T18:30 in New York
    expect(span('current-year', newYear, 'America/New_York')).to.deep.equal(['2025-01-01T05:00:00.000Z', '2026-01-01T05:00:00.000Z']);
    // last millisecond of 2026 in Paris, then the first of 2027
    expect(span('current-year', '2026-12-31T22:59:59.999Z', 'Europe/Paris')).to.deep.equal(['2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z']);
    expect(span('current-year', '2026-12-31T23:00:00.000Z', 'Europe/Paris')).to.deep.equal(['2026-12-31T23:00:00.000Z', '2027-12-31T23:00:00.000Z']);
    expect(span('today', '2027-01-01T04:59:00Z', 'America/New_York')).to.deep.equal(['2026-12-31T05:00:00.000Z', '2027-01-01T05:00:00.000Z']);
  });

  it('resolves chosen months, quarters, years and ranges independently of now', () => {
    expect(span('month:2026-03', '2000-01-01T00:00:00Z', 'Europe/Paris')).to.deep.equal(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(span('quarter:2026-Q4', '2000-01-01T00:00:00Z', 'America/New_York')).to.deep.equal(['2026-10-01T04:00:00.000Z', '2027-01-01T05:00:00.000Z']);
    expect(span('year:2025', '2000-01-01T00:00:00Z', 'Pacific/Auckland')).to.deep.equal(['2024-12-31T11:00:00.000Z', '2025-12-31T11:00:00.000Z']);
    expect(span('range:2026-10-24/2026-10-25', '2000-01-01T00:00:00Z', 'Europe/Paris')).to.deep.equal(['2026-10-23T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(span('year:9999', '2000-01-01T00:00:00Z', 'UTC')).to.deep.equal(['9999-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z']);
  });
});

describe('period: time zones', () => {
  it('rejects unknown zones and bad instants with a PeriodError', () => {
    expect(isValidTimeZone('Europe/Paris')).to.equal(true);
    expect(isValidTimeZone('UTC')).to.equal(true);
    expect(isValidTimeZone('Mars/Olympus')).to.equal(false);
    expect(isValidTimeZone('')).to.equal(false);
    const e = throwsPeriodError(() => resolvePeriod('today', 0, 'Mars/Olympus'));
    expect(e.message).to.equal('Unknown time zone "Mars/Olympus": expected an IANA time zone name such as "Europe/Paris", "America/New_York" or "UTC"');
    expect(e.input).to.equal('Mars/Olympus');
    throwsPeriodError(() => civilDateOf(0, ''));
    throwsPeriodError(() => startOfDay(date('2026-01-01'), 'Not/AZone'));
    expect(throwsPeriodError(() => resolvePeriod('today', Number.NaN, 'UTC')).message).to.include('expected epoch milliseconds');
  });

  it('converts instants to civil dates across DST transitions', () => {
    const day = (t: string, tz: string): string => formatCivil(civilDateOf(Date.parse(t), tz));
    expect(day('2026-11-02T04:30:00Z', 'America/New_York')).to.equal('2026-11-01'); // 23:30 EST, not 00:30 EDT
    expect(day('2026-11-02T05:00:00Z', 'America/New_York')).to.equal('2026-11-02');
    expect(day('2026-03-29T21:59:59.999Z', 'Europe/Paris')).to.equal('2026-03-29');
    expect(day('2026-03-29T22:00:00Z', 'Europe/Paris')).to.equal('2026-03-30');
    expect(day('2026-04-05T11:59:59.999Z', 'Pacific/Auckland')).to.equal('2026-04-05');
    expect(day('2026-04-05T12:00:00Z', 'Pacific/Auckland')).to.equal('2026-04-06');
    expect(day('2026-01-01T18:29:59.999Z', 'Asia/Kolkata')).to.equal('2026-01-01');
    expect(day('2026-01-01T18:30:00Z', 'Asia/Kolkata')).to.equal('2026-01-02');
  });

  it('starts a day at the first existing instant when midnight is skipped', () => {
    // Chile springs forward at 24:00 on the first Saturday of September: 2026-09-06 starts at 01:00 -03.
    expect(iso(startOfDay(date('2026-09-06'), 'America/Santiago'))).to.equal('2026-09-06T04:00:00.000Z');
    // Samoa skipped 2011-12-30 entirely: it has no instant, so it starts (and ends) where 2011-12-31 starts.
    expect(iso(startOfDay(date('2011-12-30'), 'Pacific/Apia'))).to.equal('2011-12-30T10:00:00.000Z');
    expect(iso(startOfDay(date('2011-12-31'), 'Pacific/Apia'))).to.equal('2011-12-30T10:00:00.000Z');
  });

  it('agrees with Intl for random instants (property)', () => {
    const fmts = new Map(ZONES.map((tz) => [tz, new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })]));
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (tz, t) => {
        expect(formatCivil(civilDateOf(t, tz))).to.equal(fmts.get(tz)!.format(t));
      }),
      { numRuns: 500 },
    );
  });

  it('startOfDay is the first instant of the day and days last 23, 24 or 25 hours (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 47_000 }), (tz, n) => {
        const d = addDays({ year: 1970, month: 1, day: 1 }, n);
        const t = startOfDay(d, tz);
        expect(civilDateOf(t, tz)).to.deep.equal(d);
        expect(civilDateOf(t - 1, tz)).to.deep.equal(addDays(d, -1));
        expect([23 * H, 24 * H, 25 * H]).to.include(startOfDay(addDays(d, 1), tz) - t);
      }),
      { numRuns: 300 },
    );
  });
});

describe('period: week start', () => {
  it('follows the locale', () => {
    expect(weekStartDay('en-US')).to.equal(7);
    expect(weekStartDay('en')).to.equal(7);
    expect(weekStartDay('fr')).to.equal(1);
    expect(weekStartDay('fr-FR')).to.equal(1);
    expect(weekStartDay('en-GB')).to.equal(1);
    expect(weekStartDay('ru')).to.equal(1);
    expect(weekStartDay('not a locale!')).to.equal(1);
  });
});

describe('period: labels (src/i18n: the preset names are words of the message tables)', () => {
  const norm = (s: string): string => s.replace(/\s+/g, ' ');
  it('names presets in English until a language\'s table is loaded', () => {
    expect(periodLabel(parsePeriod('last-30-days'), 'fr')).to.equal('Last 30 days');
  });

  it('labels presets and chosen periods in en, fr and ru', async () => {
    await loadMessages('fr');
    await loadMessages('ru');
    expect(periodLabel(parsePeriod('last-30-days'), 'en')).to.equal('Last 30 days');
    expect(periodLabel(parsePeriod('last-30-days'), 'fr')).to.equal('30 derniers jours');
    expect(periodLabel(parsePeriod('all-time'), 'en')).to.equal('All time');
    expect(periodLabel(parsePeriod('all-time'), 'fr-CA')).to.equal('Toute la période');
    expect(periodLabel(parsePeriod('current-month'), 'en')).to.equal('Current month');
    expect(periodLabel(parsePeriod('current-quarter'), 'fr')).to.equal('Trimestre en cours');
    expect(periodLabel(parsePeriod('today'), 'ru')).to.equal('Сегодня');
    expect(periodLabel(parsePeriod('month:2026-03'), 'en')).to.equal('March 2026');
    expect(periodLabel(parsePeriod('month:2026-03'), 'fr')).to.equal('mars 2026');
    expect(periodLabel(parsePeriod('quarter:2026-Q1'), 'en')).to.equal('Q1 2026');
    expect(periodLabel(parsePeriod('quarter:2026-Q1'), 'fr')).to.equal('T1 2026');
    expect(periodLabel(parsePeriod('year:2025'), 'en')).to.equal('2025');
    expect(periodLabel(parsePeriod('year:2025'), 'fr')).to.equal('2025');
    expect(norm(periodLabel(parsePeriod('range:2026-01-01/2026-02-15'), 'en'))).to.equal('Jan 1 – Feb 15, 2026');
    expect(norm(periodLabel(parsePeriod('range:2026-01-01/2026-02-15'), 'fr'))).to.equal('1 janv. – 15 févr. 2026');
    expect(norm(periodLabel(parsePeriod('range:2026-03-05/2026-03-05'), 'en'))).to.equal('Mar 5, 2026');
    for (const p of PERIOD_PRESETS) {
      expect(periodLabel({ kind: 'preset', preset: p }, 'fr')).to.not.equal(periodLabel({ kind: 'preset', preset: p }, 'en'));
    }
  });

  it('falls back to English words but formats with Intl in other locales', () => {
    expect(periodLabel(parsePeriod('last-7-days'), 'de')).to.equal('Last 7 days');
    expect(periodLabel(parsePeriod('month:2026-03'), 'de')).to.equal('März 2026');
    expect(periodLabel(parsePeriod('month:2026-03'), '!!')).to.equal('March 2026');
  });
});

describe('period: previous period and same period last year', () => {
  const at = Date.parse('2026-03-29T12:00:00Z');
  it('takes the previous month, quarter or year for a whole one, else the same number of days just before', () => {
    const r = resolvePeriod('current-month', at, 'Europe/Paris');
    const p = previousPeriod(r)!;
    expect(formatPeriod(p.period)).to.equal('month:2026-02');
    expect([iso(p.from), iso(p.to)]).to.deep.equal(['2026-01-31T23:00:00.000Z', '2026-02-28T23:00:00.000Z']);
    expect(p.to).to.equal(r.from);
    expect(formatPeriod(previousPeriod(resolvePeriod('range:2026-03-01/2026-03-20', at, 'UTC'))!.period)).to.equal('range:2026-02-09/2026-02-28');
    const last30 = previousPeriod(resolvePeriod('last-30-days', at, 'Europe/Paris'))!;
    expect(formatPeriod(last30.period)).to.equal('range:2026-01-29/2026-02-27');
    const week = previousPeriod(resolvePeriod('current-week', at, 'Europe/Paris', 'fr'))!;
    expect(formatPeriod(week.period)).to.equal('range:2026-03-16/2026-03-22');
    expect(formatPeriod(previousPeriod(resolvePeriod('month:2026-08', at, 'UTC'))!.period)).to.equal('month:2026-07');
    expect(formatPeriod(previousPeriod(resolvePeriod('quarter:2026-Q2', at, 'UTC'))!.period)).to.equal('quarter:2026-Q1');
    expect(formatPeriod(previousPeriod(resolvePeriod('year:2025', at, 'UTC'))!.period)).to.equal('year:2024');
    expect(formatPeriod(previousPeriod(resolvePeriod('range:2026-01-01/2026-03-31', at, 'UTC'))!.period)).to.equal('quarter:2025-Q4');
    expect(formatPeriod(previousPeriod(resolvePeriod('year:2027', at, 'UTC'))!.period)).to.equal('year:2026');
    expect(previousPeriod(resolvePeriod('all-time', at, 'UTC'))).to.equal(null);
    expect(previousPeriod(resolvePeriod('range:1970-01-01/1970-01-05', at, 'UTC'))).to.equal(null);
  });

  it('shifts by one year, clamping Feb 29', () => {
    const last = (s: string, tz = 'UTC'): string => formatPeriod(samePeriodLastYear(resolvePeriod(s, at, tz)).period);
    expect(last('month:2024-02')).to.equal('month:2023-02');
    expect(last('month:2025-02')).to.equal('month:2024-02');
    expect(last('range:2024-02-29/2024-03-10')).to.equal('range:2023-02-28/2023-03-10');
    expect(last('range:2024-02-01/2024-02-28')).to.equal('month:2023-02'); // Feb 1–28 is all of Feb 2023
    expect(last('range:2024-02-02/2024-02-28')).to.equal('range:2023-02-02/2023-02-28');
    expect(last('range:2025-02-27/2025-02-28')).to.equal('range:2024-02-27/2024-02-29'); // Mar 1 stays Mar 1
    const all = samePeriodLastYear(resolvePeriod('all-time', at, 'UTC'));
    expect(formatPeriod(all.period)).to.equal('range:1970-01-01/2025-03-29');
    expect(last('quarter:2026-Q1')).to.equal('quarter:2025-Q1');
    const s = samePeriodLastYear(resolvePeriod('current-month', at, 'Europe/Paris'));
    expect(formatPeriod(s.period)).to.equal('month:2025-03');
    expect([iso(s.from), iso(s.to)]).to.deep.equal(['2025-02-28T23:00:00.000Z', '2025-03-31T22:00:00.000Z']);
    expect(s.timeZone).to.equal('Europe/Paris');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const EPOCH = { year: 1970, month: 1, day: 1 };
const LAST_DAY = daysBetween(EPOCH, { year: 9999, month: 12, day: 31 });
const arbDay = (max = LAST_DAY): fc.Arbitrary<CivilDate> => fc.integer({ min: 0, max }).map((n) => addDays(EPOCH, n));
const arbRange = (maxDay: number, maxLength: number): fc.Arbitrary<Period> =>
  fc.tuple(fc.integer({ min: 0, max: maxDay }), fc.integer({ min: 0, max: maxLength }))
    .map(([a, n]): Period => ({ kind: 'range', start: addDays(EPOCH, a), end: addDays(EPOCH, Math.min(a + n, maxDay)) }));
const arbPeriodUpTo = (maxYear: number): fc.Arbitrary<Period> => {
  const year = fc.integer({ min: 1970, max: maxYear });
  const maxDay = daysBetween(EPOCH, { year: maxYear, month: 12, day: 31 });
  return fc.oneof(
    fc.constantFrom(...PERIOD_PRESETS).map((preset): Period => ({ kind: 'preset', preset })),
    fc.record({ kind: fc.constant('month' as const), year, month: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant('quarter' as const), year, quarter: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const) }),
    fc.record({ kind: fc.constant('year' as const), year }),
    arbRange(maxDay, 400),
    fc.tuple(arbDay(maxDay), arbDay(maxDay)).map(([a, b]): Period => (compareCivil(a, b) <= 0 ? { kind: 'range', start: a, end: b } : { kind: 'range', start: b, end: a })),
  );
};
const arbPeriod = arbPeriodUpTo(9999);

describe('period: properties', () => {
  it('parse ∘ format is the identity, and format is canonical', () => {
    fc.assert(
      fc.property(arbPeriod, (p) => {
        const s = formatPeriod(p);
        expect(parsePeriod(s)).to.deep.equal(p);
        expect(formatPeriod(parsePeriod(s))).to.equal(s);
        expect(s).to.equal(s.trim());
      }),
      { numRuns: 500 },
    );
  });

  it('accepts any case and surrounding whitespace', () => {
    fc.assert(
      fc.property(arbPeriod, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), fc.constantFrom('', ' ', '\t', '\n  '), (p, flips, ws) => {
        const s = formatPeriod(p);
        const messy = ws + [...s].map((c, i) => (flips[i % 40] ? c.toUpperCase() : c.toLowerCase())).join('') + ws;
        expect(formatPeriod(parsePeriod(messy))).to.equal(s);
      }),
      { numRuns: 300 },
    );
  });

  it('junk strings parse to a round-tripping period or throw PeriodError, never anything else', () => {
    const piece = fc.constantFrom('month:', 'quarter:', 'year:', 'range:', 'MONTH:', 'last-', '-days', 'current-', 'week', 'all-time', 'today',
      '2026', '1969', '10000', '-', '/', 'Q', 'q', '0', '1', '02', '12', '13', '29', '30', '31', ' ', '\t', ':', 'é', '\u212A', '٣', '\u00A0');
    const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.array(piece, { maxLength: 8 }).map((a) => a.join('')));
    fc.assert(
      fc.property(junk, (s) => {
        let p: Period;
        try {
          p = parsePeriod(s);
        } catch (e) {
          expect(e).to.be.instanceOf(PeriodError);
          expect((e as PeriodError).input).to.equal(s);
          return;
        }
        const f = formatPeriod(p);
        expect(parsePeriod(f)).to.deep.equal(p);
        expect(formatPeriod(parsePeriod(f))).to.equal(f);
      }),
      { numRuns: 1000 },
    );
  });

  const arbNow = fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(2100, 0, 1) });
  const arbCase = fc.tuple(arbPeriodUpTo(2150), arbNow, fc.constantFrom(...ZONES), fc.constantFrom('en', 'en-US', 'fr', 'en-GB'));

  it('resolves to a non-empty [from, to) of whole local days containing or preceding now', () => {
    fc.assert(
      fc.property(arbCase, ([p, now, tz, locale]) => {
        const r = resolvePeriod(p, now, tz, locale);
        expect(r.from).to.be.lessThan(r.to);
        expect(compareCivil(r.start, r.end)).to.equal(-1);
        expect(r.from).to.equal(startOfDay(r.start, tz));
        expect(r.to).to.equal(startOfDay(r.end, tz));
        expect(civilDateOf(r.from, tz)).to.deep.equal(r.start);
        expect(civilDateOf(r.to - 1, tz)).to.deep.equal(addDays(r.end, -1));
        if (p.kind === 'preset') {
          const past = ['yesterday', 'last-week', 'last-month', 'last-quarter', 'last-year'].includes(p.preset);
          if (past) expect(r.to).to.be.at.most(now);
          else expect(now >= r.from && now < r.to, `${p.preset} contains now`).to.equal(true);
        }
        expect(resolvePeriod(formatPeriod(p), now, tz, locale)).to.deep.equal(r);
      }),
      { numRuns: 300 },
    );
  });

  it('previous period: the previous whole month / quarter / year, else the same number of days; ends exactly at from', () => {
    const kindOf = (x: { start: CivilDate; end: CivilDate }) => {
      const monthsLater = (d: CivilDate, n: number): CivilDate => ({ year: d.year + Math.floor((d.month - 1 + n) / 12), month: ((d.month - 1 + n) % 12) + 1, day: 1 });
      const is = (n: number) => x.start.day === 1 && compareCivil(x.end, monthsLater(x.start, n)) === 0;
      return x.start.month === 1 && is(12) ? 12 : (x.start.month - 1) % 3 === 0 && is(3) ? 3 : is(1) ? 1 : 0;
    };
    fc.assert(
      fc.property(arbCase, ([p, now, tz, locale]) => {
        const r = resolvePeriod(p, now, tz, locale);
        const prev = previousPeriod(r);
        const days = daysBetween(r.start, r.end);
        const unit = kindOf(r);
        if (prev === null) {
          const allTime = p.kind === 'preset' && p.preset === 'all-time';
          expect(allTime || addDays(r.start, -days).year < 1970 || (unit > 0 && r.start.year === 1970 && r.start.month <= unit)).to.equal(true);
          return;
        }
        if (unit > 0) expect(kindOf(prev), `${formatPeriod(p)} → a whole unit too`).to.equal(unit);
        else expect(daysBetween(prev.start, prev.end)).to.equal(days);
        expect(prev.end).to.deep.equal(r.start);
        expect(prev.to).to.equal(r.from);
        expect(prev.from).to.be.lessThan(prev.to);
        // its period resolves back to the same interval
        const again = resolvePeriod(prev.period, now, tz);
        expect([again.from, again.to]).to.deep.equal([prev.from, prev.to]);
      }),
      { numRuns: 300 },
    );
  });

  it('same period last year: one year earlier, ends by from for periods up to a year', () => {
    fc.assert(
      fc.property(arbCase, ([p, now, tz, locale]) => {
        const r = resolvePeriod(p, now, tz, locale);
        const s = samePeriodLastYear(r);
        expect(s.from).to.be.lessThan(s.to);
        expect(s.end.year).to.equal(r.end.year - 1);
        expect(s.to).to.equal(startOfDay(s.end, tz));
        const oneYearOn = r.start.month === 2 && r.start.day === 29 ? { year: r.start.year + 1, month: 2, day: 28 } : { ...r.start, year: r.start.year + 1 };
        if (compareCivil(r.end, oneYearOn) <= 0) expect(s.to).to.be.at.most(r.from);
        if (p.kind === 'preset' && p.preset === 'all-time' && compareCivil(EPOCH, s.end) < 0) {
          expect(s.start).to.deep.equal(EPOCH);
        } else {
          expect(s.start.year).to.equal(r.start.year - 1);
          expect(Math.abs(daysBetween(s.start, s.end) - daysBetween(r.start, r.end))).to.be.at.most(1);
        }
        if (s.start.year >= 1970) {
          const again = resolvePeriod(s.period, now, tz);
          expect([again.from, again.to]).to.deep.equal([s.from, s.to]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
