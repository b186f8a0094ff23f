/**
 * Our `RecordFilter` → Bitrix24 list filters. Pure: no I/O, no DOM.
 *
 * Deals and invoices of one client are few (the adapter reads them all and filters them here with
 * the core's reference semantics), so only activities — up to hundreds of thousands per client —
 * are filtered by the portal. An activity filter becomes one or more DISJOINT `crm.activity.list`
 * filters ("parts") whose union is exactly the records the core's `compileFilter` would match;
 * counts add up part by part and lists merge.
 *
 * Why parts: our channel is `PROVIDER_ID` first, then `TYPE_ID` (mapping.ts `channelOf`), and a
 * Bitrix24 filter has no OR across fields. "Channel c" = (PROVIDER_ID ∈ providers(c)) ∪
 * (PROVIDER_ID ∉ known providers ∧ TYPE_ID ∈ types(c)); the second part is empty on modern portals
 * (every TYPE_ID 1–4 activity carries its provider), which the adapter checks by its count first.
 *
 * Filter syntax (research note §2, crm.deal.list docs): prefixes `>=`, `<`, `@` (IN), `!@` (NOT IN);
 * `BINDINGS: [{OWNER_TYPE_ID, OWNER_ID}]` matches an activity bound to ANY of the pairs (§3.6).
 */
import type { ClientRef, Direction, Instant } from '../../core/model.js';
import { NO_DEAL } from '../../core/metrics.js';
import type { RecordFilter } from '../../core/query.js';
import { assertFilterFits } from '../../core/query-fit.js';
import { BY_TYPE, PROVIDERS } from './mapping.js';

/** crm.enum.ownertype (fixture crm.enum.ownertype.json): deal 2, contact 3, company 4, smart invoice 31. */
export const OWNER_TYPE = { deal: 2, contact: 3, company: 4, invoice: 31 } as const;

/** Every provider that decides a channel (mapping.ts `PROVIDERS`), in the table's order. */
export const KNOWN_PROVIDERS: readonly string[] = Object.values(PROVIDERS).flat();
/** The TYPE_IDs that decide a channel (mapping.ts `BY_TYPE`): '1', '2', '3', '4' (integer keys keep ascending order). */
const TYPED = Object.keys(BY_TYPE);

/** DIRECTION (crm.enum.activitydirection): 1 incoming, 2 outgoing, 0 undefined. */
const DIRECTION: Readonly<Record<Direction, string>> = { in: '1', out: '2', none: '0' };

/** A filter instant as Bitrix24 writes dates: ISO 8601 with an offset, seconds precision (`2026-01-01T00:00:00+00:00`). */
export function bitrixDate(t: Instant): string {
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 19)}+00:00`;
}

export type BitrixFilter = Record<string, unknown>;

/** `BINDINGS` pairs of a client. */
export function clientBinding(client: ClientRef): { OWNER_TYPE_ID: number; OWNER_ID: string } {
  return { OWNER_TYPE_ID: OWNER_TYPE[client.type], OWNER_ID: client.id };
}

/** The `crm.item.list` filter of a client's deals or invoices: `companyId`, or `contactIds` (secondary contacts included). */
export function itemClientFilter(client: ClientRef): BitrixFilter {
  // `contactId` matches the primary contact only (like crm.deal.list's CONTACT_ID, RU-DOCS issue #73);
  // `contactIds` (filterable in crm.item.list since 2025-03-26, whats-new.md) matches any contact.
  return client.type === 'company' ? { companyId: Number(client.id) } : { contactIds: Number(client.id) };
}

/**
 * Disjoint `crm.activity.list` filters whose union is the activities `filter` matches. `[]` when
 * nothing can match (an empty deal set, an impossible date range). `dealPipeline` (deal id →
 * pipeline, the client's deals) resolves a `pipelines` restriction into deals.
 */
export function activityFilterParts(filter: RecordFilter, dealPipeline?: ReadonlyMap<string, string>): BitrixFilter[] {
  assertFilterFits('activity', filter);
  const base: BitrixFilter = {};
  // Dates: activities have only createdAt; several conditions intersect.
  let from = -Infinity;
  let to = Infinity;
  for (const c of filter.dates ?? []) {
    if (c.from !== undefined) from = Math.max(from, c.from);
    if (c.to !== undefined) to = Math.min(to, c.to);
  }
  if (from >= to) return [];
  if (from > -Infinity) base['>=CREATED'] = bitrixDate(from);
  if (to < Infinity) base['<CREATED'] = bitrixDate(to);
  if (filter.directions?.length) base['@DIRECTION'] = [...new Set(filter.directions.map((d) => DIRECTION[d]))];
  if (filter.completed !== undefined) base['COMPLETED'] = filter.completed ? 'Y' : 'N';

  // Bound deals: `dealIds` ∩ deals of `pipelines`. The client's own binding is implied (they are
  // the client's deals) and cannot be ANDed with them: BINDINGS pairs are ORed.
  let deals: string[] | undefined = filter.dealIds?.length ? filter.dealIds.filter((id) => id !== NO_DEAL) : undefined;
  if (filter.pipelines?.length) {
    const wanted = new Set(filter.pipelines);
    const inPipelines = [...(dealPipeline ?? new Map<string, string>())].filter(([, p]) => wanted.has(p)).map(([id]) => id);
    const allowed = new Set(inPipelines);
    deals = deals ? deals.filter((id) => allowed.has(id)) : inPipelines;
  }
  if (deals !== undefined) {
    if (deals.length === 0) return [];
    base['BINDINGS'] = [...new Set(deals)].map((id) => ({ OWNER_TYPE_ID: OWNER_TYPE.deal, OWNER_ID: id }));
  } else {
    base['BINDINGS'] = [clientBinding(filter.client)];
  }

  if (!filter.channels?.length) return [base];
  const channels = new Set(filter.channels);
  const providers = [...channels].flatMap((c) => PROVIDERS[c] ?? []);
  const types = [...channels].flatMap((c) => TYPED.filter((t) => BY_TYPE[t] === c));
  const parts: BitrixFilter[] = [];
  if (providers.length) parts.push({ ...base, '@PROVIDER_ID': providers });
  if (types.length) parts.push({ ...base, '!@PROVIDER_ID': KNOWN_PROVIDERS, '@TYPE_ID': types });
  if (channels.has('other')) parts.push({ ...base, '!@PROVIDER_ID': KNOWN_PROVIDERS, '!@TYPE_ID': TYPED });
  return parts;
}
