/**
 * The Bitrix24 `CrmAdapter`: the real REST API through a webhook or from inside a portal frame.
 *
 * Plan for one profile (research note §3.9), every call going through one `CommandQueue` so that
 * the header and all widgets share `batch` requests:
 * - Reference data (pipelines, stages, currencies, rates) once per adapter: 2 requests.
 * - The client's deals (`crm.item.list`, entityTypeId 2) and smart invoices (entityTypeId 31) are
 *   read whole, 50 rows a page, every page after the first in one batch (2 500 deals = 50 pages =
 *   one request), and kept for `cacheTtlMs`. Deal and invoice numbers, lists and sums are then
 *   computed here with the core's reference semantics (`compileFilter`, `aggregateRecords`): exact
 *   per currency, and identical to the demo source by construction.
 * - Invoice paid dates: `crm.stage.history.list` rows entering the paid (S) stage, 50 invoices per
 *   command (`movedTime` of an invoice in its paid stage when history has no row).
 * - Activities (up to 100 000 per client) are never read whole for numbers: every count is one
 *   `crm.activity.list` command with `select: [ID, CREATED]`, ordered by CREATED descending, read
 *   through `total` (the first row gives "latest activity" for tie-breaks); a per-channel count is
 *   a handful of such commands in the same batch.
 * So a full profile costs 3 requests once reference data is cached (4 when invoices exceed 50).
 *
 * Secondary contacts: a contact's deals are filtered with `contactIds` (any contact of the deal),
 * never `contactId` / crm.deal.list's `CONTACT_ID`, which match only the primary contact.
 */
import type { Client, ClientRef, Deal, Instant, Invoice, RecordKind, RecordOfKind, ReferenceData, Stage } from '../../core/model.js';
import { CHANNELS } from '../../core/model.js';
import type {
  AggregateQuery, AggregateResult, AggregateRow, RecordFilter, RecordPage, RecordQuery,
} from '../../core/query.js';
import { assertQueryFits } from '../../core/query-fit.js';
import { aggregateRecords, compareRecords, compileFilter } from '../../core/records.js';
import { ANSWERS_CHECKED, type CrmAdapter } from '../adapter.js';
import { AdapterError, cancelled } from '../errors.js';
import { Bitrix24Client, WebhookTransport, type FetchLike, type ThrottleOptions, type Transport } from './client.js';
import { activityFilterParts, itemClientFilter } from './filters.js';
import {
  arrayOf, fail, mapActivity, mapCompany, mapContact, mapDeal, mapInvoice, mapPipelines, mapRates, mapStages,
  paidAtFromStageHistory, stageMap, type MappingContext,
} from './mapping.js';
import { CommandQueue } from './queue.js';

/**
 * Pages of activities (`records` of kind activity: the detail panel's lists, which no first paint
 * reads) are read by activities.ts, a chunk loaded on the first such page.
 * @internal Replaced by the tests to make it fail.
 */
export const bitrix24AdapterChunks = { activities: (): Promise<typeof import('./activities.js')> => import('./activities.js') };

export interface Bitrix24AdapterOptions {
  /** A ready client (frame transport, custom throttle…). */
  readonly client?: Bitrix24Client;
  /** Or a transport to build the client on. */
  readonly transport?: Transport;
  /** Or an incoming webhook URL `https://{portal}/rest/{user}/{code}/` (a credential: see README). */
  readonly webhookUrl?: string;
  /** `fetch` for the webhook transport (tests, proxies). */
  readonly fetch?: FetchLike;
  /** Rate limit of the portal (default 2 requests/s, burst 50; Enterprise 5/250). */
  readonly throttle?: ThrottleOptions;
  /** Portal host for record links (default: the transport's label, i.e. the portal host). */
  readonly portal?: string;
  /** How long a client's deals and invoices are reused (default 60 000 ms; `invalidate()` drops them). */
  readonly cacheTtlMs?: number;
  /** How long calls wait to share a batch (default 10 ms). */
  readonly batchDelayMs?: number;
  /** Receives non-fatal data problems (unknown stage, unknown currency…). Default: `console.warn` once per message. */
  readonly onIssue?: (message: string) => void;
  /** The clock (tests). */
  readonly clock?: () => number;
}

