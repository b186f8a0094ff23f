/**
 * The metric registry (SPEC §5). Each metric is a declaration: named record sets (`inputs`, each a
 * declarative query), a formula that combines them and a unit; its title is a word of the message
 * tables (`metric.title.<id>`: src/i18n, each language in one file). The number, its
 * drill-down filter, its comparison, its explanation (the formula in words is generated from the
 * declaration: src/widgets/explain.ts `formulaWords`, never written by hand) and its CSV export are
 * all derived from this one declaration (see `evaluate.ts` for numbers and `input-filter.ts` for the
 * drill-down filter).
 */
import type { Channel, ClientRef, CurrencyCode, Direction, Instant, RateTable, RecordKind, Semantic } from './model.js';
import type { DateCondition, DateField, Measure, RecordFilter } from './query.js';
import type { ResolvedPeriod } from './period.js';
import type { Better } from './compare.js';

/** Where a date condition's range comes from. */
export type DateWindow =
  /** `[P.from, P.to)` */
  | 'period'
  /** before the end of P: `[-∞, P.to)` */
  | 'before-period-end'
  /** before now: `[-∞, now)` */
  | 'before-now';

export interface DateRule {
  /** Any of these fields in the window. */
  readonly fields: readonly DateField[];
  readonly window: DateWindow;
}

export type Grouping = 'channel' | 'pipeline' | 'currency' | 'semantic' | 'bucket';

/** A declarative record set: kind + filter + measure, relative to a period. */
export interface QuerySpec {
  readonly kind: RecordKind;
  readonly measure: Measure;
  readonly dates?: readonly DateRule[];
  readonly semantics?: readonly Semantic[];
  readonly directions?: readonly Direction[];
  readonly paidLate?: boolean;
  /** Activities: bound to at least one deal of this (deal) set. */
  readonly boundTo?: QuerySpec;
  readonly groupBy?: Grouping;
  /** The date field time buckets use (with `groupBy: 'bucket'`). */
  readonly bucketField?: DateField;
}

export type Formula =
  /** Money total of an input (converted to the display currency). */
  | { readonly op: 'total'; readonly of: string }
  /** Record count of an input. */
  | { readonly op: 'count'; readonly of: string }
  /** num count / den count × 100; "—" when den is 0. */
  | { readonly op: 'percent'; readonly num: string; readonly den: string }
  /** num count / den count; "—" when den is 0. */
  | { readonly op: 'ratio'; readonly num: string; readonly den: string }
  /** Money a − b, per original currency, then converted. */
  | { readonly op: 'difference'; readonly a: string; readonly b: string }
  /** Counts per group with their share of the total; the value is the total. */
  | { readonly op: 'shares'; readonly of: string }
  /** The group key with the highest count (ties: most recent record); `fallback` when `of` is empty. */
  | { readonly op: 'top'; readonly of: string; readonly fallback?: string }
  /** One point per time bucket: count and money total. */
  | { readonly op: 'series'; readonly of: string };

export type MetricUnit = 'money' | 'count' | 'percent' | 'ratio' | 'channel';

export interface MetricDefinition {
  readonly id: string;
  readonly unit: MetricUnit;
  readonly inputs: Readonly<Record<string, QuerySpec>>;
  readonly formula: Formula;
  /** Also evaluate the formula per group of this kind (e.g. communication load per pipeline). */
  readonly breakdown?: Grouping;
  /** The input whose records a click on the number lists. */
  readonly drill: string;
  /** Whether a rise is good news (the colour of a comparison delta); absent → neutral. */
  readonly better?: Better;
}

// ---- The record sets of SPEC §5, named once ---------------------------------------------------

const inPeriod = (...fields: DateField[]): DateRule[] => [{ fields, window: 'period' }];

