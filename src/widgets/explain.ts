/**
 * "How is this computed?": a widget's explanation, generated from the metric declarations of the
 * registry (src/core/metrics.ts) and the context the numbers were computed in. Nothing here is
 * written per widget or per metric: the formula in words comes from the metric's `Formula` and the
 * `QuerySpec` of each input (record kind, statuses, date rules, directions, bindings), so the words
 * cannot drift from the code that computes the number. Pure, no DOM; loaded on first use.
 */
import '../i18n/en-overlays.js';
import type { MetricValue } from '../core/evaluate.js';
import { METRICS, type DateRule, type Formula, type MetricId, type QuerySpec } from '../core/metrics.js';
import type { ReferenceData } from '../core/model.js';
import type { ResolvedPeriod } from '../core/period.js';
import type { Conversion } from '../core/money.js';
import { channelLabel, formatAmount, formatDate, languageOf, msg, type MessageKey } from '../i18n/index.js';
import { formatList } from '../i18n/list.js';
import { metricTitle } from './views.js';
import type { WidgetSettings } from './types.js';
import { DEMO_LABEL } from '../adapters/demo/now.js';

/** One metric of the widget, explained. */
export interface MetricExplanation {
  readonly id: MetricId;
  readonly title: string;
  /** The formula in words, from the declaration. */
  readonly formula: string;
  /** Money: the currency of the number. */
  readonly currency?: string;
  /** Money: the original-currency totals, their rates and the converted amounts. */
  readonly currencies?: readonly CurrencyLine[];
  /** Money: currencies left out for want of a rate (never summed raw). */
  readonly missing?: readonly string[];
}

export interface CurrencyLine {
  readonly currency: string;
  /** "$1,200.00" */
  readonly amount: string;
  /** "× 0.92" or "" for the display currency itself. */
  readonly rate: string;
  /** "€1,104.00", or "—" when not convertible. */
  readonly converted: string;
}

export interface Explanation {
  readonly metrics: readonly MetricExplanation[];
  /** Sentences about the context: period, filters of the settings, currency, comparison, freshness. */
  readonly notes: readonly string[];
}

export interface ExplainInput {
  readonly metrics: readonly MetricId[];
  readonly values: Readonly<Partial<Record<MetricId, MetricValue>>>;
  readonly settings: WidgetSettings;
  readonly locale: string;
  readonly timeZone: string;
  readonly period: ResolvedPeriod;
  /** The period label shown ("Last 30 days"). */
  readonly periodLabel: string;
  /** The widget has a period of its own (else it follows the page's). */
  readonly fixedPeriod: boolean;
  readonly reference?: Pick<ReferenceData, 'pipelines' | 'stages'>;
  /** The comparison period, when compared. */
  readonly comparison?: { readonly label: string; readonly period: ResolvedPeriod };
  /** The custom number's combination in words ("Invoiced − Paid"), when it combines its metrics. */
  readonly combination?: string;
  /** The data source's name and when the numbers were fetched. */
  readonly source: string;
  readonly fetchedAt?: number;
  /** Inside a profile, whose adapter keeps results for a while (the received time is not the read time). */
  readonly cached?: boolean;
}

const join = (parts: readonly string[], locale: string): string => formatList(parts, locale, 'and');
const disjoin = (parts: readonly string[], locale: string): string => formatList(parts, locale, 'or');

