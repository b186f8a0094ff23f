/**
 * The custom number widget (`number`): Bitrix24's "number / number block / number expression". Up
 * to three metrics of the registry, shown side by side (a number block) or combined by one
 * operation: sum, difference (first − second − third) or percentage (first ÷ second × 100).
 *
 * The combination is data (`NumberFormula`: an operation over registry metrics), never text: the
 * number is computed from it (`combine`), the title and labels are worded from it
 * (`formulaLabel`), and anything that explains a number can describe it term by term (each term
 * is a registry metric with its own words and record sets). Pure, no DOM.
 *
 * Units are respected: sum and difference only of amounts with amounts (money stays exact: the
 * terms' totals, all in the display currency, are added as integer minor units in a `MoneyBag`)
 * or counts with counts; a percentage of any two numbers.
 */
import '../i18n/en-number.js';
import type { MetricValue } from '../core/evaluate.js';
import { METRICS, type MetricId, type MetricUnit, type QuerySpec, type Restriction } from '../core/metrics.js';
import { METRIC_IDS, isMetricId } from '../core/metric-ids.js';
import type { Money, RecordKind } from '../core/model.js';
import { MoneyBag, toDecimalString } from '../core/money.js';
import { formatAmount, formatNumber, formatPercent, msg } from '../i18n/index.js';
import type { NumberOp, WidgetSettings } from './types.js';
import { DEFAULT_NUMBER_METRICS, numberRulesLoaded } from './number-lazy.js';
import { figure, metricTitle, reasonText, type Figure, type WidgetView } from './views.js';

/** At most this many metrics in one custom number. */
export const MAX_NUMBER_METRICS = 3;

export { DEFAULT_NUMBER_METRICS } from './number-lazy.js';

/** Units a custom number can show (a channel is not a number). */
const NUMBER_UNITS: readonly MetricUnit[] = ['money', 'count', 'percent', 'ratio'];

/** Formulas with one scalar value (a series is many; a top channel is a name). */
const SCALAR_FORMULAS: readonly string[] = ['total', 'count', 'percent', 'ratio', 'difference', 'shares'];

/** Units that add up (amounts and counts); percentages and ratios do not. */
const ADDITIVE_UNITS: readonly MetricUnit[] = ['money', 'count'];

/** The metrics a custom number can show, in registry order. */
export const NUMBER_METRICS: readonly MetricId[] = METRIC_IDS.filter((id) =>
  NUMBER_UNITS.includes(METRICS[id].unit) && SCALAR_FORMULAS.includes(METRICS[id].formula.op));

/** Whether a custom number can show metric `id` (a known, scalar metric of a numeric unit). */
export function isNumberMetric(id: unknown): id is MetricId {
  return typeof id === 'string' && (NUMBER_METRICS as readonly string[]).includes(id);
}

/**
 * A custom number's definition as data: the operation and its terms (registry metrics, in order).
 * `unit` is the unit of the combined value: the terms' (sum, difference), `percent` (percentage);
 * absent for `none`, where each term shows its own.
 */
export interface NumberFormula {
  readonly op: NumberOp;
  readonly terms: readonly MetricId[];
  readonly unit?: MetricUnit;
}

/** Why metrics and an operation do not make a number. */
export type NumberProblem =
  /** The operation needs more terms (sum and difference 2, percentage 2). */
  | { readonly code: 'too-few'; readonly op: NumberOp; readonly need: number }
  /** A percentage has exactly two terms. */
  | { readonly code: 'too-many'; readonly op: NumberOp; readonly max: number }
  /** Sum or difference of terms in different units. */
  | { readonly code: 'units'; readonly op: NumberOp; readonly a: MetricId; readonly b: MetricId }
  /** Sum or difference of percentages or ratios. */
  | { readonly code: 'not-additive'; readonly op: NumberOp; readonly term: MetricId }
  /** The same metric twice. */
  | { readonly code: 'duplicate'; readonly term: MetricId };

/**
 * What is wrong with showing `metrics` combined by `op`, or undefined when it makes a number. The
 * metrics are assumed to be number metrics (`isNumberMetric`); at least one.
 */
export function numberProblem(metrics: readonly MetricId[], op: NumberOp): NumberProblem | undefined {
  const seen = new Set<MetricId>();
  for (const m of metrics) {
    if (seen.has(m)) return { code: 'duplicate', term: m };
    seen.add(m);
  }
  if (op === 'none') return metrics.length ? undefined : { code: 'too-few', op, need: 1 };
  if (metrics.length < 2) return { code: 'too-few', op, need: 2 };
  if (op === 'percentage') return metrics.length > 2 ? { code: 'too-many', op, max: 2 } : undefined;
  const first = metrics[0]!;
  const unit = METRICS[first].unit;
  if (!ADDITIVE_UNITS.includes(unit)) return { code: 'not-additive', op, term: first };
  for (const m of metrics.slice(1)) {
    if (METRICS[m].unit !== unit) {
      return ADDITIVE_UNITS.includes(METRICS[m].unit) ? { code: 'units', op, a: first, b: m } : { code: 'not-additive', op, term: m };
    }
  }
  return undefined;
}