/** Activities with the client created in P. */
export const ACTIVITIES_IN_P: QuerySpec = { kind: 'activity', measure: 'count', dates: inPeriod('createdAt') };
/** The client's deals created in P or closed (won or lost) in P. */
export const DEALS_IN_P: QuerySpec = { kind: 'deal', measure: 'count', dates: inPeriod('createdAt', 'closedAt') };
/** Deals closed as won in P. */
export const WON_IN_P: QuerySpec = { kind: 'deal', measure: 'sum', semantics: ['won'], dates: inPeriod('closedAt') };
/** Deals closed as lost in P. */
export const LOST_IN_P: QuerySpec = { kind: 'deal', measure: 'sum', semantics: ['lost'], dates: inPeriod('closedAt') };
/** Deals closed (won or lost) in P. */
export const CLOSED_IN_P: QuerySpec = { kind: 'deal', measure: 'count', semantics: ['won', 'lost'], dates: inPeriod('closedAt') };
/** Deals still open that were created before the end of P. */
export const OPEN_AT_END: QuerySpec = {
  kind: 'deal', measure: 'sum', semantics: ['open'], dates: [{ fields: ['createdAt'], window: 'before-period-end' }],
};
/** Invoices issued (created) in P. */
export const INVOICES_IN_P: QuerySpec = { kind: 'invoice', measure: 'sum', dates: inPeriod('createdAt') };
/** Invoices issued in P and paid (by now). */
export const PAID_INVOICES_IN_P: QuerySpec = { ...INVOICES_IN_P, semantics: ['paid'] };
/** Invoices issued in P, paid no later than their due date. */
export const PAID_ON_TIME_IN_P: QuerySpec = { ...PAID_INVOICES_IN_P, measure: 'count', paidLate: false };
/** Invoices issued in P, still unpaid and past their due date now. */
export const OVERDUE_IN_P: QuerySpec = {
  kind: 'invoice', measure: 'count', semantics: ['open'],
  dates: [{ fields: ['createdAt'], window: 'period' }, { fields: ['dueAt'], window: 'before-now' }],
};
/** Activities created in P bound to deals of P (communication load's numerator). */
export const DEAL_ACTIVITIES_IN_P: QuerySpec = { ...ACTIVITIES_IN_P, boundTo: DEALS_IN_P };

const count = (spec: QuerySpec): QuerySpec => (spec.measure === 'count' ? spec : { ...spec, measure: 'count' });

// ---- The registry --------------------------------------------------------------------------------

// Most metrics have one of three shapes: a money total of one record set, a percentage of two
// sets' counts, a trend of one set per time bucket. Each number lists the records of its first set.

/** The money total of record set `name`. */
const total = <I extends string>(id: I, better: Better, name: string, spec: QuerySpec) =>
  ({ id, unit: 'money', better, inputs: { [name]: spec }, formula: { op: 'total', of: name }, drill: name }) as const;

/** `num` count / `den` count × 100. */
const percent = <I extends string>(id: I, better: Better, num: string, numSpec: QuerySpec, den: string, denSpec: QuerySpec) =>
  ({ id, unit: 'percent', better, inputs: { [num]: numSpec, [den]: denSpec }, formula: { op: 'percent', num, den }, drill: num }) as const;

/** Counts and money totals of record set `name` per time bucket of its date `field`. */
const series = <I extends string>(id: I, name: string, spec: QuerySpec, field: DateField) => ({
  id, unit: 'count', better: 'higher', inputs: { [name]: { ...spec, groupBy: 'bucket', bucketField: field } },
  formula: { op: 'series', of: name }, drill: name,
}) as const;

const defs = [
  total('won-value', 'higher', 'won', WON_IN_P),
  percent('conversion', 'higher', 'won', count(WON_IN_P), 'activities', ACTIVITIES_IN_P),
  {
    id: 'communication-load', unit: 'ratio', better: 'neutral', inputs: { activities: DEAL_ACTIVITIES_IN_P, deals: DEALS_IN_P },
    formula: { op: 'ratio', num: 'activities', den: 'deals' }, breakdown: 'pipeline', drill: 'activities',
  },
  {
    id: 'load-by-channel', unit: 'count', better: 'neutral', inputs: { activities: { ...ACTIVITIES_IN_P, groupBy: 'channel' } },
    formula: { op: 'shares', of: 'activities' }, drill: 'activities',
  },
  {
    id: 'preferred-channel', unit: 'channel',
    inputs: {
      incoming: { ...ACTIVITIES_IN_P, directions: ['in'], groupBy: 'channel' },
      all: { ...ACTIVITIES_IN_P, groupBy: 'channel' },
    },
    formula: { op: 'top', of: 'incoming', fallback: 'all' }, drill: 'incoming',
  },
  percent('deal-conversion', 'higher', 'won', count(WON_IN_P), 'deals', DEALS_IN_P),
  percent('deal-conversion-closed', 'higher', 'won', count(WON_IN_P), 'closed', CLOSED_IN_P),
  percent('invoice-conversion', 'higher', 'paid', count(PAID_INVOICES_IN_P), 'issued', count(INVOICES_IN_P)),
  percent('invoice-paid-on-time', 'higher', 'onTime', PAID_ON_TIME_IN_P, 'paid', count(PAID_INVOICES_IN_P)),
  total('sales-open', 'neutral', 'open', OPEN_AT_END),
  total('sales-lost', 'lower', 'lost', LOST_IN_P),
  total('invoice-issued', 'higher', 'issued', INVOICES_IN_P),
  total('invoice-paid', 'higher', 'paid', PAID_INVOICES_IN_P),
  {
    id: 'invoice-unpaid', unit: 'money', better: 'lower',
    // `unpaid` (issued and not paid) is what the number lists: its total is issued − paid by construction.
    inputs: { issued: INVOICES_IN_P, paid: PAID_INVOICES_IN_P, unpaid: { ...INVOICES_IN_P, semantics: ['open', 'declined'] } },
    formula: { op: 'difference', a: 'issued', b: 'paid' }, drill: 'unpaid',
  },
  percent('invoice-overdue-share', 'lower', 'overdue', OVERDUE_IN_P, 'issued', count(INVOICES_IN_P)),
  series('trend-deals-created', 'created', { kind: 'deal', measure: 'sum', dates: inPeriod('createdAt') }, 'createdAt'),
  series('trend-deals-won', 'won', WON_IN_P, 'closedAt'),
  series('trend-invoices-paid', 'paid', { kind: 'invoice', measure: 'sum', semantics: ['paid'], dates: inPeriod('paidAt') }, 'paidAt'),
] as const satisfies readonly MetricDefinition[];

