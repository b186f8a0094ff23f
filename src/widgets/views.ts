/**
 * Widget view models: from metric values (the core registry) to the figures a widget shows. Pure,
 * no DOM. Every figure names the metric input its records come from, plus the extra filter of its
 * row, so the detail panel lists exactly the records behind the number.
 */
import type { MetricValue } from '../core/evaluate.js';
import { METRICS, type MetricId } from '../core/metrics.js';
import type { RecordFilter } from '../core/query.js';
import type { Channel, ReferenceData } from '../core/model.js';
import { channelLabel, formatAmount, formatBuckets, formatNumber, formatPercent, msg } from '../i18n/index.js';
import { currencyExponent, toDecimalString } from '../core/money.js';
import type { WidgetSettings, WidgetType } from './types.js';
import type { CompareMode, Delta } from '../core/compare.js';
import type { NumberFormula } from './number.js';
import { requireNumberRules } from './number-lazy.js';

export interface Figure {
  /** Stable id within the widget (used for focus return and tests). */
  readonly id: string;
  readonly label: string;
  /** What is displayed: a formatted number, "—" or a channel name. */
  readonly text: string;
  /** Why the value is "—" (or a caveat such as excluded currencies), as a sentence. */
  readonly note?: string;
  readonly metric: MetricId;
  /** The metric input whose records the figure lists; undefined → not clickable. */
  readonly input?: string;
  /** Narrows the input's filter for a row (one channel, one pipeline). */
  readonly extra?: Partial<Pick<RecordFilter, 'channels' | 'pipelines'>>;
  /** Headline figures are large; rows are list entries. */
  readonly role: 'headline' | 'secondary' | 'row';
  /** Share (0–100) for rows that have one (bar rendering). */
  readonly share?: number;
  /**
   * A number combined from several metrics (custom number): how, as data. Its terms are registry
   * metrics, each also shown as a figure of its own; `metric` is then the first term.
   */
  readonly formula?: NumberFormula;
  /** The change against the comparison period (numbers of a metric that has a numeric value). */
  readonly delta?: FigureDelta;
}

/** A figure's change against the comparison period, ready to show. */
export interface FigureDelta extends Delta {
  /** Short, signed, what the widget shows: "+€1,200.00 (+12.5 %)", "−3 pts (−20 %)", "±0". */
  readonly text: string;
  /** The direction in words, said before `text` ("up", "down", "unchanged"). */
  readonly word: string;
  /** Said after `text`: "vs October 2026: €9,600.00". */
  readonly vs: string;
  /** The comparison period's value as displayed. */
  readonly previousText: string;
}

/** The values of the comparison period (the same metrics evaluated for it). */
export interface Comparison {
  readonly mode: CompareMode;
  /** The comparison period's label ("October 2026"). */
  readonly label: string;
  readonly values: Readonly<Partial<Record<MetricId, MetricValue>>>;
}

export interface ChartSeries {
  readonly label: string;
  /** Plain numbers (money in major units: 1234.5 for €1,234.50). */
  readonly data: readonly number[];
  /** How a value reads in the chart's data table. */
  readonly format?: (value: number) => string;
}

export interface ChartModel {
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
}

export interface WidgetView {
  readonly figures: readonly Figure[];
  /** The display currency the money figures are in (the drill-down converts its total to it). */
  readonly currency?: string;
  readonly chart?: ChartModel;
  /** No record at all behind the widget: show the empty state with this hint. */
  readonly empty?: string;
  /** Set when the numbers are compared with another period. */
  readonly comparison?: Pick<Comparison, 'mode' | 'label'>;
}


/** A metric's short title in a locale. */
export function metricTitle(id: MetricId, locale: string): string {
  return msg(locale, `metric.title.${id}`);
}

const EMPTY_KEYS: Readonly<Record<string, Parameters<typeof msg>[1]>> = {
  activities: 'empty.activities', incoming: 'empty.activities', all: 'empty.activities', deals: 'empty.deals', won: 'empty.won', issued: 'empty.issued',
  paid: 'empty.paid', closed: 'empty.closed',
};

/** The reason a value is "—", as a sentence. */
export function reasonText(v: MetricValue, locale: string): string | undefined {
  if (!v.reason) return undefined;
  return msg(locale, EMPTY_KEYS[v.reason.input] ?? 'empty.records');
}

