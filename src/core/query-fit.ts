/**
 * Whether a query fits its record kind: a filter field, a date field or a grouping used on a kind
 * that does not have it is a programming error (a `TypeError` naming it). Checked by every adapter
 * and by the reference semantics (./records.ts) before they read; a module of its own, loaded with
 * them, not with the main bundle.
 */
import type { RecordKind } from './model.js';
import type { AggregateQuery, BucketGrouping, DateField, GroupBy, RecordFilter } from './query.js';

/** Every filter field with the kinds it applies to; a field used on another kind is a programming error. */
const FIELD_KINDS: Record<Exclude<keyof RecordFilter, 'client' | 'dates'>, readonly RecordKind[]> = {
  semantics: ['deal', 'invoice'],
  pipelines: ['deal', 'activity'],
  stages: ['deal', 'invoice'],
  channels: ['activity'],
  directions: ['activity'],
  completed: ['activity'],
  dealIds: ['deal', 'invoice', 'activity'],
  paidLate: ['invoice'],
};

const DATE_FIELD_KINDS: Record<DateField, readonly RecordKind[]> = {
  createdAt: ['deal', 'invoice', 'activity'],
  closedAt: ['deal'],
  dueAt: ['invoice'],
  paidAt: ['invoice'],
};

/** Every grouping with the kinds it applies to. */
const GROUP_KINDS: Record<Exclude<GroupBy, BucketGrouping>, readonly RecordKind[]> = {
  channel: ['activity'],
  pipeline: ['deal', 'activity'],
  currency: ['deal', 'invoice'],
  semantic: ['deal', 'invoice'],
};

/**
 * Throws a `TypeError` when an aggregate query groups by something its kind does not have (a
 * grouping, or the date field of its time buckets: invoices have no `closedAt`).
 */
export function assertQueryFits(query: AggregateQuery): void {
  assertFilterFits(query.kind, query.filter);
  const g = query.groupBy;
  if (typeof g === 'string' && !GROUP_KINDS[g]?.includes(query.kind)) {
    throw new TypeError(`Cannot group ${query.kind} records by ${g}.`);
  }
  if (typeof g === 'object') {
    if (!DATE_FIELD_KINDS[g.field]?.includes(query.kind)) throw new TypeError(`Cannot bucket ${query.kind} records by "${g.field}".`);
    if (g.edges.length !== g.keys.length + 1) throw new TypeError('Bucket grouping needs exactly one more edge than keys.');
  }
}

/** Throws a `TypeError` naming the field when a filter uses a field its record kind does not have. */
export function assertFilterFits(kind: RecordKind, filter: RecordFilter): void {
  for (const key of Object.keys(FIELD_KINDS) as (keyof typeof FIELD_KINDS)[]) {
    const v = filter[key];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0) && !FIELD_KINDS[key].includes(kind)) {
      throw new TypeError(`Filter field "${key}" does not apply to ${kind} records.`);
    }
  }
  for (const cond of filter.dates ?? []) {
    for (const f of cond.fields) {
      if (!DATE_FIELD_KINDS[f]?.includes(kind)) throw new TypeError(`Date field "${f}" does not apply to ${kind} records.`);
    }
  }
}