const DEAL_SELECT = ['id', 'title', 'categoryId', 'stageId', 'stageSemanticId', 'opportunity', 'currencyId', 'createdTime', 'closedate', 'movedTime', 'closed', 'assignedById'];
const INVOICE_SELECT = ['id', 'title', 'categoryId', 'stageId', 'opportunity', 'currencyId', 'createdTime', 'closedate', 'movedTime', 'parentId2', 'assignedById'];
const ACTIVITY_SELECT = ['ID', 'OWNER_ID', 'OWNER_TYPE_ID', 'TYPE_ID', 'PROVIDER_ID', 'DIRECTION', 'COMPLETED', 'CREATED', 'SUBJECT', 'RESPONSIBLE_ID', 'BINDINGS'];
const PAGE = 50;

/** The first of the rows of each id, in order. */
function firstOfEach<T>(rows: readonly T[], idOf: (row: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const id = idOf(r);
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

interface Snapshot {
  readonly at: number;
  readonly deals: Promise<Deal[]>;
  readonly invoices: Promise<Invoice[]>;
}

interface Reference {
  readonly data: ReferenceData;
  readonly stages: ReadonlyMap<string, Stage>;
}

/** Rows of a `crm.item.list` / `crm.stage.history.list` result (`{items: [...]}`). */
function itemsOf(result: unknown, method: string): unknown[] {
  const items = Array.isArray(result) ? result : (result as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items : fail(method, 'expected a list of items');
}


/** Waits for a shared promise, giving up (not cancelling it) when this caller's signal aborts (as the REST adapter's `abortable`). */
function within<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(cancelled(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}


export class Bitrix24Adapter implements CrmAdapter {
  /** Every row is mapped (and checked) into the model. */
  readonly [ANSWERS_CHECKED] = true;
  readonly label: string;
  readonly maxPageSize = PAGE;
  readonly client: Bitrix24Client;
  readonly #queue: CommandQueue;
  readonly #ttl: number;
  readonly #clock: () => number;
  readonly #portal: string;
  readonly #onIssue: (message: string) => void;
  readonly #snapshots = new Map<string, Snapshot>();
  #reference: Promise<Reference> | undefined;

  constructor(options: Bitrix24AdapterOptions) {
    let client = options.client;
    if (!client) {
      const transport = options.transport
        ?? (options.webhookUrl !== undefined ? new WebhookTransport(options.webhookUrl, options.fetch ? { fetch: options.fetch } : {}) : undefined);
      if (!transport) throw new TypeError('Bitrix24Adapter needs a client, a transport or a webhookUrl.');
      client = new Bitrix24Client({ transport, ...(options.throttle ? { throttle: options.throttle } : {}) });
    }
    this.client = client;
    this.label = `Bitrix24 (${client.label})`;
    this.#portal = options.portal ?? client.label;
    this.#queue = new CommandQueue(client, { delayMs: options.batchDelayMs ?? 10 });
    this.#ttl = options.cacheTtlMs ?? 60_000;
    this.#clock = options.clock ?? (() => Date.now());
    const seen = new Set<string>();
    this.#onIssue = options.onIssue ?? ((m) => {
      if (seen.has(m)) return;
      seen.add(m);
      console.warn(`crm-profile-widgets: ${this.label}: ${m}`);
    });
  }

  /** Forgets the clients' deals and invoices read so far (the next question reads them again). */
  invalidate(): void {
    this.#snapshots.clear();
  }

  #ctx(stages?: ReadonlyMap<string, Stage>): MappingContext {
    return { portal: this.#portal, ...(stages ? { stages } : {}), onIssue: this.#onIssue };
  }

  // ---- Reference data ---------------------------------------------------------------------------

  referenceData(signal?: AbortSignal): Promise<ReferenceData> {
    return within(this.#ref(), signal).then((r) => r.data);
  }

  #ref(): Promise<Reference> {
    if (!this.#reference) {
      const p = this.#loadReference();
      this.#reference = p;
      p.catch(() => { if (this.#reference === p) this.#reference = undefined; });
    }
    return this.#reference;
  }

  async #loadReference(): Promise<Reference> {
    const q = this.#queue;
    const [base, currencies, dealCats, invoiceCats] = await Promise.all([
      q.call('crm.currency.base.get'),
      q.call('crm.currency.list', { order: { SORT: 'ASC' } }),
      q.call('crm.category.list', { entityTypeId: 2 }),
      q.call('crm.category.list', { entityTypeId: 31 }),
    ]);
    const rates = mapRates(arrayOf(currencies.result, 'crm.currency.list result'), base.result, { onIssue: this.#onIssue });
    const pipelines = mapPipelines(dealCats.result, 'crm.category.list(2) result');
    const invoicePipelines = mapPipelines(invoiceCats.result, 'crm.category.list(31) result');
    // One directory per call (ENTITY_ID must be a string): DEAL_STAGE for pipeline 0, DEAL_STAGE_n, SMART_INVOICE_STAGE_n.
    const directories = [
      ...pipelines.map((p) => (p.id === '0' ? 'DEAL_STAGE' : `DEAL_STAGE_${p.id}`)),
      ...invoicePipelines.map((p) => `SMART_INVOICE_STAGE_${p.id}`),
    ];
    const statusLists = await Promise.all(directories.map((d) => q.call('crm.status.list', { order: { SORT: 'ASC' }, filter: { ENTITY_ID: d } })));
    const rows = statusLists.flatMap((s, i) => {
      if (!Array.isArray(s.result)) throw new AdapterError('invalid-data', `crm.status.list(${directories[i]}) result: expected an array`, { field: 'crm.status.list result' });
      return s.result as unknown[];
    });
    const stages = mapStages(rows);
    return {
      data: { pipelines, stages, currencies: rates.currencies, baseCurrency: rates.baseCurrency, rates: rates.rates },
      stages: stageMap(stages),
    };
  }

  // ---- The client -------------------------------------------------------------------------------

  async getClient(ref: ClientRef, signal?: AbortSignal): Promise<Client> {
    checkRef(ref);
    const method = ref.type === 'contact' ? 'crm.contact.get' : 'crm.company.get';
    const r = await this.#queue.call(method, { id: ref.id }, signal);
    if (r.result === null || typeof r.result !== 'object' || Array.isArray(r.result)) {
      throw new AdapterError('not-found', `Bitrix24 has no ${ref.type} with id ${ref.id}.`);
    }
    if (ref.type === 'company') return mapCompany(r.result, this.#ctx());
    const contact = mapContact(r.result, this.#ctx());
    // crm.contact.get gives COMPANY_ID without the company's name: ask for it (it shares the next batch).
    if (contact.company && !contact.company.name) {
      const company = await this.#queue.call<{ TITLE?: unknown } | null>('crm.company.get', { id: contact.company.id }, signal).catch((e: unknown) => {
        if (e instanceof AdapterError && e.kind === 'aborted') throw e;
        return undefined; // not allowed to read companies: the card shows the position alone
      });
      const title = typeof company?.result?.TITLE === 'string' ? company.result.TITLE.trim() : '';
      return title ? { ...contact, company: { ...contact.company, name: title } } : contact;
    }
    return contact;
  }

  // ---- Deals and invoices of a client -----------------------------------------------------------

  #snapshot(client: ClientRef): Snapshot {
    checkRef(client);
    const key = `${client.type}:${client.id}`;
    const now = this.#clock();
    const cached = this.#snapshots.get(key);
    if (cached && now - cached.at < this.#ttl) return cached;
    const ref = this.#ref();
    const deals = Promise.all([ref, this.#listItems(2, client, DEAL_SELECT)])
      .then(([r, rows]) => rows.map((row, i) => mapDeal(row, this.#ctx(r.stages), `crm.item.list(2) items[${i}]`)));
    const invoices = Promise.all([ref, this.#listItems(31, client, INVOICE_SELECT)])
      .then(([r, rows]) => this.#mapInvoices(rows, r.stages));
    const snapshot: Snapshot = { at: now, deals, invoices };
    this.#snapshots.set(key, snapshot);
    const forget = () => { if (this.#snapshots.get(key) === snapshot) this.#snapshots.delete(key); };
    deals.catch(forget);
    invoices.catch(forget);
    return snapshot;
  }

  /** Every row of a client's items, ordered by id: the first page, then all others in one batch. */
  async #listItems(entityTypeId: 2 | 31, client: ClientRef, select: readonly string[]): Promise<unknown[]> {
    const method = 'crm.item.list';
    const params = { entityTypeId, filter: itemClientFilter(client), select, order: { id: 'ASC' } };
    const first = await this.#queue.call(method, { ...params, start: 0 });
    const rows = itemsOf(first.result, method);
    let next = first.next;
    const total = first.total ?? rows.length;
    if (next !== undefined && total > rows.length) {
      const starts: number[] = [];
      for (let s = next; s < total; s += PAGE) starts.push(s);
      const pages = await Promise.all(starts.map((start) => this.#queue.call(method, { ...params, start })));
      for (const p of pages) rows.push(...itemsOf(p.result, method));
      next = pages.length ? pages[pages.length - 1]!.next : next;
      // Rows added while we read: keep reading from where the last page pointed.
      while (next !== undefined) {
        const p = await this.#queue.call(method, { ...params, start: next });
        const more = itemsOf(p.result, method);
        rows.push(...more);
        next = more.length ? p.next : undefined;
      }
    }
    // A row that moved between pages while we read would appear twice: keep the first.
    return firstOfEach(rows, (r) => String((r as { id?: unknown } | null)?.id ?? ''));
  }

  async #mapInvoices(rows: readonly unknown[], stages: ReadonlyMap<string, Stage>): Promise<Invoice[]> {
    const path = (i: number) => `crm.item.list(31) items[${i}]`;
    const ctx = this.#ctx(stages);
    // First without paid dates, to learn which invoices are paid.
    const plain = rows.map((row, i) => mapInvoice(row, ctx, { path: path(i) }));
    const paid = plain.filter((inv) => inv.semantic === 'paid').map((inv) => inv.id);
    const history = new Map<string, unknown[]>();
    const chunks: string[][] = [];
    for (let i = 0; i < paid.length; i += PAGE) chunks.push(paid.slice(i, i + PAGE));
    await Promise.all(chunks.map(async (ids) => {
      const params = {
        entityTypeId: 31, filter: { '@OWNER_ID': ids.map(Number), STAGE_SEMANTIC_ID: 'S' },
        select: ['OWNER_ID', 'CREATED_TIME', 'STAGE_SEMANTIC_ID'], order: { ID: 'ASC' },
      };
      let start: number | undefined = 0;
      while (start !== undefined) {
        const r: { result: unknown; next?: number } = await this.#queue.call('crm.stage.history.list', { ...params, start });
        const items = itemsOf(r.result, 'crm.stage.history.list');
        for (const item of items) {
          const owner = String((item as { OWNER_ID?: unknown } | null)?.OWNER_ID ?? '');
          const list = history.get(owner);
          if (list) list.push(item);
          else history.set(owner, [item]);
        }
        start = items.length ? r.next : undefined;
      }
    }));
    return plain.map((inv, i) => {
      if (inv.semantic !== 'paid') return inv;
      const fromHistory = paidAtFromStageHistory(history.get(inv.id) ?? [], inv.id);
      // No history row (imported invoice): it entered its paid stage at its last stage move.
      const moved = (rows[i] as { movedTime?: unknown }).movedTime;
      const paidAt: Instant | undefined = fromHistory ?? (typeof moved === 'string' && moved ? Date.parse(moved) : undefined);
      return paidAt !== undefined && Number.isFinite(paidAt) ? { ...inv, paidAt } : inv;
    });
  }

  async #dealPipeline(client: ClientRef, signal?: AbortSignal): Promise<Map<string, string>> {
    const deals = await within(this.#snapshot(client).deals, signal);
    return new Map(deals.map((d) => [d.id, d.pipelineId]));
  }

  // ---- QuerySource ----------------------------------------------------------------------------------

  async records<K extends RecordKind>(query: RecordQuery<K>, signal?: AbortSignal): Promise<RecordPage<K>> {
    const { offset, limit } = query.page;
    if (!(Number.isInteger(offset) && offset >= 0 && Number.isInteger(limit) && limit >= 1 && limit <= PAGE)) {
      throw new RangeError(`Bitrix24 pages hold 1 to ${PAGE} records from a non-negative offset; got offset ${offset}, limit ${limit}.`);
    }
    if (query.kind === 'activity') {
      const filter = query.filter;
      const [{ activityPage }, dealPipeline] = await Promise.all([
        bitrix24AdapterChunks.activities().catch(() => {
          throw new AdapterError('network', `Bitrix24 (${this.client.label}): the code that reads pages of activities could not be loaded. Check the connection and try again.`);
        }),
        filter.pipelines?.length ? this.#dealPipeline(filter.client, signal) : undefined,
      ]);
      return (await activityPage(query as RecordQuery<'activity'>, activityFilterParts(filter, dealPipeline), {
        list: (part, order, start) => this.#queue.call('crm.activity.list', { filter: part, select: ACTIVITY_SELECT, order, start }, signal),
        map: (rows) => arrayOf(rows, 'crm.activity.list result').map((r, i) => mapActivity(r, this.#ctx(), `crm.activity.list result[${i}]`)),
        firstOfEach,
      })) as RecordPage<K>;
    }
    const matching = (await this.#matching(query.kind as 'deal' | 'invoice', query.filter, signal)) as RecordOfKind[K][];
    if (query.sort) matching.sort(compareRecords(query.sort));
    return { items: matching.slice(offset, offset + limit), total: matching.length };
  }

  async aggregate(queries: readonly AggregateQuery[], signal?: AbortSignal): Promise<readonly AggregateResult[]> {
    for (const q of queries) assertQueryFits(q);
    // Activity commands are queued first (same tick) so they share the batch of the first pages.
    return Promise.all(queries.map((q) => (q.kind === 'activity' ? this.#activityAggregate(q, signal) : this.#localAggregate(q, signal))));
  }

  async #localAggregate(q: AggregateQuery, signal?: AbortSignal): Promise<AggregateResult> {
    return aggregateRecords(q as AggregateQuery & { kind: 'deal' | 'invoice' }, await this.#matching(q.kind as 'deal' | 'invoice', q.filter, signal));
  }

  /** The client's deals or invoices (read once, see `#snapshot`) that `filter` matches. */
  async #matching(kind: 'deal' | 'invoice', filter: RecordFilter, signal?: AbortSignal): Promise<(Deal | Invoice)[]> {
    const snap = this.#snapshot(filter.client);
    const all = await within<(Deal | Invoice)[]>(kind === 'deal' ? snap.deals : snap.invoices, signal);
    return all.filter(compileFilter(kind, filter) as (r: Deal | Invoice) => boolean);
  }

  async #activityAggregate(q: AggregateQuery, signal?: AbortSignal): Promise<AggregateResult> {
    const f = q.filter;
    const g = q.groupBy;
    const needPipelines = g === 'pipeline' || (f.pipelines?.length ?? 0) > 0;
    const dealPipeline = needPipelines ? await this.#dealPipeline(f.client, signal) : undefined;
    const groups: { key: string; filter: RecordFilter }[] = [];
    if (g === undefined) groups.push({ key: '', filter: f });
    else if (g === 'channel') {
      for (const c of CHANNELS) if (!f.channels?.length || f.channels.includes(c)) groups.push({ key: c, filter: { ...f, channels: [c] } });
    } else if (g === 'pipeline') {
      for (const p of [...new Set(dealPipeline!.values())].sort()) {
        if (!f.pipelines?.length || f.pipelines.includes(p)) groups.push({ key: p, filter: { ...f, pipelines: [p] } });
      }
    } else if (typeof g === 'object') {
      g.keys.forEach((key, i) => groups.push({ key, filter: { ...f, dates: [...(f.dates ?? []), { fields: ['createdAt'], from: g.edges[i]!, to: g.edges[i + 1]! }] } }));
    }
    const rows = await Promise.all(groups.map(async ({ key, filter }): Promise<AggregateRow> => {
      const parts = activityFilterParts(filter, dealPipeline);
      const answers = await Promise.all(parts.map((part) => this.#queue.call<unknown>('crm.activity.list', {
        filter: part, select: ['ID', 'CREATED'], order: { CREATED: 'DESC' }, start: 0,
      }, signal)));
      let count = 0;
      let lastCreatedAt: number | null = null;
      answers.forEach((a) => {
        const first = Array.isArray(a.result) ? (a.result[0] as { CREATED?: unknown } | undefined) : undefined;
        count += a.total ?? (Array.isArray(a.result) ? a.result.length : 0);
        const t = typeof first?.CREATED === 'string' ? Date.parse(first.CREATED) : NaN;
        if (Number.isFinite(t) && (lastCreatedAt === null || t > lastCreatedAt)) lastCreatedAt = t;
      });
      return { key, count, amounts: {}, withoutAmount: 0, lastCreatedAt };
    }));
    const nonEmpty = rows.filter((r) => r.count > 0 || g === undefined);
    if (typeof g !== 'object') nonEmpty.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { rows: nonEmpty };
  }
}

function checkRef(ref: ClientRef): void {
  if ((ref.type !== 'contact' && ref.type !== 'company') || !/^[1-9]\d{0,17}$/.test(String(ref.id))) {
    throw new AdapterError('invalid-data', `A Bitrix24 client is a contact or company with a numeric id; got ${JSON.stringify(ref.type)} ${JSON.stringify(ref.id)}.`, { field: 'client' });
  }
}