/** The record set of a spec as a noun phrase: "deals won, closed in the period". */
export function describeSpec(spec: QuerySpec, locale: string): string {
  const key = `explain.set.${[spec.kind, ...(spec.semantics ?? []), ...(spec.directions ?? [])].join('.')}`;
  // A combination without a noun of its own: the kind, then its statuses and directions.
  const qualifiers = [...(spec.semantics ?? []).map((x) => msg(locale, `semantic.${x}`)), ...(spec.directions ?? []).map((d) => msg(locale, `direction.${d}`))];
  const noun = key in EXPLAIN_SET_KEYS ? msg(locale, key as MessageKey)
    : `${msg(locale, `explain.set.${spec.kind}`)}${qualifiers.length ? ` (${disjoin(qualifiers, locale).toLocaleLowerCase(locale)})` : ''}`;
  const parts = [noun];
  for (const rule of spec.dates ?? []) parts.push(dateWords(rule, locale));
  if (spec.paidLate === false) parts.push(msg(locale, 'explain.onTime'));
  if (spec.paidLate === true) parts.push(msg(locale, 'explain.late'));
  if (spec.boundTo) parts.push(msg(locale, 'explain.boundTo', { set: describeSpec(spec.boundTo, locale) }));
  return parts.join(', ');
}

/** Noun phrases the tables have (other combinations fall back to the kind alone). */
const EXPLAIN_SET_KEYS: Readonly<Record<string, true>> = Object.fromEntries([
  'deal', 'deal.won', 'deal.lost', 'deal.open', 'deal.won.lost', 'invoice', 'invoice.paid', 'invoice.open',
  'invoice.open.declined', 'activity', 'activity.in',
].map((k) => [`explain.set.${k}`, true]));

function dateWords(rule: DateRule, locale: string): string {
  const fields = disjoin(rule.fields.map((f) => msg(locale, `explain.field.${f}`)), locale);
  return msg(locale, `explain.when.${rule.window}`, { fields });
}

/** `set` and, for French, `de set` elided before a vowel ("d’activités", "de factures"). */
function setVars(spec: QuerySpec, locale: string): { set: string; deSet: string } {
  const set = describeSpec(spec, locale);
  return { set, deSet: languageOf(locale) === 'fr' && /^[aeéèêiîoôuh]/i.test(set) ? `d’${set}` : `de ${set}` };
}

const countOf = (spec: QuerySpec, locale: string): string => msg(locale, 'explain.count', setVars(spec, locale));

/** A metric's formula in words, from its declaration. */
export function formulaWords(id: MetricId, locale: string, bucket?: string): string {
  const def = METRICS[id];
  const input = (name: string): QuerySpec => def.inputs[name]!;
  const f: Formula = def.formula;
  let text: string;
  switch (f.op) {
    case 'total': text = msg(locale, 'explain.sum', { set: describeSpec(input(f.of), locale) }); break;
    case 'count': text = countOf(input(f.of), locale); break;
    case 'percent': text = `${countOf(input(f.num), locale)} ÷ ${countOf(input(f.den), locale)} × 100`; break;
    case 'ratio': text = `${countOf(input(f.num), locale)} ÷ ${countOf(input(f.den), locale)}`; break;
    case 'difference':
      text = `${msg(locale, 'explain.sum', { set: describeSpec(input(f.a), locale) })} − ${msg(locale, 'explain.sum', { set: describeSpec(input(f.b), locale) })}`;
      break;
    case 'shares': text = msg(locale, 'explain.shares', { set: describeSpec(input(f.of), locale) }); break;
    case 'top':
      text = msg(locale, 'explain.top', setVars(input(f.of), locale))
        + (f.fallback ? msg(locale, 'explain.fallback', { set: describeSpec(input(f.fallback), locale) }) : '')
        + msg(locale, 'explain.ties');
      break;
    case 'series': text = msg(locale, 'explain.series', { set: describeSpec(input(f.of), locale), unit: bucket ?? msg(locale, 'explain.bucket') }); break;
  }
  if (def.breakdown === 'pipeline') text += msg(locale, 'explain.perPipeline');
  return text;
}

function currencyLines(c: Conversion, locale: string): CurrencyLine[] {
  return c.lines.map((l) => ({
    currency: l.currency, amount: formatAmount(l.amount, locale),
    rate: l.currency === c.total.currency || l.rate === null ? '' : `× ${l.rate}`,
    converted: l.converted ? formatAmount(l.converted, locale) : '—',
  }));
}

