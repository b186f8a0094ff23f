/**
 * What a widget needs of its type's definition to show its numbers: the metrics it shows (from the
 * core registry: no widget computes on its own), its default chart and its title. The whole
 * definition, with the settings and the charts the type offers, is `WIDGET_CATALOG` (./catalog.ts),
 * which only the settings dialog and the layout rules read (lazy chunks of the CDN bundle).
 */
import type { MetricId } from '../core/metrics.js';
import { msg } from '../i18n/index.js';
import { DEFAULT_NUMBER_METRICS, loadedNumberRules } from './number-lazy.js';
import type { ChartType, WidgetSettings, WidgetType } from './types.js';

export interface WidgetBasics {
  /** The metrics shown, in order; the first is the headline number. */
  readonly metrics: (settings: WidgetSettings) => readonly MetricId[];
  readonly defaultChart?: ChartType;
  /** The default title from the settings, when the type words one (else the type's: `widget.title.<type>` of the message tables). */
  readonly describe?: (settings: WidgetSettings, locale: string) => string | undefined;
}

export const WIDGET_BASICS: Readonly<Record<WidgetType, WidgetBasics>> = {
  system: { metrics: () => ['won-value', 'conversion'] },
  'load-by-channel': { metrics: () => ['load-by-channel'], defaultChart: 'doughnut' },
  'preferred-channel': { metrics: () => ['preferred-channel'] },
  'communication-load': { metrics: () => ['communication-load'], defaultChart: 'bar' },
  'deal-conversion': { metrics: (s) => [s.count === 'closed' ? 'deal-conversion-closed' : 'deal-conversion'] },
  'invoice-conversion': { metrics: () => ['invoice-conversion', 'invoice-paid-on-time'] },
  'sales-amount': { metrics: () => ['won-value', 'sales-open', 'sales-lost'], defaultChart: 'table' },
  'invoice-amounts': { metrics: () => ['invoice-issued', 'invoice-paid', 'invoice-unpaid', 'invoice-overdue-share'] },
  'payments-trend': { metrics: () => ['trend-deals-created', 'trend-deals-won', 'trend-invoices-paid'], defaultChart: 'line' },
  // Custom number (src/widgets/number.ts): up to three metrics, side by side or combined. Its rules
  // are a lazy chunk (./number-lazy.ts): until a widget has them, its title is the type's.
  number: {
    metrics: (s) => (s.metrics?.length ? s.metrics : DEFAULT_NUMBER_METRICS),
    describe: (s, locale) => {
      const n = loadedNumberRules();
      return n && s.metrics?.length && s.metrics.every(n.isNumberMetric) ? n.formulaLabel(n.numberFormula(s), locale) : undefined;
    },
  },
};

/** The widget's title in a locale: its custom title, else the one its settings describe (custom number), else the type's. */
export function widgetTitle(type: WidgetType, settings: WidgetSettings, locale: string): string {
  const custom = settings.title?.trim();
  if (custom) return custom;
  return WIDGET_BASICS[type].describe?.(settings, locale) ?? msg(locale, `widget.title.${type}`);
}