/** The displayed text of a metric value. */
export function valueText(v: MetricValue, locale: string): string {
  if (v.value === null) return '—';
  switch (v.unit) {
    case 'money': return formatAmount(v.money!.total, locale);
    case 'percent': return formatPercent(v.value as number, locale);
    case 'ratio': return formatNumber(v.value as number, locale, 2);
    case 'channel': return channelLabel(String(v.value), locale);
    default: return formatNumber(v.value as number, locale, 0);
  }
}

function moneyNote(v: MetricValue, locale: string): string | undefined {
  const notes: string[] = [];
  // Converted from several currencies: say so (the breakdown with the rates is in the explanation).
  const converted = v.money?.lines.filter((l) => l.converted && l.currency !== v.money!.total.currency).map((l) => l.currency) ?? [];
  if (converted.length) notes.push(msg(locale, 'convertedFrom', { currencies: converted.join(', ') }));
  if (v.money?.missing.length) notes.push(msg(locale, 'missingRate', { currencies: v.money.missing.join(', ') }));
  if (v.withoutAmount) notes.push(msg(locale, 'withoutAmount', { count: v.withoutAmount }));
  return notes.length ? notes.join(' · ') : undefined;
}

export function figure(v: MetricValue, locale: string, role: Figure['role'], label = metricTitle(v.id, locale)): Figure {
  const note = v.value === null ? reasonText(v, locale) : moneyNote(v, locale);
  return { id: v.id, label, text: valueText(v, locale), metric: v.id, input: METRICS[v.id].drill, role, ...(note ? { note } : {}) };
}

export interface ViewOptions {
  /**
   * The period has no start of its own ("all time" begins on 1970-01-01): a trend begins at its
   * first bucket with anything in it, not with decades of zeros.
   */
  readonly openStart?: boolean;
}

/** A time chart from its first bucket with a non-zero value on (unchanged when there is none). */
function fromFirstValue(chart: ChartModel): ChartModel {
  const first = chart.labels.findIndex((_, i) => chart.series.some((s) => s.data[i] !== 0));
  return first <= 0 ? chart : { labels: chart.labels.slice(first), series: chart.series.map((s) => ({ ...s, data: s.data.slice(first) })) };
}

/** Builds the view of a widget from its metric values (a comparison is added by ./comparison.ts, the peers' averages by ./peers.ts). */
export function widgetView(
  type: WidgetType, settings: WidgetSettings, values: Readonly<Partial<Record<MetricId, MetricValue>>>, locale: string,
  reference?: Pick<ReferenceData, 'pipelines'>, options: ViewOptions = {},
): WidgetView {
  let view = buildView(type, settings, values, locale, reference);
  if (options.openStart && type === 'payments-trend' && view.chart) view = { ...view, chart: fromFirstValue(view.chart) };
  const currency = Object.values(values).find((v) => v?.money)?.money?.total.currency;
  return currency ? { ...view, currency } : view;
}

