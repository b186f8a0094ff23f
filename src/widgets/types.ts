/**
 * Widget types, their settings and the layout model: plain data, no DOM.
 * The layout is an `items` array with stable ids (Vaadin dashboard's model): the single source of
 * truth that every change event carries whole, ready to persist.
 */
import type { MetricId, Restriction } from '../core/metrics.js';
import type { CHART_TYPES, COLORS, COMPARE_SETTINGS, DEAL_COUNTS, GROUPINGS, NUMBER_OPS } from './choices.js';

export const WIDGET_TYPES = [
  'system',
  'load-by-channel',
  'preferred-channel',
  'communication-load',
  'deal-conversion',
  'invoice-conversion',
  'sales-amount',
  'invoice-amounts',
  'payments-trend',
  'number',
] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];

/**
 * The default layout: every type but the custom number (`number`), which is only added by hand
 * (Bitrix24's number widgets are too: they say nothing until one chooses what they show).
 */
export const DEFAULT_WIDGET_TYPES: readonly WidgetType[] = WIDGET_TYPES.filter((t) => t !== 'number');

/** The fixed, non-configurable first widget ("value of won deals + conversion"). */
export const SYSTEM_WIDGET: WidgetType = 'system';

export type ChartType = (typeof CHART_TYPES)[number];

export type TrendGrouping = (typeof GROUPINGS)[number];

/** Named colours only (never free CSS: settings come from storage and hosts). */
export type WidgetColor = (typeof COLORS)[number];

/** What the deal-conversion widget counts. */
export type DealCount = (typeof DEAL_COUNTS)[number];

/**
 * How the custom number combines its metrics: `none` shows them side by side (a number block),
 * `sum` adds them, `difference` is first − second − third, `percentage` first ÷ second × 100.
 */
export type NumberOp = (typeof NUMBER_OPS)[number];

/**
 * A widget's settings. The filters a widget narrows its numbers by are exactly the core's
 * `Restriction` (pipelines, deal and invoice stages, channels, directions, completed only).
 */
export interface WidgetSettings extends Restriction {
  /** Custom title; absent → the type's localized title. */
  readonly title?: string;
  /** A fixed period in the core's string form; absent → follows the page period. */
  readonly period?: string;
  readonly chart?: ChartType;
  readonly grouping?: TrendGrouping;
  readonly color?: WidgetColor;
  /** Deal conversion: all deals of the period, or closed ones only. */
  readonly count?: DealCount;
  /** Custom number: up to three metrics of the registry, in order; absent → the value of won deals. */
  readonly metrics?: readonly MetricId[];
  /** Custom number: how its metrics combine; absent → `none` (side by side). */
  readonly op?: NumberOp;
  /**
   * Show each number's change against another period: `previous` (the month, quarter or year
   * before a whole one, else the same number of days just before), `last-year` (the same dates a
   * year earlier) or `off`; absent → what the profile's toolbar says.
   */
  readonly compare?: CompareSetting;
}

/** The per-widget comparison setting (absent: follow the profile). */
export type CompareSetting = (typeof COMPARE_SETTINGS)[number];

export type SettingField = keyof WidgetSettings;

export interface LayoutItem {
  /** Stable id, unique in the layout (`w1`, `w2`, … or any string a host gives). */
  readonly id: string;
  readonly type: WidgetType;
  readonly settings: WidgetSettings;
}

export const LAYOUT_VERSION = 1;
export const MAX_WIDGETS = 30;

export interface Layout {
  readonly version: typeof LAYOUT_VERSION;
  readonly items: readonly LayoutItem[];
}
