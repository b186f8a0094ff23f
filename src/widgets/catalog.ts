/**
 * The widget catalog: for each widget type, the metrics it shows (from the core registry: no widget
 * computes on its own), the settings it supports and its chart types. Default layout order is the
 * order of `WIDGET_TYPES` (without the custom number: `DEFAULT_WIDGET_TYPES`).
 */
import type { MetricId, Restriction } from '../core/metrics.js';
import { msg } from '../i18n/index.js';
import { DEFAULT_NUMBER_METRICS, loadedNumberRules, requireNumberRules } from './number-lazy.js';
import type { ChartType, SettingField, WidgetSettings, WidgetType } from './types.js';

export interface WidgetTypeDefinition {
  readonly type: WidgetType;
  /** The metrics shown, in order; the first is the headline number. */
  readonly metrics: (settings: WidgetSettings) => readonly MetricId[];
  /** Settings the gear dialog offers for this type (the system widget has none). */
  readonly settings: readonly SettingField[];
  readonly charts: readonly ChartType[];
  readonly defaultChart?: ChartType;
  /** The record kinds its filters narrow (which settings make sense). */
  readonly system?: true;
  /**
   * Whether an offered field means something with these settings (default: always). A field that
   * does not is hidden by the dialog and dropped by `sanitizeSettings` (e.g. the custom number's
   * channels when none of its metrics counts activities).
   */
  readonly applies?: (field: SettingField, settings: WidgetSettings) => boolean;
  /** The default title from the settings, when the type words one (else the type's: `widget.title.<type>` of the message tables). */
  readonly describe?: (settings: WidgetSettings, locale: string) => string | undefined;
}

const common: readonly SettingField[] = ['title', 'period', 'color', 'compare'];

/** The restriction filters (the custom number offers those that narrow one of its metrics). */
const RESTRICTIONS: readonly (keyof Restriction & SettingField)[] = [
  'pipelines', 'dealStages', 'invoiceStages', 'channels', 'directions', 'completed',
];

const defs: readonly WidgetTypeDefinition[] = [
  {
    type: 'system', system: true,
    metrics: () => ['won-value', 'conversion'], settings: [], charts: [],
  },
  {
    type: 'load-by-channel',
    metrics: () => ['load-by-channel'],
    settings: [...common, 'channels', 'directions', 'completed', 'chart'],
    charts: ['doughnut', 'bar', 'table'], defaultChart: 'doughnut',
  },
  {
    type: 'preferred-channel',
    metrics: () => ['preferred-channel'],
    // A channel has no numeric change: no comparison setting.
    settings: [...common.filter((f) => f !== 'compare'), 'channels', 'completed'], charts: [],
  },
  {
    type: 'communication-load',
    metrics: () => ['communication-load'],
    settings: [...common, 'pipelines', 'channels', 'completed', 'chart'],
    charts: ['bar', 'table'], defaultChart: 'bar',
  },
  {
    type: 'deal-conversion',
    metrics: (s) => [s.count === 'closed' ? 'deal-conversion-closed' : 'deal-conversion'],
    settings: [...common, 'count', 'pipelines', 'dealStages'], charts: [],
  },
  {
    type: 'invoice-conversion',
    metrics: () => ['invoice-conversion', 'invoice-paid-on-time'],
    settings: [...common, 'invoiceStages'], charts: [],
  },
  {
    type: 'sales-amount',
    metrics: () => ['won-value', 'sales-open', 'sales-lost'],
    settings: [...common, 'pipelines', 'dealStages', 'chart'],
    charts: ['bar', 'table'], defaultChart: 'table',
  },
  {
    type: 'invoice-amounts',
    metrics: () => ['invoice-issued', 'invoice-paid', 'invoice-unpaid', 'invoice-overdue-share'],
    settings: [...common, 'invoiceStages'], charts: [],
  },
  {
    type: 'payments-trend',
    metrics: () => ['trend-deals-created', 'trend-deals-won', 'trend-invoices-paid'],
    settings: [...common, 'pipelines', 'grouping', 'chart'],
    charts: ['line', 'bar', 'table'], defaultChart: 'line',
  },
  {
    // Custom number (src/widgets/number.ts): up to three metrics, side by side or combined.
    type: 'number',
    metrics: (s) => (s.metrics?.length ? s.metrics : DEFAULT_NUMBER_METRICS),
    settings: [...common, 'metrics', 'op', ...RESTRICTIONS],
    // Its rules are a lazy chunk (./number-lazy.ts): what checks settings loads them; until a
    // widget has them, its title is the type's.
    applies: (field, s) => !(RESTRICTIONS as readonly string[]).includes(field)
      || requireNumberRules('Checking a custom number\'s settings').restrictionApplies(field as keyof Restriction, s.metrics?.length ? s.metrics : DEFAULT_NUMBER_METRICS),
    describe: (s, locale) => {
      const n = loadedNumberRules();
      return n && s.metrics?.length && s.metrics.every(n.isNumberMetric) ? n.formulaLabel(n.numberFormula(s), locale) : undefined;
    },
    charts: [],
  },
];

export const WIDGET_CATALOG: Readonly<Record<WidgetType, WidgetTypeDefinition>> = Object.freeze(
  Object.fromEntries(defs.map((d) => [d.type, d])) as Record<WidgetType, WidgetTypeDefinition>,
);

/** The widget's title in a locale: its custom title, else the one its settings describe (custom number), else the type's. */
export function widgetTitle(type: WidgetType, settings: WidgetSettings, locale: string): string {
  const custom = settings.title?.trim();
  if (custom) return custom;
  const def = WIDGET_CATALOG[type];
  return def.describe?.(settings, locale) ?? msg(locale, `widget.title.${type}`);
}