function buildView(
  type: WidgetType, settings: WidgetSettings, values: Readonly<Partial<Record<MetricId, MetricValue>>>, locale: string,
  reference?: Pick<ReferenceData, 'pipelines'>,
): WidgetView {
  const pipelineName = (id: string) => reference?.pipelines.find((p) => p.id === id)?.name ?? id;
  /** A row counting the records of `input` behind `metric`. */
  const count = (id: string, label: Parameters<typeof msg>[1], n: number | undefined, metric: MetricId, input: string): Figure =>
    ({ id, label: msg(locale, label), text: formatNumber(n!, locale, 0), metric, input, role: 'row' });
  const get = (id: MetricId): MetricValue => {
    const v = values[id];
    if (!v) throw new TypeError(`Widget ${type} needs metric ${id}.`);
    return v;
  };
  switch (type) {
    case 'system': {
      const won = get('won-value');
      const conv = get('conversion');
      return {
        figures: [
          figure(won, locale, 'headline'),
          figure(conv, locale, 'secondary'),
          count('won-count', 'label.wonDeals', conv.counts.won, 'conversion', 'won'),
          count('activity-count', 'label.activities', conv.counts.activities, 'conversion', 'activities'),
        ],
      };
    }
    case 'load-by-channel': {
      const v = get('load-by-channel');
      const groups = v.groups ?? [];
      return {
        figures: [
          { ...figure(v, locale, 'headline'), label: msg(locale, 'label.activities') },
          ...groups.map((g): Figure => ({
            id: `channel-${g.key}`, label: channelLabel(g.key, locale),
            text: `${formatNumber(g.count, locale, 0)} · ${formatPercent(g.share ?? 0, locale)}`,
            metric: v.id, input: 'activities', extra: { channels: [g.key as Channel] }, role: 'row', share: g.share ?? 0,
          })),
        ],
        chart: { labels: groups.map((g) => channelLabel(g.key, locale)), series: [{ label: metricTitle(v.id, locale), data: groups.map((g) => g.count) }] },
        ...(groups.length === 0 ? { empty: msg(locale, 'empty.activities') } : {}),
      };
    }
    case 'preferred-channel': {
      const v = get('preferred-channel');
      const input = v.basis ?? 'incoming';
      return {
        figures: [
          { ...figure(v, locale, 'headline'), input, ...(v.value !== null ? { extra: { channels: [v.value as Channel] } } : {}) },
          ...(v.groups ?? []).map((g): Figure => ({
            id: `channel-${g.key}`, label: channelLabel(g.key, locale), text: formatNumber(g.count, locale, 0),
            metric: v.id, input, extra: { channels: [g.key as Channel] }, role: 'row',
          })),
        ],
        ...(v.value === null ? { empty: msg(locale, 'empty.activities') } : {}),
      };
    }
    case 'communication-load': {
      const v = get('communication-load');
      const groups = (v.groups ?? []).filter((g) => g.key !== '');
      return {
        figures: [
          figure(v, locale, 'headline'),
          ...groups.map((g): Figure => ({
            id: `pipeline-${g.key}`, label: pipelineName(g.key), text: g.value === null ? '—' : formatNumber(g.value, locale, 2),
            metric: v.id, input: 'activities', extra: { pipelines: [g.key] }, role: 'row',
          })),
        ],
        chart: { labels: groups.map((g) => pipelineName(g.key)), series: [{ label: metricTitle(v.id, locale), data: groups.map((g) => g.value ?? 0) }] },
      };
    }
    case 'deal-conversion': {
      const id: MetricId = settings.count === 'closed' ? 'deal-conversion-closed' : 'deal-conversion';
      const v = get(id);
      const den = settings.count === 'closed' ? 'closed' : 'deals';
      return {
        figures: [
          figure(v, locale, 'headline'),
          count('won', 'label.won', v.counts.won, id, 'won'),
          count(den, den === 'closed' ? 'label.closedDeals' : 'label.deals', v.counts[den], id, den),
        ],
      };
    }
    case 'invoice-conversion': {
      const conv = get('invoice-conversion');
      const onTime = get('invoice-paid-on-time');
      return {
        figures: [
          figure(conv, locale, 'headline'),
          figure(onTime, locale, 'secondary'),
          count('issued', 'label.invoices', conv.counts.issued, 'invoice-conversion', 'issued'),
        ],
      };
    }
    case 'sales-amount': {
      const currency = get('won-value').money!.total.currency;
      const figures = (['won-value', 'sales-open', 'sales-lost'] as const).map((id, i) =>
        figure(get(id), locale, i === 0 ? 'headline' : 'secondary', id === 'won-value' ? msg(locale, 'label.won') : metricTitle(id, locale)));
      return {
        figures,
        chart: { labels: figures.map((f) => f.label), series: [{ label: metricTitle('won-value', locale),
          data: (['won-value', 'sales-open', 'sales-lost'] as const).map((id) => Number(toDecimalString(get(id).money!.total))),
          format: (n: number) => formatAmount({ minor: Math.round(n * 10 ** (currencyExponent(currency) ?? 2)), currency }, locale) }] },
      };
    }
    case 'invoice-amounts':
      return {
        figures: (['invoice-issued', 'invoice-paid', 'invoice-unpaid', 'invoice-overdue-share'] as const)
          .map((id, i) => figure(get(id), locale, i === 0 ? 'headline' : 'secondary')),
      };
    case 'payments-trend': {
      const ids = ['trend-deals-created', 'trend-deals-won', 'trend-invoices-paid'] as const;
      const series = ids.map((id) => get(id));
      const labels = formatBuckets((series[0]!.groups ?? []).map((g) => g.key), locale);
      return {
        figures: series.map((v, i) => figure(v, locale, i === 0 ? 'headline' : 'secondary')),
        chart: { labels, series: series.map((v) => ({ label: metricTitle(v.id, locale), data: (v.groups ?? []).map((g) => g.count) })) },
      };
    }
    case 'number':
      return requireNumberRules('A custom number\'s view').numberView(settings, get, locale);
  }
}
