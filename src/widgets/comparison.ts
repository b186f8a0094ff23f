/**
 * A widget's comparison with another period, a chunk of its own: loaded when a widget compares (a
 * `compare` attribute or setting), never by pages that do not. Which period (`comparisonPeriod`, from
 * the core) and the change of each number in words (`figureDelta`), added to a view (`withComparison`).
 * (How a widget shows the change: ../elements/widget/comparison.ts, the chunk's entry.)
 */
import '../i18n/en-compare.js';
import { metricDelta } from '../core/compare.js';
import type { MetricValue } from '../core/evaluate.js';
import { METRICS, type MetricId } from '../core/metrics.js';
import { formatAmount, formatNumber, formatPercent, msg } from '../i18n/index.js';
import { valueText, type Comparison, type FigureDelta, type WidgetView } from './views.js';

export { comparisonPeriod } from '../core/compare.js';

const sign = (n: number, text: string): string => (n > 0 ? `+${text}` : n < 0 ? `\u2212${text}` : text);

/** The displayed change of `current` against `previous` (same metric), or undefined when none can be said. */
export function figureDelta(current: MetricValue, previous: MetricValue | undefined, periodLabel: string, locale: string): FigureDelta | undefined {
  const d = metricDelta(METRICS[current.id], current, previous);
  if (!d || !previous) return undefined;
  const abs = Math.abs(d.change);
  let change: string;
  switch (current.unit) {
    case 'money': change = formatAmount({ minor: abs, currency: d.currency! }, locale); break;
    case 'percent': change = msg(locale, 'compare.points', { value: formatNumber(abs, locale, 1) }); break;
    case 'ratio': change = formatNumber(abs, locale, 2); break;
    default: change = formatNumber(abs, locale, 0);
  }
  const percent = d.percent === null ? '' : sign(d.percent, formatPercent(Math.abs(d.percent), locale));
  const previousText = valueText(previous, locale);
  const text = d.direction === 'flat' ? '±0' : `${sign(d.change, change)}${percent ? ` (${percent})` : ''}`;
  return {
    ...d, text, previousText, word: msg(locale, `compare.${d.direction}`),
    vs: msg(locale, 'compare.vs', { period: periodLabel, previous: previousText }),
  };
}

/** The view with the change of each number that shows its metric's own value (a figure's id is its metric's). */
export function withComparison(view: WidgetView, values: Readonly<Partial<Record<MetricId, MetricValue>>>, comparison: Comparison, locale: string): WidgetView {
  const figures = view.figures.map((f) => {
    const current = f.id === f.metric ? values[f.metric] : undefined;
    const delta = current && figureDelta(current, comparison.values[f.metric], comparison.label, locale);
    return delta ? { ...f, delta } : f;
  });
  return { ...view, figures, comparison: { mode: comparison.mode, label: comparison.label } };
}
