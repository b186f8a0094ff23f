/**
 * Reporting periods (SPEC §3): presets, chosen months/quarters/years and custom ranges, their compact
 * string form, and their resolution to a half-open interval `[from, to)` of instants in an IANA time
 * zone. Pure TypeScript: time-zone arithmetic uses `Intl.DateTimeFormat` only (no library, no DOM).
 *
 * The public module: the code is in ./period-base.ts (what every page runs: civil dates, time zones,
 * the default period) and ./period-forms.ts (every other period, the week start: a lazy chunk of the
 * CDN bundle), which this module loads, so that every function here reads every period at once.
 * The elements import ./period-base.ts and wait for the other chunk when given another period.
 */
import './period-forms.js';

export {
  addDays, BITRIX24_PERIOD_CHOICES, browserTimeZone, checkedPeriod, civilDateOf, daysBetween, DEFAULT_PERIOD,
  elementTimeZone, formatCivil, formatPeriod, isValidTimeZone, MIN_YEAR, monthStart, parsePeriod, PERIOD_PRESETS, PeriodError,
  resolved, resolvePeriod, startOfDay, weekStart, zoneOffset,
  type CivilDate, type Period, type PeriodPreset, type ResolvedPeriod,
} from './period-base.js';
export { compareCivil } from './period-forms.js';
export { weekStartDay } from './period-forms.js';
