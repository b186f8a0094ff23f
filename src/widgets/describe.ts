/**
 * A record filter in words: one sentence per condition, in the locale's language (English or French
 * tables of `src/i18n`). Pure, no DOM. Used by the detail panel's CSV export (its header lines) and
 * meant for the "how is this computed?" explanation: both describe the very `RecordFilter` the
 * number and its drill-down run, so the words cannot drift from the query.
 */
import '../i18n/en-overlays.js';
import type { RecordKind } from '../core/model.js';
import { civilDateOf, isValidTimeZone, startOfDay } from '../core/period-base.js';
import type { DateCondition, DateField, RecordFilter } from '../core/query.js';
import { channelLabel, formatDate, msg, normalizeLocale, type MessageKey } from '../i18n/index.js';
import { formatList } from '../i18n/list.js';

/** A named thing a filter refers to by id (pipeline, stage). */
export interface NamedId {
  readonly id: string;
  readonly name: string;
}

export interface DescribeFilterOptions {
  /** BCP 47 locale (or Bitrix24 LANG code); its language picks the words, `Intl` the date formats. */
  readonly locale: string;
  /** IANA time zone the date windows are shown in (the one the period was resolved in). */
  readonly timeZone: string;
  /** Pipeline names by id; an unknown id is shown as it is. */
  readonly pipelines?: readonly NamedId[];
  /** Stage names by id (deal and invoice stages); an unknown id is shown as it is. */
  readonly stages?: readonly NamedId[];
  /** The client's display name, shown before its type and id. */
  readonly clientName?: string;
}

/** Deal ids listed in full up to this many; beyond, the first ones and "…". */
const MAX_IDS = 10;

/** "a, b or c" in the locale. */
const orList = (items: readonly string[], locale: string): string => formatList(items, locale, 'or');

const nonEmpty = <T>(xs: readonly T[] | undefined): xs is readonly T[] => xs !== undefined && xs.length > 0;

function capitalize(s: string, locale: string): string {
  return s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);
}

/** Whether `t` is the first instant of its civil day in `timeZone`. */
function isDayStart(t: number, timeZone: string): boolean {
  return startOfDay(civilDateOf(t, timeZone), timeZone) === t;
}

/** The first instant of the day before the one starting at `t` (the last day of `[…, t)`). */
function previousDay(t: number, timeZone: string): number {
  const d = civilDateOf(t - 1, timeZone);
  return startOfDay(d, timeZone);
}

const FIELD_KEY: Readonly<Record<DateField, MessageKey>> = {
  createdAt: 'filter.field.createdAt', closedAt: 'filter.field.closedAt', dueAt: 'filter.field.dueAt', paidAt: 'filter.field.paidAt',
};

/**
 * One date window: "Created or closed from Jan 1, 2026 to Jan 31, 2026" (whole days: the last day
 * included), or with times when a bound is not a midnight of `timeZone` ("… up to … (excluded)").
 */
export function describeDateCondition(cond: DateCondition, locale: string, timeZone: string): string | undefined {
  if (cond.fields.length === 0 || (cond.from === undefined && cond.to === undefined)) return undefined;
  const loc = normalizeLocale(locale);
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const fields = orList(cond.fields.map((f) => msg(loc, FIELD_KEY[f] ?? 'filter.field.createdAt')), loc);
  const { from, to } = cond;
  const days = (from === undefined || isDayStart(from, zone)) && (to === undefined || isDayStart(to, zone));
  const day = (t: number) => formatDate(t, loc, zone);
  const time = (t: number) => formatDate(t, loc, zone, true);
  let text: string;
  if (from !== undefined && to !== undefined) {
    text = days
      ? msg(loc, 'filter.date.range', { fields, from: day(from), to: day(previousDay(to, zone)) })
      : msg(loc, 'filter.date.rangeTime', { fields, from: time(from), to: time(to) });
  } else if (from !== undefined) {
    text = msg(loc, 'filter.date.since', { fields, from: days ? day(from) : time(from) });
  } else {
    text = days
      ? msg(loc, 'filter.date.until', { fields, to: day(previousDay(to!, zone)) })
      : msg(loc, 'filter.date.before', { fields, to: time(to!) });
  }
  return capitalize(text, loc);
}