const UNIT_WORDS: Readonly<Record<MetricUnit, string>> = {
  money: 'an amount', count: 'a count', percent: 'a percentage', ratio: 'a ratio', channel: 'a channel',
};

/** A problem in English, for console warnings (the settings dialog words it in the user's language). */
export function problemText(p: NumberProblem): string {
  switch (p.code) {
    case 'too-few': return `a ${p.op} needs at least ${p.need} metrics`;
    case 'too-many': return `a ${p.op} takes exactly ${p.max} metrics (first ÷ second × 100)`;
    case 'units': return `a ${p.op} cannot mix "${p.a}" (${UNIT_WORDS[METRICS[p.a].unit]}) and "${p.b}" (${UNIT_WORDS[METRICS[p.b].unit]})`;
    case 'not-additive': return `a ${p.op} cannot add "${p.term}" (${UNIT_WORDS[METRICS[p.term].unit]}): only amounts or counts add up`;
    case 'duplicate': return `"${p.term}" is chosen twice`;
  }
}

/** The number's definition from its (sanitized) settings; an invalid combination shows its terms side by side. */
export function numberFormula(settings: Pick<WidgetSettings, 'metrics' | 'op'>): NumberFormula {
  const terms = settings.metrics?.length ? settings.metrics : DEFAULT_NUMBER_METRICS;
  const op = settings.op && !numberProblem(terms, settings.op) ? settings.op : 'none';
  if (op === 'none') return { op, terms };
  return { op, terms, unit: op === 'percentage' ? 'percent' : METRICS[terms[0]!].unit };
}

// ─── restrictions ────────────────────────────────────────────────────────────────────────────────

/** The record kind each restriction narrows (see `specFilter`). */
const RESTRICTION_KIND: Readonly<Record<keyof Restriction, RecordKind>> = {
  pipelines: 'deal', dealStages: 'deal', invoiceStages: 'invoice', channels: 'activity', directions: 'activity', completed: 'activity',
};

function kindsOf(spec: QuerySpec, into: Set<RecordKind>): Set<RecordKind> {
  into.add(spec.kind);
  if (spec.boundTo) kindsOf(spec.boundTo, into);
  return into;
}

/** The record kinds a metric reads (its inputs and the deal sets its activities are bound to). */
export function metricKinds(id: MetricId): ReadonlySet<RecordKind> {
  const kinds = new Set<RecordKind>();
  for (const spec of Object.values(METRICS[id].inputs)) kindsOf(spec, kinds);
  return kinds;
}

/** Whether a restriction filter narrows at least one of the metrics (pipelines narrow deals, channels activities…). */
export function restrictionApplies(field: keyof Restriction, metrics: readonly MetricId[]): boolean {
  const kind = RESTRICTION_KIND[field];
  return metrics.some((m) => isMetricId(m) && metricKinds(m).has(kind));
}

// ─── combination ─────────────────────────────────────────────────────────────────────────────────

/** Why a combined number has no value ("—" with this reason). */
export type CombinedReason =
  /** A term has no value itself (its own denominator is empty): its reason explains. */
  | { readonly code: 'empty'; readonly term: MetricId }
  /** The percentage's denominator is 0. */
  | { readonly code: 'zero'; readonly term: MetricId }
  /** Amounts in different currencies (never summed raw). */
  | { readonly code: 'currencies'; readonly currencies: readonly string[] };

export interface CombinedValue {
  readonly formula: NumberFormula;
  /** Count, percent (0–100) or money (minor units of `money.currency`); null with `reason`. */
  readonly value: number | null;
  readonly reason?: CombinedReason;
  /** Sum and difference of amounts: the exact result. */
  readonly money?: Money;
  /** Currencies some term left out of its total (no exchange rate): the result leaves them out too. */
  readonly missing: readonly string[];
}

/** A term's value as a plain number (money in major units: a percentage of amounts is unit-free). */
function numeric(v: MetricValue): number | null {
  if (v.value === null || typeof v.value !== 'number') return null;
  return v.unit === 'money' && v.money ? Number(toDecimalString(v.money.total)) : v.value;
}

/**
 * The value of a combining formula (`sum`, `difference`, `percentage`) from the terms' values,
 * which must all be present. Amounts are combined exactly, per currency (all terms of one
 * evaluation are in the same display currency; were they not, the result is "—", never a raw sum).
 * @throws TypeError for `none` (nothing to combine) or a missing term value.
 */