export type MetricId = (typeof defs)[number]['id'];

/** Every metric, by id. */
export const METRICS: Readonly<Record<MetricId, MetricDefinition>> = Object.freeze(
  Object.fromEntries(defs.map((d) => [d.id, d])) as unknown as Record<MetricId, MetricDefinition>,
);


// ---- From declaration to concrete query ------------------------------------------------------------

/** Widget settings that narrow every query of the matching kind (the metric's own fields win). */
export interface Restriction {
  readonly pipelines?: readonly string[];
  readonly dealStages?: readonly string[];
  readonly invoiceStages?: readonly string[];
  readonly channels?: readonly Channel[];
  readonly directions?: readonly Direction[];
  readonly completed?: boolean;
}

export type BucketUnit = 'day' | 'week' | 'month' | 'year';

export interface MetricContext {
  readonly client: ClientRef;
  readonly period: ResolvedPeriod;
  /** "Now" for windows such as overdue (epoch ms). */
  readonly now: Instant;
  /** Currency money results are converted to; default: `rates.base`, else the first currency met. */
  readonly currency?: CurrencyCode;
  readonly rates?: RateTable;
  readonly restrict?: Restriction;
  /** Time-bucket size of series; default: day up to 31 days, week up to 183, else month. */
  readonly bucketUnit?: BucketUnit;
  /** Locale whose week start the week buckets follow (default 'en'). */
  readonly locale?: string;
}

function window(rule: DateRule, ctx: MetricContext): DateCondition {
  switch (rule.window) {
    case 'period': return { fields: rule.fields, from: ctx.period.from, to: ctx.period.to };
    case 'before-period-end': return { fields: rule.fields, to: ctx.period.to };
    case 'before-now': return { fields: rule.fields, to: ctx.now };
  }
}

/**
 * The concrete filter of a record set in a context. `dealIds` are the resolved ids of
 * `spec.boundTo` (required when the spec has one).
 */
export function specFilter(spec: QuerySpec, ctx: MetricContext, dealIds?: readonly string[]): RecordFilter {
  const r = ctx.restrict ?? {};
  const f: { -readonly [K in keyof RecordFilter]: RecordFilter[K] } = { client: ctx.client };
  if (spec.dates) f.dates = spec.dates.map((d) => window(d, ctx));
  if (spec.semantics) f.semantics = spec.semantics;
  if (spec.kind === 'deal') {
    if (r.pipelines?.length) f.pipelines = r.pipelines;
    if (r.dealStages?.length) f.stages = r.dealStages;
  } else if (spec.kind === 'invoice') {
    if (r.invoiceStages?.length) f.stages = r.invoiceStages;
    if (spec.paidLate !== undefined) f.paidLate = spec.paidLate;
  } else {
    if (r.channels?.length) f.channels = r.channels;
    const directions = spec.directions ?? r.directions;
    if (directions?.length) f.directions = directions;
    if (r.completed !== undefined) f.completed = r.completed;
  }
  if (spec.boundTo) {
    if (!dealIds) throw new TypeError('specFilter: the deal ids of "boundTo" must be resolved first.');
    // An empty resolved set must match nothing, not everything: a sentinel id no source uses.
    f.dealIds = dealIds.length > 0 ? dealIds : [NO_DEAL];
  }
  return f;
}

/** A deal id that never exists (ids are numeric strings): the filter "bound to no deal of an empty set". */
export const NO_DEAL = '\u0000none';
