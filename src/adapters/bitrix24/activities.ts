/**
 * Pages of a client's activities from Bitrix24 (`records` of kind activity: the detail panel's
 * lists, which no first paint reads): the `crm.activity.list` pages of each filter part, merged in
 * the order asked for. A chunk the Bitrix24 adapter loads on the first such page; its numbers come
 * from `total`s (adapter.ts). It imports nothing from the adapter's chunk: what it needs comes in `kit`.
 */
import type { Activity } from '../../core/model.js';
import type { RecordPage, RecordQuery, SortSpec } from '../../core/query.js';
import { compareRecords } from '../../core/records.js';
import type { BitrixFilter } from './filters.js';
import type { QueuedResult } from './queue.js';

/** What the adapter lends: the list call, the row mapping, the deduplication. */
export interface ActivityKit {
  /** One `crm.activity.list` page of a filter part, from `start`. */
  list(part: BitrixFilter, order: Record<string, string>, start: number): Promise<QueuedResult>;
  /** Rows of a `crm.activity.list` result as activities. */
  map(rows: unknown): Activity[];
  firstOfEach<T>(rows: readonly T[], idOf: (row: T) => string): T[];
}

const PAGE = 50;
const ORDER_FIELD: Readonly<Partial<Record<SortSpec['field'], string>>> = { createdAt: 'CREATED', id: 'ID', title: 'SUBJECT' };
const BY_ID: SortSpec = { field: 'id', direction: 'asc' };

/** The page `query` asks for, of the activities the filter `parts` match together. */
export async function activityPage(query: RecordQuery<'activity'>, parts: readonly BitrixFilter[], kit: ActivityKit): Promise<RecordPage<'activity'>> {
  const { page } = query;
  const { map, firstOfEach } = kit;
  const sort = query.sort && ORDER_FIELD[query.sort.field] ? query.sort : BY_ID;
  const order: Record<string, string> = { [ORDER_FIELD[sort.field]!]: sort.direction.toUpperCase() };
  if (sort.field !== 'id') order['ID'] = 'ASC';
  const list = (part: BitrixFilter, start: number) => kit.list(part, order, start);
  if (parts.length === 0) return { items: [], total: 0 };
  const firsts = await Promise.all(parts.map((p) => list(p, parts.length > 1 ? 0 : page.offset)));
  const totals = firsts.map((f) => f.total ?? (Array.isArray(f.result) ? f.result.length : 0));
  const total = totals.reduce((a, b) => a + b, 0);
  const live = parts.map((_, i) => i).filter((i) => totals[i]! > 0);
  let items: Activity[];
  if (parts.length === 1) {
    items = map(firsts[0]!.result);
  } else if (live.length <= 1) {
    // One part holds every match (the usual case: no legacy rows): page it directly.
    const i = live[0];
    if (i === undefined) return { items: [], total };
    items = map(page.offset === 0 ? firsts[i]!.result : (await list(parts[i]!, page.offset)).result);
  } else {
    // Several non-empty parts: merge their sorted streams up to offset + limit.
    const need = page.offset + page.limit;
    const streams = await Promise.all(live.map(async (i) => {
      const rows = map(firsts[i]!.result);
      const starts: number[] = [];
      for (let s = rows.length; s < Math.min(need, totals[i]!); s += PAGE) starts.push(s);
      const more = await Promise.all(starts.map((s) => list(parts[i]!, s)));
      for (const m of more) rows.push(...map(m.result));
      return rows;
    }));
    items = streams.flat().sort(compareRecords(sort)).slice(page.offset);
  }
  return { items: firstOfEach(items, (a) => a.id).slice(0, page.limit), total };
}