/** The explanation of a widget's numbers in their context. */
export function explain(input: ExplainInput): Explanation {
  const { locale } = input;
  const metrics = input.metrics.map((id): MetricExplanation => {
    const v = input.values[id];
    const money = v?.money;
    return {
      id, title: metricTitle(id, locale), formula: formulaWords(id, locale),
      ...(money ? { currency: money.total.currency } : {}),
      ...(money && money.lines.length > 0 ? { currencies: currencyLines(money, locale) } : {}),
      ...(money?.missing.length ? { missing: money.missing } : {}),
    };
  });
  const notes: string[] = [];
  if (input.combination) notes.push(msg(locale, 'explain.combination', { formula: input.combination }));
  const range = (p: ResolvedPeriod) => `${formatDate(p.from, locale, input.timeZone)} – ${formatDate(p.to - 1, locale, input.timeZone)}`;
  notes.push(msg(locale, input.fixedPeriod ? 'explain.period.fixed' : 'explain.period.page', {
    label: input.periodLabel, range: range(input.period), zone: input.timeZone,
  }));
  notes.push(...restrictionNotes(input.settings, input.reference, locale));
  // Converted when any money number of the widget adds up more than one currency.
  const several = metrics.some((m) => (m.currencies?.length ?? 0) > 1);
  const money = input.metrics.map((id) => input.values[id]?.money).find((m) => m);
  if (money) {
    const date = money.rateDate !== undefined ? formatDate(money.rateDate, locale, input.timeZone) : undefined;
    notes.push(several
      ? msg(locale, 'explain.converted', { currency: money.total.currency }) + (date ? msg(locale, 'explain.rateDate', { date }) : '.')
      : msg(locale, 'explain.currency', { currency: money.total.currency }));
    const missing = [...new Set(metrics.flatMap((m) => m.missing ?? []))];
    if (missing.length) notes.push(msg(locale, 'explain.missing', { currencies: join(missing, locale) }));
  }
  if (input.comparison) notes.push(msg(locale, 'explain.compare', { label: input.comparison.label, range: range(input.comparison.period) }));
  // A source's label is data (a host name, an adapter's own words), but the demo's is ours to translate.
  const source = input.source === DEMO_LABEL ? msg(locale, 'explain.demo') : input.source;
  notes.push(input.fetchedAt !== undefined
    ? msg(locale, input.cached ? 'explain.received' : 'explain.fetched', { source, time: formatDate(input.fetchedAt, locale, input.timeZone, true) })
    : msg(locale, 'explain.source', { source }));
  return { metrics, notes };
}

/** The filters of the widget's settings, one sentence each. */
function restrictionNotes(s: WidgetSettings, reference: ExplainInput['reference'], locale: string): string[] {
  const notes: string[] = [];
  const names = (ids: readonly string[], lookup: (id: string) => string | undefined) => join(ids.map((id) => lookup(id) ?? id), locale);
  const stage = (id: string) => reference?.stages.find((st) => st.id === id)?.name;
  if (s.pipelines?.length) notes.push(`${msg(locale, 'settings.pipelines')}: ${names(s.pipelines, (id) => reference?.pipelines.find((p) => p.id === id)?.name)}.`);
  if (s.dealStages?.length) notes.push(`${msg(locale, 'settings.dealStages')}: ${names(s.dealStages, stage)}.`);
  if (s.invoiceStages?.length) notes.push(`${msg(locale, 'settings.invoiceStages')}: ${names(s.invoiceStages, stage)}.`);
  if (s.channels?.length) notes.push(`${msg(locale, 'settings.channels')}: ${join(s.channels.map((c) => channelLabel(c, locale)), locale)}.`);
  if (s.directions?.length) {
    notes.push(`${msg(locale, 'settings.directions')}: ${join(s.directions.map((d) => msg(locale, d === 'none' ? 'settings.directionNone' : `direction.${d}`)), locale)}.`);
  }
  if (s.completed) notes.push(`${msg(locale, 'settings.completed')}.`);
  return notes;
}
