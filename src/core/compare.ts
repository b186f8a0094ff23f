/**
 * Period comparison: the period a number is compared with, and the change between two values of one
 * metric. Pure, no DOM. Both values come from the same metric declaration evaluated twice (the
 * current period and the comparison period), so the delta, the previous number's drill-down and
 * its explanation cannot disagree with the number itself.
 */
import type { MetricValue } from './evaluate.js';
import type { MetricDefinition } from './metrics.js';
import type { ResolvedPeriod } from './period.js';
import { previousPeriod, samePeriodLastYear } from './period-shift.js';
import type { CompareMode } from './compare-modes.js';

// The modes, a small module of their own: pages that do not compare load none of the rest.
export { COMPARE_MODES, compareWarning, isCompareMode, type CompareMode } from './compare-modes.js';

/**
 * The comparison period of `r`: the period just before it (`previous`: the previous month, quarter or
 * year for a whole one, else the same number of days; see `previousPeriod`), or the same
 * dates one year earlier (`last-year`). `null` when there is none (all-time has no previous period;
 * nothing before 1970).
 */
export function comparisonPeriod(r: ResolvedPeriod, mode: CompareMode): ResolvedPeriod | null {
  if (mode === 'previous') return previousPeriod(r);
  const p = samePeriodLastYear(r);
  return p.start.year < 1970 ? null : p;
}

/** Whether a rise of the metric is good news, bad news, or neither (the delta's colour). */
export type Better = 'higher' | 'lower' | 'neutral';

export interface Delta {
  /** current − previous, in the metric's unit (money: minor units of `currency`; percent: points). */
  readonly change: number;
  /** Relative change in percent of the previous value; `null` when the previous value is 0. */
  readonly percent: number | null;
  readonly direction: 'up' | 'down' | 'flat';
  /** `good` / `bad` from the metric's `better`; `neutral` for flat changes and neutral metrics. */
  readonly tone: 'good' | 'bad' | 'neutral';
  /** Money: the currency of `change`. */
  readonly currency?: string;
}

/**
 * The change of a numeric metric between two evaluations, or `undefined` when it cannot be said:
 * a non-numeric metric (a channel), a value missing on either side ("—"), or money totals in
 * different currencies (never compared raw).
 */
export function metricDelta(def: Pick<MetricDefinition, 'better'>, current: MetricValue, previous: MetricValue | undefined): Delta | undefined {
  if (!previous || current.unit === 'channel') return undefined;
  if (typeof current.value !== 'number' || typeof previous.value !== 'number') return undefined;
  let currency: string | undefined;
  if (current.unit === 'money') {
    currency = current.money?.total.currency;
    if (!currency || previous.money?.total.currency !== currency) return undefined;
  }
  const change = current.value - previous.value;
  // Float noise of ratios (0.1 + 0.2) is not a change.
  const flat = Math.abs(change) < 1e-9;
  const direction = flat ? 'flat' : change > 0 ? 'up' : 'down';
  const better = def.better ?? 'neutral';
  const tone = direction === 'flat' || better === 'neutral' ? 'neutral' : (direction === 'up') === (better === 'higher') ? 'good' : 'bad';
  return {
    change: flat ? 0 : change,
    percent: previous.value === 0 ? null : (flat ? 0 : (change / Math.abs(previous.value)) * 100),
    direction, tone, ...(currency ? { currency } : {}),
  };
}