const SEMANTICS = ['open', 'won', 'lost', 'paid', 'declined'];
const DEALS_KEY: Readonly<Record<RecordKind, MessageKey>> = {
  deal: 'filter.deals.deal', invoice: 'filter.deals.invoice', activity: 'filter.deals.activity',
};

/**
 * The conditions of `filter` on records of `kind`, one sentence each, in this order: the record
 * kind, the client, each date window (with its field names), statuses, pipelines, stages, channels,
 * directions, completion, the deals the records belong to, paid late / on time. Absent fields and
 * empty lists (which filter nothing) give no line. Names come from `opts.pipelines` / `opts.stages`
 * when known, else the ids are shown.
 *
 * ```ts
 * describeFilter('deal', { client: { type: 'contact', id: '1' }, semantics: ['won'],
 *   dates: [{ fields: ['closedAt'], from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) }] },
 *   { locale: 'en', timeZone: 'UTC' });
 * // ['Records: deals', 'Client: contact 1', 'Closed from Jan 1, 2026 to Jan 31, 2026', 'Status: Won']
 * ```
 */
export function describeFilter(kind: RecordKind, filter: RecordFilter, opts: DescribeFilterOptions): string[] {
  const loc = normalizeLocale(opts.locale);
  const named = (ids: readonly string[], names: readonly NamedId[] | undefined) =>
    orList(ids.map((id) => names?.find((n) => n.id === id)?.name || id), loc);
  const lines: string[] = [msg(loc, `filter.kind.${kind}` as MessageKey)];

  const ref = msg(loc, filter.client.type === 'company' ? 'filter.company' : 'filter.contact', { id: filter.client.id });
  lines.push(msg(loc, 'filter.client', { client: opts.clientName ? `${opts.clientName} (${ref})` : ref }));

  for (const cond of filter.dates ?? []) {
    const line = describeDateCondition(cond, loc, opts.timeZone);
    if (line) lines.push(line);
  }
  if (nonEmpty(filter.semantics)) {
    const labels = filter.semantics.map((s) => (SEMANTICS.includes(s) ? msg(loc, `semantic.${s}` as MessageKey) : s));
    lines.push(msg(loc, 'filter.semantics', { list: orList(labels, loc) }));
  }
  if (nonEmpty(filter.pipelines)) {
    const list = named(filter.pipelines, opts.pipelines);
    lines.push(msg(loc, kind === 'activity' ? 'filter.pipelines.activity' : 'filter.pipelines', { list }));
  }
  if (nonEmpty(filter.stages)) lines.push(msg(loc, 'filter.stages', { list: named(filter.stages, opts.stages) }));
  if (nonEmpty(filter.channels)) {
    lines.push(msg(loc, 'filter.channels', { list: orList(filter.channels.map((c) => channelLabel(c, loc)), loc) }));
  }
  if (nonEmpty(filter.directions)) {
    const labels = filter.directions.map((d) =>
      d === 'in' || d === 'out' ? msg(loc, `direction.${d}`) : msg(loc, 'filter.directionNone'));
    lines.push(msg(loc, 'filter.directions', { list: orList(labels, loc) }));
  }
  if (filter.completed !== undefined) lines.push(msg(loc, filter.completed ? 'filter.completed' : 'filter.notCompleted'));
  if (nonEmpty(filter.dealIds)) {
    const ids = filter.dealIds.slice(0, MAX_IDS).join(', ') + (filter.dealIds.length > MAX_IDS ? ', …' : '');
    lines.push(msg(loc, DEALS_KEY[kind], { count: filter.dealIds.length, ids }));
  }
  if (filter.paidLate !== undefined) lines.push(msg(loc, filter.paidLate ? 'filter.paidLate' : 'filter.paidOnTime'));
  return lines;
}
