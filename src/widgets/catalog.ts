/**
 * The widget catalog: for each widget type, the metrics it shows (from the core registry: no widget
 * computes on its own), the settings it supports and its chart types. Default layout order is the
 * order of `WIDGET_TYPES` (without the custom number: `DEFAULT_WIDGET_TYPES`). What the widget
 * itself needs (the metrics, the default chart, the title) is in ./catalog-core.ts, in the main
 * bundle; the rest only the settings dialog and the layout rules read (lazy chunks).
 */
import type { Restriction } from '../core/metrics.js';
import { WIDGET_BASICS, type WidgetBasics } from './catalog-core.js';
import { DEFAULT_NUMBER_METRICS, requireNumberRules } from './number-lazy.js';
import type { ChartType, SettingField, WidgetSettings, WidgetType } from './types.js';

export { widgetTitle } from './catalog-core.js';

export interface WidgetTypeDefinition extends WidgetBasics {
  readonly type: WidgetType;
  /** Settings the gear dialog offers for this type (the system widget has none). */
  readonly settings: readonly SettingField[];
  readonly charts: readonly ChartType[];
  /** The record kinds its filters narrow (which settings make sense). */
  readonly system?: true;
  /**
   * Whether an offered field means something with these settings (default: always). A field that
   * does not is hidden by the dialog and dropped by `sanitizeSettings` (e.g. the custom number's
   * channels when none of its metrics counts activities).
   */
  readonly applies?: (field: SettingField, settings: WidgetSettings) => boolean;
}

const common: readonly SettingField[] = ['title', 'period', 'color', 'compare'];

/** The restriction filters (the custom number offers those that narrow one of its metrics). */
const RESTRICTIONS: readonly (keyof Restriction & SettingField)[] = [
  'pipelines', 'dealStages', 'invoiceStages', 'channels', 'directions', 'completed',
];

/** What the types offer; their metrics, default charts and titles: ./catalog-core.ts. */
const defs: readonly Omit<WidgetTypeDefinition, keyof WidgetBasics>[] = [
  {
    type: 'system', system: true, settings: [], charts: [],
  },
  {
    type: 'load-by-channel',
    settings: [...common, 'channels', 'directions', 'completed', 'chart'],
    charts: ['doughnut', 'bar', 'table'],
  },
  {
    type: 'preferred-channel',
    // A channel has no numeric change: no comparison setting.
    settings: [...common.filter((f) => f !== 'compare'), 'channels', 'completed'], charts: [],
  },
  {
    type: 'communication-load',
    settings: [...common, 'pipelines', 'channels', 'completed', 'chart'],
    charts: ['bar', 'table'],
  },
  {
    type: 'deal-conversion',
    settings: [...common, 'count', 'pipelines', 'dealStages'], charts: [],
  },
  {
    type: 'invoice-conversion',
    settings: [...common, 'invoiceStages'], charts: [],
  },
  {
    type: 'sales-amount',
    settings: [...common, 'pipelines', 'dealStages', 'chart'],
    charts: ['bar', 'table'],
  },
  {
    type: 'invoice-amounts',
    settings: [...common, 'invoiceStages'], charts: [],
  },
  {
    type: 'payments-trend',
    settings: [...common, 'pipelines', 'grouping', 'chart'],
    charts: ['line', 'bar', 'table'],
  },
  {
    // Custom number (src/widgets/number.ts): up to three metrics, side by side or combined.
    type: 'number',
    settings: [...common, 'metrics', 'op', ...RESTRICTIONS],
    // Its rules are a lazy chunk (./number-lazy.ts): what checks settings loads them; until a
    // widget has them, its title is the type's.
    applies: (field, s) => !(RESTRICTIONS as readonly string[]).includes(field)
      || requireNumberRules('Checking a custom number\'s settings').restrictionApplies(field as keyof Restriction, s.metrics?.length ? s.metrics : DEFAULT_NUMBER_METRICS),
    charts: [],
  },
];

export const WIDGET_CATALOG: Readonly<Record<WidgetType, WidgetTypeDefinition>> = Object.freeze(
  Object.fromEntries(defs.map((d) => [d.type, { ...d, ...WIDGET_BASICS[d.type] }])) as Record<WidgetType, WidgetTypeDefinition>,
);