export function combine(formula: NumberFormula, values: Readonly<Partial<Record<MetricId, MetricValue>>>): CombinedValue {
  if (formula.op === 'none') throw new TypeError('combine: a number shown side by side has no combined value.');
  const terms = formula.terms.map((id) => {
    const v = values[id];
    if (!v) throw new TypeError(`combine: no value for metric ${id}.`);
    return v;
  });
  const missing = [...new Set(terms.flatMap((v) => v.money?.missing ?? []))].sort();
  const base = { formula, missing };
  const empty = terms.find((v) => v.value === null || typeof v.value !== 'number');
  if (empty) return { ...base, value: null, reason: { code: 'empty', term: empty.id } };
  if (formula.op === 'percentage') {
    const [num, den] = terms.map(numeric) as [number, number];
    const currencies = [...new Set(terms.flatMap((v) => (v.unit === 'money' && v.money ? [v.money.total.currency] : [])))];
    if (currencies.length > 1) return { ...base, value: null, reason: { code: 'currencies', currencies: currencies.sort() } };
    if (den === 0) return { ...base, value: null, reason: { code: 'zero', term: terms[1]!.id } };
    return { ...base, value: (num / den) * 100 };
  }
  const sign = (i: number) => (formula.op === 'difference' && i > 0 ? -1 : 1);
  if (formula.unit === 'money') {
    const bag = new MoneyBag();
    terms.forEach((v, i) => bag.addMinor(v.money!.total.currency, sign(i) * v.money!.total.minor));
    const currencies = bag.currencies();
    if (currencies.length !== 1) return { ...base, value: null, reason: { code: 'currencies', currencies } };
    const money: Money = { minor: bag.get(currencies[0]!) + 0, currency: currencies[0]! };
    return { ...base, value: money.minor, money };
  }
  return { ...base, value: terms.reduce((n, v, i) => n + sign(i) * (v.value as number), 0) };
}

// ─── words ───────────────────────────────────────────────────────────────────────────────────────

/** The formula in words, from its terms' titles: "Invoiced − Paid", "Paid as a percentage of Invoiced". */
export function formulaLabel(formula: NumberFormula, locale: string): string {
  const t = formula.terms.map((id) => metricTitle(id, locale));
  switch (formula.op) {
    case 'none': return t.join(' · ');
    case 'sum': return t.join(' + ');
    case 'difference': return t.join(' \u2212 ');
    case 'percentage': return msg(locale, 'number.percentageOf', { a: t[0]!, b: t[1]! });
  }
}

/**
 * A problem in the user's language (the settings dialog's message). Its words are the settings
 * dialog's (src/i18n/en-overlays.ts, loaded with the dialog): import that module before calling it
 * elsewhere.
 */
export function problemMessage(p: NumberProblem, locale: string): string {
  const title = (id: MetricId) => metricTitle(id, locale);
  const unit = (id: MetricId) => msg(locale, `number.unit.${METRICS[id].unit as 'money' | 'count' | 'percent' | 'ratio'}`);
  switch (p.code) {
    case 'too-few': return msg(locale, p.op === 'percentage' ? 'number.problem.percentageTwo' : 'number.problem.tooFew');
    case 'too-many': return msg(locale, 'number.problem.percentageTwo');
    case 'units': return msg(locale, 'number.problem.units', { a: title(p.a), unitA: unit(p.a), b: title(p.b), unitB: unit(p.b) });
    case 'not-additive': return msg(locale, 'number.problem.notAdditive', { a: title(p.term), unit: unit(p.term) });
    case 'duplicate': return msg(locale, 'number.problem.duplicate', { a: title(p.term) });
  }
}

// ─── view ───────────────────────────────────────────────────────────────────────────────

/**
 * The custom number (src/widgets/number.ts). Side by side: each metric is a number of its own (the
 * first as headline). Combined: the result as headline, plain text (it is no one record set), with
 * its formula as data; below it each term, a number that opens its own records.
 */
export function numberView(settings: WidgetSettings, get: (id: MetricId) => MetricValue, locale: string): WidgetView {
  const formula = numberFormula(settings);
  const terms = formula.terms.map(get);
  if (formula.op === 'none') return { figures: terms.map((v, i) => figure(v, locale, i === 0 ? 'headline' : 'secondary')) };
  const c = combine(formula, Object.fromEntries(terms.map((v) => [v.id, v])));
  let text = '—';
  let note: string | undefined;
  if (c.value === null) {
    const r = c.reason!;
    note = r.code === 'empty' ? reasonText(get(r.term), locale) ?? msg(locale, 'empty.records')
      : r.code === 'zero' ? msg(locale, 'number.zero', { term: metricTitle(r.term, locale) })
        : msg(locale, 'number.currencies', { currencies: r.currencies.join(', ') });
  } else {
    text = c.money ? formatAmount(c.money, locale)
      : formula.unit === 'percent' ? formatPercent(c.value, locale)
        : formatNumber(c.value, locale, formula.unit === 'ratio' ? 2 : 0);
    if (c.missing.length) note = msg(locale, 'missingRate', { currencies: c.missing.join(', ') });
  }
  const headline: Figure = {
    id: 'result', label: formulaLabel(formula, locale), text, metric: formula.terms[0]!, formula, role: 'headline', ...(note ? { note } : {}),
  };
  return { figures: [headline, ...terms.map((v) => figure(v, locale, 'row'))] };
}

numberRulesLoaded({ formulaLabel, isNumberMetric, numberFormula, numberView, restrictionApplies });
