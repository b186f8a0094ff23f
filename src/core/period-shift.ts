/**
 * Periods relative to a resolved one, for comparisons (./compare.ts): the period just before it and
 * the same days a year earlier. Pure, no DOM; a module of its own so that pages that never compare
 * do not load it.
 */
import { addDays, compareCivil, daysBetween, MIN_YEAR, monthStart, resolved, type CivilDate, type Period, type ResolvedPeriod } from './period.js';

const EPOCH_DATE: CivilDate = { year: 1970, month: 1, day: 1 };

/** The most specific period for civil days `[start, end)`: a month, quarter or year when aligned, else a range. */
function periodOfDays(start: CivilDate, end: CivilDate): Period {
  const { year, month, day } = start;
  const is = (months: number): boolean => day === 1 && compareCivil(end, monthStart(year, month + months)) === 0;
  if (month === 1 && is(12)) return { kind: 'year', year };
  if ((month - 1) % 3 === 0 && is(3)) return { kind: 'quarter', year, quarter: ((month + 2) / 3) as 1 | 2 | 3 | 4 };
  if (is(1)) return { kind: 'month', year, month };
  return { kind: 'range', start, end: addDays(end, -1) };
}

/**
 * The period just before `r` (its `to` is `r.from`), for "vs previous period" deltas: the previous
 * month, quarter or year when `r` is a whole one (however it was given: `month:2026-03`,
 * `last-quarter`, a range of those days), else the same number of calendar days. Its `period` is a
 * month, quarter or year when the days align, else a range. `null` for all-time, and when it would
 * start before 1970.
 */
export function previousPeriod(r: ResolvedPeriod): ResolvedPeriod | null {
  if (r.period.kind === 'preset' && r.period.preset === 'all-time') return null;
  const unit = periodOfDays(r.start, r.end).kind;
  const months = unit === 'year' ? 12 : unit === 'quarter' ? 3 : unit === 'month' ? 1 : 0;
  const start = months ? monthStart(r.start.year, r.start.month - months) : addDays(r.start, -daysBetween(r.start, r.end));
  if (start.year < MIN_YEAR) return null;
  return resolved(periodOfDays(start, r.start), r.timeZone, start, r.start, r.from);
}

/**
 * `r` shifted back one year, for "vs same period last year". A start on Feb 29 becomes Feb 28; an
 * exclusive end on Feb 29 (last day Feb 28) becomes Mar 1, so Feb 1–28 maps to Feb 1–28 and a whole
 * February to a whole February. All-time keeps its 1970-01-01 start (everything up to a year ago).
 * A period in 1970 maps to 1969 dates: its instants are right but `formatPeriod` rejects its `period`.
 */
export function samePeriodLastYear(r: ResolvedPeriod): ResolvedPeriod {
  const back = (d: CivilDate, leapDay: CivilDate): CivilDate => (d.month === 2 && d.day === 29 ? leapDay : { ...d, year: d.year - 1 });
  const end = back(r.end, { year: r.end.year - 1, month: 3, day: 1 });
  const allTime = r.period.kind === 'preset' && r.period.preset === 'all-time' && compareCivil(EPOCH_DATE, end) < 0;
  const start = allTime ? EPOCH_DATE : back(r.start, { year: r.start.year - 1, month: 2, day: 28 });
  return resolved(periodOfDays(start, end), r.timeZone, start, end);
}
