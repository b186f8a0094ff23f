/**
 * The demo dataset (src/adapters/demo/generate.ts) seen as a Bitrix24 portal: its records as the
 * rows of `crm.item.list`, `crm.activity.list`, `crm.stage.history.list`, `crm.contact.get`, … with
 * Bitrix24's keys and value types. Pure TypeScript, no Node imports.
 *
 * Shapes follow the fixtures in test/fixtures/bitrix24/ (copies of /work/shared/fixtures/bitrix24,
 * taken from the official REST docs); "Fx: name" below points to one. Ids are the demo's own
 * ("1", "2", …), as numbers where Bitrix24 gives numbers (crm.item.*, stage history) and as strings
 * where it gives strings (legacy methods). Stage ids are already in Bitrix24 form in the demo data
 * (`NEW`, `C1:WON`, `DT31_1:P`), so they are served unchanged.
 */
import type { DemoActivity, DemoDataset, DemoDeal, DemoInvoice } from '../../src/adapters/demo/generate.js';
import type { Channel, Client, Money, Person, Stage } from '../../src/core/model.js';
import { currencyExponent, toDecimalString } from '../../src/core/money.js';
import { Table, asObject, dateOnly, isoAt, mergeSorted, norm, type FieldDef } from './query.js';

export interface RowsOptions {
  /** The portal's UTC offset in minutes (Moscow, +180, as most fixtures). */
  readonly offsetMinutes: number;
  /**
   * Serve the exact instants of the demo data in the `date` fields `closedate` (closed deals'
   * close moment, invoices' due moment) instead of the calendar day Bitrix24 stores. Off by
   * default (the real shape); on, an adapter that reads `closedate` gets the demo adapter's numbers.
   */
  readonly exactDates: boolean;
}

const DAY = 86_400_000;

/** Bitrix24 entity type ids (crm.enum.ownertype.json). */
export const ENTITY = { deal: 2, contact: 3, company: 4, invoice: 31 } as const;

/**
 * Demo channel → crm.activity.list TYPE_ID (crm.enum.activitytype.json: 1 meeting, 2 call, 3 task,
 * 4 e-mail, 6 provider-managed), PROVIDER_ID and PROVIDER_TYPE_ID (research note §3.6).
 */
export const CHANNEL_TYPES: Readonly<Record<Channel, { readonly typeId: number; readonly providerId: string; readonly providerTypeId: string }>> = {
  call: { typeId: 2, providerId: 'VOXIMPLANT_CALL', providerTypeId: 'CALL' },
  email: { typeId: 4, providerId: 'CRM_EMAIL', providerTypeId: 'EMAIL' },
  meeting: { typeId: 1, providerId: 'CRM_MEETING', providerTypeId: 'MEETING' },
  chat: { typeId: 6, providerId: 'IMOPENLINES_SESSION', providerTypeId: '1' }, // open line id
  sms: { typeId: 6, providerId: 'CRM_SMS', providerTypeId: 'SMS' },
  webform: { typeId: 6, providerId: 'CRM_WEBFORM', providerTypeId: '1' }, // form id
  task: { typeId: 3, providerId: 'CRM_TASKS_TASK', providerTypeId: 'TASKS_TASK' },
  todo: { typeId: 6, providerId: 'CRM_TODO', providerTypeId: 'TODO' },
  other: { typeId: 6, providerId: 'REST_APP', providerTypeId: 'DEMO_EVENT' },
};

/** How long an activity lasts (END_TIME − START_TIME), in ms. */
const DURATION: Partial<Record<Channel, number>> = { call: 5 * 60_000, meeting: 60 * 60_000 };

/** Demo industries → Bitrix24 INDUSTRY directory codes (default codes where one exists, `UC_…` like a portal's own entries). */
const INDUSTRY_CODES: Readonly<Record<string, string>> = {
  'Information technology': 'IT', Telecommunications: 'TELECOM', Manufacturing: 'MANUFACTURING',
  Consulting: 'CONSULTING', Finance: 'FINANCE', Logistics: 'DELIVERY',
};
const industryCode = (name: string): string =>
  INDUSTRY_CODES[name] ?? `UC_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '')}`;

/** crm.currency.list FULL_NAME and FORMAT_STRING (Fx: crm.currency.list.json). */
const CURRENCY_META: Readonly<Record<string, readonly [name: string, format: string]>> = {
  EUR: ['Euro', '# €'], USD: ['US Dollar', '$#'], GBP: ['British Pound Sterling', '£#'],
  RUB: ['Russian Ruble', '# ₽'], JPY: ['Japanese Yen', '¥#'], KWD: ['Kuwaiti Dinar', '# KWD'],
};

/** Stage colours of a fresh portal (Fx: crm.status.list.json). */
const STAGE_COLORS = ['#39A8EF', '#2FC6F6', '#55D0E0', '#47E4C2', '#FFA900', '#22B9FF'];
const SUCCESS_COLOR = '#7BD500';
const FAILURE_COLOR = '#FF5752';

/** A stage history row (crm.stage.history.list, Fx: crm.stage.history.list.json). */
export interface HistoryRow {
  readonly id: number;
  /** 1 created, 2 intermediate stage, 3 final stage. */
  readonly typeId: number;
  readonly ownerId: number;
  readonly at: number;
  readonly categoryId: number;
  readonly semantic: 'P' | 'S' | 'F';
  readonly stageId: string;
}

/** A crm.status.list row (Fx: crm.status.list.json, crm.status.list.spa-stages-semantics.json). */
export interface StatusRow {
  readonly id: number;
  readonly entityId: string;
  readonly statusId: string;
  readonly name: string;
  readonly sort: number;
  readonly system: boolean;
  readonly categoryId: string | null;
  readonly color: string | null;
  readonly semantics: 'S' | 'F' | null;
  /** Deal stages only: `EXTRA.SEMANTICS` process / success / failure / apology. */
  readonly extra?: string;
}

export interface UserRow {
  readonly id: number;
  readonly first: string;
  readonly last: string;
}

const id = (s: string | undefined): number => (s === undefined ? 0 : Number(s));
const dealSemantic = { open: 'P', won: 'S', lost: 'F' } as const;
const invoiceCategory = (stageId: string): number => Number(/^DT31_(\d+):/.exec(stageId)?.[1] ?? 0);
/** "Julien Lefèvre" → ["Julien", "Lefèvre"]. */
const splitName = (name: string): [string, string] => {
  const i = name.indexOf(' ');
  return i < 0 ? [name, ''] : [name.slice(0, i), name.slice(i + 1)];
};
const amountNumber = (m: Money | null): number => (m ? Number(toDecimalString(m)) : 0);

/**
 * `AMOUNT` / `AMOUNT_CNT` for a rate (units of base per unit): AMOUNT has 4 decimals as in the
 * fixture ("68.7900"); rates with more decimals are quoted per 10ⁿ units, so AMOUNT/AMOUNT_CNT is
 * exactly the demo rate: "0.010638" → AMOUNT_CNT "100", AMOUNT "1.0638".
 */
export function currencyAmount(rate: string): { amountCnt: string; amount: string } {
  const [int = '0', frac = ''] = rate.split('.');
  const shift = Math.max(0, frac.length - 4);
  const digits = int + frac;
  const point = int.length + shift;
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  return { amountCnt: String(10 ** shift), amount: `${whole}.${digits.slice(point).padEnd(4, '0')}` };
}

/** Everything the emulator serves, built from one demo dataset (tables are built on first use). */
export class DemoRows {
  readonly data: DemoDataset;
  readonly #o: RowsOptions;
  readonly #dealById = new Map<string, DemoDeal>();
  readonly #invoiceById = new Map<string, DemoInvoice>();
  #activityPos?: Map<string, number>;
  readonly #dealClientCache: (readonly number[] | undefined)[] = [];
  readonly #dealClientMap = new Map<string, readonly number[]>();
  readonly #clients = new Map<string, Client>();
  /** Multifield ids (`PHONE[].ID`) per client key. */
  readonly #fmBase = new Map<string, number>();
  readonly #origin: number;
  #deals?: Table<DemoDeal>;
  #invoices?: Table<DemoInvoice>;
  #activities?: Table<DemoActivity>;
  #bindingIndex?: Map<number, Map<number, number[]>>;
  #history?: Map<number, Table<HistoryRow>>;
  #statuses?: Table<StatusRow>;
  #users?: Table<UserRow>;

  constructor(data: DemoDataset, options: RowsOptions) {
    this.data = data;
    this.#o = options;
    for (const d of data.deals) this.#dealById.set(d.id, d);
    for (const i of data.invoices) this.#invoiceById.set(i.id, i);
    let fm = 1;
    for (const c of data.clients) {
      const key = `${c.type}:${c.id}`;
      this.#clients.set(key, c);
      this.#fmBase.set(key, fm);
      fm += c.emails.length + c.phones.length + (c.website ? 1 : 0);
    }
    const first = Math.min(data.now, data.deals[0]?.createdAt ?? data.now, data.activities[0]?.createdAt ?? data.now);
    this.#origin = Math.floor(first / 1000) * 1000 - 30 * DAY;
  }

  iso = (ms: number): string => isoAt(ms, this.#o.offsetMinutes);
  #day = (ms: number): number => dateOnly(ms, this.#o.offsetMinutes);
  #closeDate = (ms: number): number => (this.#o.exactDates ? ms : this.#day(ms));

  deal(dealId: string): DemoDeal | undefined {
    return this.#dealById.get(dealId);
  }

  // --- crm.item.list / crm.item.get, entityTypeId 2 ------------------------------------------

  /**
   * Deals as crm.item rows (Fx: crm.item.list.deal.json; keys and types as crm.item.get.lead.json):
   * `contactId` = the primary contact (first of `contactIds`), `contactIds` = all of them,
   * `closedate` = the close day for closed deals (planned: creation + 30 days for open ones),
   * `movedTime` = the close instant (the last stage change) or the creation.
   */
  get deals(): Table<DemoDeal> {
    if (!this.#deals) {
      const base = this.data.reference.baseCurrency;
      const moved = (d: DemoDeal) => d.closedAt ?? d.createdAt;
      const user = (d: DemoDeal) => id(d.responsible?.id) || 1;
      const fields: FieldDef<DemoDeal>[] = [
        { key: 'id', type: 'int', get: (d) => id(d.id), index: true },
        { key: 'title', type: 'str', get: (d) => d.title },
        { key: 'typeId', type: 'str', get: () => 'SALE' },
        { key: 'categoryId', type: 'int', get: (d) => id(d.pipelineId) },
        { key: 'stageId', type: 'str', get: (d) => d.stageId },
        { key: 'stageSemanticId', type: 'str', get: (d) => dealSemantic[d.semantic] },
        { key: 'isNew', type: 'str', get: (d) => (d.stageId.endsWith('NEW') ? 'Y' : 'N') },
        { key: 'isRecurring', type: 'str', get: () => 'N' },
        { key: 'isReturnCustomer', type: 'str', get: () => 'N' },
        { key: 'isRepeatedApproach', type: 'str', get: () => 'N' },
        { key: 'currencyId', type: 'str', get: (d) => d.amount?.currency ?? base },
        { key: 'opportunity', type: 'num', get: (d) => amountNumber(d.amount) },
        { key: 'isManualOpportunity', type: 'str', get: () => 'Y' },
        { key: 'taxValue', type: 'num', get: () => 0 },
        { key: 'companyId', type: 'int', get: (d) => id(d.companyId), index: true },
        { key: 'contactId', type: 'int', get: (d) => id(d.contactIds[0]), index: true },
        { key: 'contactIds', type: 'ints', get: (d) => d.contactIds.map(Number), index: true },
        { key: 'begindate', type: 'date', get: (d) => this.#day(d.createdAt) },
        { key: 'closedate', type: 'date', get: (d) => (d.closedAt !== undefined ? this.#closeDate(d.closedAt) : this.#day(d.createdAt + 30 * DAY)) },
        { key: 'opened', type: 'str', get: () => 'Y' },
        { key: 'closed', type: 'str', get: (d) => (d.semantic === 'open' ? 'N' : 'Y') },
        { key: 'comments', type: 'str', get: () => '' },
        { key: 'assignedById', type: 'int', get: user },
        { key: 'createdBy', type: 'int', get: user },
        { key: 'updatedBy', type: 'int', get: user },
        { key: 'movedBy', type: 'int', get: user },
        { key: 'createdTime', type: 'date', get: (d) => d.createdAt },
        { key: 'updatedTime', type: 'date', get: moved },
        { key: 'movedTime', type: 'date', get: moved },
        { key: 'sourceId', type: 'str', get: () => 'WEB' },
        { key: 'sourceDescription', type: 'str', get: () => '' },
        { key: 'lastActivityBy', type: 'int', get: user },
        { key: 'lastActivityTime', type: 'date', get: moved },
        { key: 'observers', type: 'raw', get: () => [] },
        { key: 'entityTypeId', type: 'raw', get: () => ENTITY.deal },
      ];
      this.#deals = this.#itemTable(this.data.deals, fields);
    }
    return this.#deals;
  }

  // --- crm.item.list / crm.item.get, entityTypeId 31 (smart invoices) ------------------------

  /**
   * Smart invoices (object-fields.md #invoice; the docs have no list example, research note §3.3):
   * `closedate` = the due date, `parentId2` = the deal, `contactId` / `companyId` = the demo's
   * bindings, `contactIds` = every contact of the deal (an invoice made from a deal copies them),
   * `movedTime` = the payment (entering the paid stage) or the creation. No `stageSemanticId`:
   * invoice semantics come from crm.status.list SMART_INVOICE_STAGE_{n}.
   */
  get invoices(): Table<DemoInvoice> {
    if (!this.#invoices) {
      const base = this.data.reference.baseCurrency;
      const dealOf = (i: DemoInvoice) => (i.dealId !== undefined ? this.#dealById.get(i.dealId) : undefined);
      const user = (i: DemoInvoice) => id(dealOf(i)?.responsible?.id) || 1;
      const moved = (i: DemoInvoice) => i.paidAt ?? i.createdAt;
      const fields: FieldDef<DemoInvoice>[] = [
        { key: 'id', type: 'int', get: (i) => id(i.id), index: true },
        { key: 'title', type: 'str', get: (i) => i.title },
        { key: 'accountNumber', type: 'str', get: (i) => i.id },
        { key: 'categoryId', type: 'int', get: (i) => invoiceCategory(i.stageId) },
        { key: 'stageId', type: 'str', get: (i) => i.stageId },
        { key: 'currencyId', type: 'str', get: (i) => i.amount?.currency ?? base },
        { key: 'opportunity', type: 'num', get: (i) => amountNumber(i.amount) },
        { key: 'isManualOpportunity', type: 'str', get: () => 'N' },
        { key: 'taxValue', type: 'num', get: () => 0 },
        { key: 'begindate', type: 'date', get: (i) => this.#day(i.createdAt) },
        { key: 'closedate', type: 'date', get: (i) => (i.dueAt !== undefined ? this.#closeDate(i.dueAt) : null) },
        { key: 'companyId', type: 'int', get: (i) => id(i.companyId), index: true },
        { key: 'contactId', type: 'int', get: (i) => id(i.contactId), index: true },
        {
          key: 'contactIds', type: 'ints', index: true,
          get: (i) => dealOf(i)?.contactIds.map(Number) ?? (i.contactId !== undefined ? [id(i.contactId)] : []),
        },
        { key: 'mycompanyId', type: 'int', get: () => 0 },
        { key: 'parentId2', type: 'int', get: (i) => id(i.dealId), index: true },
        { key: 'opened', type: 'str', get: () => 'Y' },
        { key: 'assignedById', type: 'int', get: user },
        { key: 'createdBy', type: 'int', get: user },
        { key: 'updatedBy', type: 'int', get: user },
        { key: 'movedBy', type: 'int', get: user },
        { key: 'createdTime', type: 'date', get: (i) => i.createdAt },
        { key: 'updatedTime', type: 'date', get: moved },
        { key: 'movedTime', type: 'date', get: moved },
        { key: 'observers', type: 'raw', get: () => [] },
        { key: 'entityTypeId', type: 'raw', get: () => ENTITY.invoice },
      ];
      this.#invoices = this.#itemTable(this.data.invoices, fields);
    }
    return this.#invoices;
  }

  #itemTable<R>(rows: readonly R[], fields: FieldDef<R>[]): Table<R> {
    return new Table({
      rows, fields, style: 'item', idKey: 'id', offsetMinutes: this.#o.offsetMinutes, strict: true, sortedDateKey: 'createdTime',
    });
  }

  invoice(invoiceId: string): DemoInvoice | undefined {
    return this.#invoiceById.get(invoiceId);
  }

  // --- crm.activity.list ---------------------------------------------------------------------

  /**
   * Every CRM item an activity is bound to, as [OWNER_TYPE_ID, OWNER_ID], primary owner first: its
   * deals (2), direct contacts (3) and companies (4), then — as Bitrix24 shows deal activities in
   * the client's timeline (research note §3.6) — the contacts and company of each of its deals.
   */
  bindingsOf(a: DemoActivity): [number, number][] {
    const flat = this.#bindingsFlat(a);
    const out: [number, number][] = [];
    for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
    return out;
  }

  /**
   * `bindingsOf` as a flat [type, id, type, id, …] list. Hot (a million rows in benchmarks): no
   * closures or per-pair arrays (tsx wraps every closure it creates in a naming helper).
   */
  #bindingsFlat(a: DemoActivity): number[] {
    const out: number[] = [];
    for (let i = 0; i < a.dealIds.length; i++) addPair(out, ENTITY.deal, Number(a.dealIds[i]));
    for (let i = 0; i < a.contactIds.length; i++) addPair(out, ENTITY.contact, Number(a.contactIds[i]));
    for (let i = 0; i < a.companyIds.length; i++) addPair(out, ENTITY.company, Number(a.companyIds[i]));
    for (let i = 0; i < a.dealIds.length; i++) {
      const clients = this.#dealClients(a.dealIds[i]!);
      for (let k = 0; k < clients.length; k += 2) addPair(out, clients[k]!, clients[k + 1]!);
    }
    return out;
  }

  /** A deal's contacts and company as a flat [3, id, …, 4, id] list, cached. */
  #dealClients(dealId: string): readonly number[] {
    // Demo deal ids are their position + 1 (an array cache); other ids go through a map.
    const n = Number(dealId);
    const byPosition = this.data.deals[n - 1]?.id === dealId;
    let list = byPosition ? this.#dealClientCache[n - 1] : this.#dealClientMap.get(dealId);
    if (!list) {
      const d = byPosition ? this.data.deals[n - 1] : this.#dealById.get(dealId);
      const flat: number[] = [];
      for (const c of d?.contactIds ?? []) flat.push(ENTITY.contact, Number(c));
      if (d?.companyId !== undefined) flat.push(ENTITY.company, Number(d.companyId));
      list = flat;
      if (byPosition) this.#dealClientCache[n - 1] = list;
      else this.#dealClientMap.set(dealId, list);
    }
    return list;
  }

  /** Activity positions (ascending) per owner type, then per owner id. */
  #bindings(): Map<number, Map<number, number[]>> {
    if (!this.#bindingIndex) {
      const idx = new Map<number, Map<number, number[]>>();
      const activities = this.data.activities;
      for (let pos = 0; pos < activities.length; pos++) {
        const flat = this.#bindingsFlat(activities[pos]!);
        for (let i = 0; i < flat.length; i += 2) {
          let byId = idx.get(flat[i]!);
          if (!byId) idx.set(flat[i]!, (byId = new Map()));
          const list = byId.get(flat[i + 1]!);
          if (list) list.push(pos);
          else byId.set(flat[i + 1]!, [pos]);
        }
      }
      this.#bindingIndex = idx;
    }
    return this.#bindingIndex;
  }

  /**
   * Activities as crm.activity.list rows (Fx: crm.activity.list.json — every scalar a string).
   * The primary owner (OWNER_TYPE_ID / OWNER_ID) is the deal when there is one, else the contact,
   * else the company. `BINDINGS` is returned only when selected by name.
   */
  get activities(): Table<DemoActivity> {
    if (!this.#activities) {
      const owner = (a: DemoActivity): [number, number] => this.bindingsOf(a)[0] ?? [0, 0];
      const type = (a: DemoActivity) => CHANNEL_TYPES[a.channel];
      const user = (a: DemoActivity) => id(a.responsible?.id) || 1;
      const end = (a: DemoActivity) => a.createdAt + (DURATION[a.channel] ?? 0);
      const fields: FieldDef<DemoActivity>[] = [
        { key: 'ID', type: 'int', get: (a) => id(a.id), index: true },
        { key: 'OWNER_ID', type: 'int', get: (a) => owner(a)[1] },
        { key: 'OWNER_TYPE_ID', type: 'int', get: (a) => owner(a)[0] },
        { key: 'TYPE_ID', type: 'int', get: (a) => type(a).typeId },
        { key: 'PROVIDER_ID', type: 'str', get: (a) => a.providerId ?? type(a).providerId },
        { key: 'PROVIDER_TYPE_ID', type: 'str', get: (a) => type(a).providerTypeId },
        { key: 'PROVIDER_GROUP_ID', type: 'raw', get: () => null },
        { key: 'ASSOCIATED_ENTITY_ID', type: 'int', get: () => 0 },
        { key: 'SUBJECT', type: 'str', get: (a) => a.subject },
        { key: 'CREATED', type: 'date', get: (a) => a.createdAt },
        { key: 'LAST_UPDATED', type: 'date', get: (a) => a.createdAt },
        { key: 'START_TIME', type: 'date', get: (a) => a.createdAt },
        { key: 'END_TIME', type: 'date', get: end },
        { key: 'DEADLINE', type: 'date', get: (a) => a.createdAt },
        { key: 'COMPLETED', type: 'str', get: (a) => (a.completed ? 'Y' : 'N') },
        { key: 'STATUS', type: 'int', get: (a) => (a.completed ? 2 : 1) },
        { key: 'RESPONSIBLE_ID', type: 'int', get: user },
        { key: 'PRIORITY', type: 'int', get: () => 2 },
        { key: 'NOTIFY_TYPE', type: 'int', get: () => 1 },
        { key: 'NOTIFY_VALUE', type: 'int', get: () => 15 },
        { key: 'DESCRIPTION', type: 'str', get: () => '' },
        { key: 'DESCRIPTION_TYPE', type: 'int', get: () => 1 },
        { key: 'DIRECTION', type: 'int', get: (a) => (a.direction === 'in' ? 1 : a.direction === 'out' ? 2 : 0) },
        { key: 'LOCATION', type: 'str', get: () => '' },
        { key: 'SETTINGS', type: 'raw', get: () => [] },
        { key: 'ORIGINATOR_ID', type: 'raw', get: () => null },
        { key: 'ORIGIN_ID', type: 'raw', get: () => null },
        { key: 'AUTHOR_ID', type: 'int', get: user },
        { key: 'EDITOR_ID', type: 'int', get: user },
        { key: 'PROVIDER_PARAMS', type: 'raw', get: () => [] },
        { key: 'PROVIDER_DATA', type: 'raw', get: () => null },
        { key: 'RESULT_MARK', type: 'int', get: () => 0 },
        { key: 'RESULT_VALUE', type: 'raw', get: () => null },
        { key: 'RESULT_SUM', type: 'raw', get: () => null },
        { key: 'RESULT_CURRENCY_ID', type: 'raw', get: () => null },
        { key: 'RESULT_STATUS', type: 'int', get: () => 0 },
        { key: 'RESULT_STREAM', type: 'int', get: () => 0 },
        { key: 'RESULT_SOURCE_ID', type: 'raw', get: () => null },
        { key: 'AUTOCOMPLETE_RULE', type: 'int', get: () => 0 },
        {
          key: 'BINDINGS', type: 'raw', explicitOnly: true,
          get: (a) => this.bindingsOf(a).map(([t, n]) => ({ OWNER_TYPE_ID: String(t), OWNER_ID: String(n) })),
        },
      ];
      this.#activities = new Table({
        rows: this.data.activities, fields, style: 'legacy', idKey: 'ID', offsetMinutes: this.#o.offsetMinutes,
        strict: false, sortedDateKey: 'CREATED', custom: { BINDINGS: (v) => this.#bindingsFilter(v) },
      });
    }
    return this.#activities;
  }

  /**
   * `filter.BINDINGS: [{OWNER_TYPE_ID, OWNER_ID}, …]` (research note §3.6): an activity matches when
   * one of its bindings matches one of the pairs (a pair may hold only one of the two keys). The
   * result is a set of rows, so an activity bound to several pairs comes once.
   */
  #bindingsFilter(value: unknown): { candidates?: readonly number[]; exact?: boolean; test: (a: DemoActivity) => boolean } {
    const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? Object.values(value) : [value];
    const num = (v: unknown): number | undefined => (v === undefined || v === null || v === '' ? undefined : Number(v));
    const pairs = list.map((p) => {
      const o = Object.fromEntries(Object.entries(asObject(p) ?? {}).map(([k, v]) => [norm(k), v]));
      return { t: num(o['ownertypeid']), n: num(o['ownerid']) };
    }).filter((p) => p.t !== undefined || p.n !== undefined);
    if (pairs.length === 0) return { test: () => true };
    const test = (a: DemoActivity) => {
      const flat = this.#bindingsFlat(a);
      for (let i = 0; i < flat.length; i += 2) {
        for (const p of pairs) if ((p.t === undefined || p.t === flat[i]) && (p.n === undefined || p.n === flat[i + 1])) return true;
      }
      return false;
    };
    if (pairs.some((p) => p.t === undefined || p.n === undefined)) return { test };
    const idx = this.#bindings();
    return { candidates: mergeSorted(pairs.map((p) => idx.get(p.t!)?.get(p.n!) ?? [])), exact: true, test };
  }

  activity(activityId: string): DemoActivity | undefined {
    const byPosition = this.data.activities[Number(activityId) - 1];
    if (byPosition?.id === activityId) return byPosition;
    this.#activityPos ??= new Map(this.data.activities.map((a, pos) => [a.id, pos]));
    const pos = this.#activityPos.get(activityId);
    return pos === undefined ? undefined : this.data.activities[pos];
  }

  // --- crm.stage.history.list ----------------------------------------------------------------

  /**
   * Stage history per entity type (2 deals, 31 invoices): per deal a "created" row (TYPE_ID 1, the
   * pipeline's first stage) and, when closed, a final row (TYPE_ID 3, the won/lost stage) at the
   * close instant; per invoice a "created" row in `DT31_{n}:N` and, when paid, a final row entering
   * the S stage at `paidAt`. Ids are unique across both types, in time order. The demo data has no
   * instants for intermediate moves or for declines, so those rows do not exist.
   */
  history(entityTypeId: number): Table<HistoryRow> | undefined {
    if (!this.#history) {
      const drafts: { entity: number; row: HistoryRow }[] = [];
      const add = (entity: number, ownerId: number, categoryId: number, typeId: number, at: number, semantic: HistoryRow['semantic'], stageId: string) =>
        drafts.push({ entity, row: { id: 0, typeId, ownerId, at, categoryId, semantic, stageId } });
      const firstStage = new Map<string, string>();
      for (const s of this.data.reference.stages) if (s.kind === 'deal' && !firstStage.has(s.pipelineId ?? '0')) firstStage.set(s.pipelineId ?? '0', s.id);
      for (const d of this.data.deals) {
        const owner = id(d.id);
        const cat = id(d.pipelineId);
        add(ENTITY.deal, owner, cat, 1, d.createdAt, 'P', firstStage.get(d.pipelineId) ?? `${d.pipelineId === '0' ? '' : `C${d.pipelineId}:`}NEW`);
        if (d.closedAt !== undefined) add(ENTITY.deal, owner, cat, 3, d.closedAt, dealSemantic[d.semantic], d.stageId);
      }
      for (const i of this.data.invoices) {
        const owner = id(i.id);
        const cat = invoiceCategory(i.stageId);
        add(ENTITY.invoice, owner, cat, 1, i.createdAt, 'P', `DT31_${cat}:N`);
        if (i.paidAt !== undefined) add(ENTITY.invoice, owner, cat, 3, i.paidAt, 'S', i.stageId);
      }
      // Ids in time order across both types (a stable sort keeps creation before closing).
      const order = Float64Array.from(drafts, (d) => d.row.at);
      const index = Array.from(drafts, (_, k) => k).sort((a, b) => order[a]! - order[b]! || a - b);
      const byEntity = new Map<number, HistoryRow[]>([[ENTITY.deal, []], [ENTITY.invoice, []]]);
      index.forEach((k, n) => {
        const { entity, row } = drafts[k]!;
        byEntity.get(entity)!.push({ ...row, id: n + 1 });
      });
      const fields: FieldDef<HistoryRow>[] = [
        { key: 'ID', type: 'int', get: (r) => r.id },
        { key: 'TYPE_ID', type: 'int', get: (r) => r.typeId },
        { key: 'OWNER_ID', type: 'int', get: (r) => r.ownerId, index: true },
        { key: 'CREATED_TIME', type: 'date', get: (r) => r.at },
        { key: 'CATEGORY_ID', type: 'int', get: (r) => r.categoryId },
        { key: 'STAGE_SEMANTIC_ID', type: 'str', get: (r) => r.semantic },
        { key: 'STAGE_ID', type: 'str', get: (r) => r.stageId },
      ];
      this.#history = new Map([...byEntity].map(([entity, rows]) => [entity, new Table({
        rows, fields, style: 'item', idKey: 'ID', offsetMinutes: this.#o.offsetMinutes, strict: false, sortedDateKey: 'CREATED_TIME',
      })]));
    }
    return this.#history.get(entityTypeId);
  }

  // --- crm.contact.get / crm.company.get -----------------------------------------------------

  client(type: 'contact' | 'company', clientId: string): Client | undefined {
    return this.#clients.get(`${type}:${clientId}`);
  }

  /** Multifield entries `[{ID, VALUE_TYPE, VALUE, TYPE_ID}]` (Fx: crm.contact.get.json PHONE / EMAIL). */
  #multifields(c: Client): Record<'PHONE' | 'EMAIL' | 'WEB', { ID: string; VALUE_TYPE: string; VALUE: string; TYPE_ID: string }[]> {
    let next = this.#fmBase.get(`${c.type}:${c.id}`) ?? 1;
    const entry = (typeId: string, valueType: string, value: string) => ({ ID: String(next++), VALUE_TYPE: valueType, VALUE: value, TYPE_ID: typeId });
    const contact = c.type === 'contact';
    return {
      EMAIL: c.emails.map((v, i) => entry('EMAIL', i === 0 ? 'WORK' : contact ? 'HOME' : 'WORK', v)),
      PHONE: c.phones.map((v, i) => entry('PHONE', i === 0 && contact ? 'MOBILE' : 'WORK', v)),
      WEB: c.website ? [entry('WEB', 'WORK', c.website)] : [],
    };
  }

  #created(c: Client): number {
    return this.#origin + (c.type === 'company' ? 0 : 12 * 3600_000) + Number(c.id) * 3600_000;
  }

  /** crm.contact.get (Fx: crm.contact.get.json; custom UF_CRM_* / PARENT_ID_* fields are portal-specific and absent). */
  contactRow(c: Client): Record<string, unknown> {
    const [first, last] = splitName(c.name);
    const fm = this.#multifields(c);
    const created = this.iso(this.#created(c));
    const user = c.responsible?.id ?? '1';
    return {
      ID: c.id, POST: c.position ?? '', COMMENTS: '', HONORIFIC: null, NAME: first, SECOND_NAME: '', LAST_NAME: last,
      PHOTO: null, LEAD_ID: null, TYPE_ID: 'CLIENT', SOURCE_ID: 'WEB', SOURCE_DESCRIPTION: '',
      COMPANY_ID: c.company?.id ?? null, BIRTHDATE: '', EXPORT: 'Y',
      HAS_PHONE: fm.PHONE.length ? 'Y' : 'N', HAS_EMAIL: fm.EMAIL.length ? 'Y' : 'N', HAS_IMOL: 'N',
      DATE_CREATE: created, DATE_MODIFY: created, ASSIGNED_BY_ID: user, CREATED_BY_ID: user, MODIFY_BY_ID: user,
      OPENED: 'Y', ORIGINATOR_ID: null, ORIGIN_ID: null, ORIGIN_VERSION: null, FACE_ID: null,
      LAST_ACTIVITY_TIME: created, ...addressFields(''),
      UTM_SOURCE: null, UTM_MEDIUM: null, UTM_CAMPAIGN: null, UTM_CONTENT: null, UTM_TERM: null,
      LAST_ACTIVITY_BY: user,
      ...(fm.PHONE.length ? { PHONE: fm.PHONE } : {}),
      ...(fm.EMAIL.length ? { EMAIL: fm.EMAIL } : {}),
    };
  }

  /** crm.company.get (Fx: crm.company.get.json); INDUSTRY is a directory code (crm.status.list ENTITY_ID INDUSTRY). */
  companyRow(c: Client): Record<string, unknown> {
    const fm = this.#multifields(c);
    const created = this.iso(this.#created(c));
    const user = c.responsible?.id ?? '1';
    return {
      ID: c.id, COMPANY_TYPE: 'CUSTOMER', TITLE: c.name, LOGO: null, LEAD_ID: null,
      HAS_PHONE: fm.PHONE.length ? 'Y' : 'N', HAS_EMAIL: fm.EMAIL.length ? 'Y' : 'N', HAS_IMOL: 'N',
      ASSIGNED_BY_ID: user, CREATED_BY_ID: user, MODIFY_BY_ID: user, BANKING_DETAILS: '',
      INDUSTRY: c.industry ? industryCode(c.industry) : '', REVENUE: '0', CURRENCY_ID: this.data.reference.baseCurrency,
      EMPLOYEES: 'EMPLOYEES_2', COMMENTS: '', DATE_CREATE: created, DATE_MODIFY: created, OPENED: 'Y', IS_MY_COMPANY: 'N',
      ORIGINATOR_ID: null, ORIGIN_ID: null, ORIGIN_VERSION: null,
      ...addressFields(''), ADDRESS_COUNTRY_CODE: null, ...addressFields('REG_'), REG_ADDRESS_COUNTRY_CODE: null,
      UTM_SOURCE: null, UTM_MEDIUM: null, UTM_CAMPAIGN: null, UTM_CONTENT: null, UTM_TERM: null,
      LAST_ACTIVITY_BY: user, LAST_ACTIVITY_TIME: created, LAST_COMMUNICATION_TIME: null,
      ...(fm.PHONE.length ? { PHONE: fm.PHONE } : {}),
      ...(fm.EMAIL.length ? { EMAIL: fm.EMAIL } : {}),
      ...(fm.WEB.length ? { WEB: fm.WEB } : {}),
    };
  }

  // --- reference data ------------------------------------------------------------------------

  /** crm.currency.list rows (Fx: crm.currency.list.json): AMOUNT / AMOUNT_CNT = the demo rate. */
  currencies(): Record<string, unknown>[] {
    const { currencies, baseCurrency, rates } = this.data.reference;
    const updated = this.iso(rates?.asOf ?? this.data.now);
    return currencies.map((code, i) => {
      const rate = code === baseCurrency ? '1' : (rates?.rates[code] ?? '1');
      const { amount, amountCnt } = currencyAmount(rate);
      const [name, format] = CURRENCY_META[code] ?? [code, `# ${code}`];
      return {
        CURRENCY: code, AMOUNT_CNT: amountCnt, AMOUNT: amount, SORT: String((i + 1) * 100), BASE: code === baseCurrency ? 'Y' : 'N',
        FULL_NAME: name, LID: 'en', FORMAT_STRING: format, DEC_POINT: '.', THOUSANDS_SEP: '&nbsp;',
        DECIMALS: String(currencyExponent(code) ?? 2), DATE_UPDATE: updated,
      };
    });
  }

  /** Invoice pipelines: the categories of the invoice stage ids (`DT31_1:…` → 1). */
  #invoiceCategories(): number[] {
    const cats = new Set(this.data.reference.stages.filter((s) => s.kind === 'invoice').map((s) => invoiceCategory(s.id)));
    return [...cats].sort((a, b) => a - b);
  }

  /**
   * crm.category.list rows (Fx: crm.category.list.json): the default pipeline has no
   * originId / originatorId, the others have empty strings.
   */
  categories(entityTypeId: number): Record<string, unknown>[] {
    const row = (catId: number, name: string, sort: number, isDefault: boolean) => ({
      id: catId, name, sort, entityTypeId, isDefault: isDefault ? 'Y' : 'N', ...(isDefault ? {} : { originId: '', originatorId: '' }),
    });
    if (entityTypeId === ENTITY.deal) {
      return this.data.reference.pipelines.map((p, i) => row(Number(p.id), p.name, (i + 1) * 100, p.id === '0'));
    }
    if (entityTypeId === ENTITY.invoice) {
      return this.#invoiceCategories().map((c, i) => row(c, i === 0 ? 'Invoices' : `Invoices ${c}`, (i + 1) * 100, i === 0));
    }
    return [];
  }

  /**
   * crm.status.list: DEAL_STAGE (pipeline 0), DEAL_STAGE_{n}, SMART_INVOICE_STAGE_{n} and INDUSTRY.
   * Deal stages carry SEMANTICS and EXTRA.SEMANTICS (Fx: crm.status.list.json); invoice stages only
   * SEMANTICS (Fx: crm.status.list.spa-stages-semantics.json). STATUS_ID of other pipelines keeps
   * its prefix (`C1:NEW`, `DT31_1:P`), the id items refer to.
   */
  get statuses(): Table<StatusRow> {
    if (!this.#statuses) {
      const rows: StatusRow[] = [];
      let next = 101;
      const groups = new Map<string, Stage[]>();
      for (const s of this.data.reference.stages) {
        const entity = s.kind === 'deal'
          ? (s.pipelineId === '0' || s.pipelineId === undefined ? 'DEAL_STAGE' : `DEAL_STAGE_${s.pipelineId}`)
          : `SMART_INVOICE_STAGE_${invoiceCategory(s.id)}`;
        groups.set(entity, [...(groups.get(entity) ?? []), s]);
      }
      for (const [entity, stages] of groups) {
        const deal = entity.startsWith('DEAL_STAGE');
        const category = deal ? (entity === 'DEAL_STAGE' ? null : entity.slice('DEAL_STAGE_'.length)) : entity.slice('SMART_INVOICE_STAGE_'.length);
        let open = 0;
        stages.forEach((s, i) => {
          const sem = s.semantic === 'won' || s.semantic === 'paid' ? 'S' : s.semantic === 'lost' || s.semantic === 'declined' ? 'F' : null;
          const code = s.id.slice(s.id.indexOf(':') + 1);
          const color = sem === 'S' ? SUCCESS_COLOR : sem === 'F' ? FAILURE_COLOR : STAGE_COLORS[open++ % STAGE_COLORS.length]!;
          const system = deal ? ['NEW', 'WON', 'LOSE'].includes(code) : i === 0 || sem !== null;
          rows.push({
            id: next++, entityId: entity, statusId: s.id, name: s.name, sort: (i + 1) * 10, system, categoryId: category, color, semantics: sem,
            ...(deal ? { extra: sem === 'S' ? 'success' : sem === 'F' ? (code === 'APOLOGY' ? 'apology' : 'failure') : 'process' } : {}),
          });
        });
      }
      const industries = [...new Set(this.data.clients.flatMap((c) => (c.industry ? [c.industry] : [])))].sort();
      industries.forEach((name, i) => rows.push({
        id: next++, entityId: 'INDUSTRY', statusId: industryCode(name), name, sort: (i + 1) * 10, system: false, categoryId: null, color: null, semantics: null,
      }));
      const fields: FieldDef<StatusRow>[] = [
        { key: 'ID', type: 'int', get: (r) => r.id },
        { key: 'ENTITY_ID', type: 'str', get: (r) => r.entityId },
        { key: 'STATUS_ID', type: 'str', get: (r) => r.statusId },
        { key: 'NAME', type: 'str', get: (r) => r.name },
        { key: 'NAME_INIT', type: 'str', get: (r) => (r.system ? r.name : '') },
        { key: 'SORT', type: 'int', get: (r) => r.sort },
        { key: 'SYSTEM', type: 'str', get: (r) => (r.system ? 'Y' : 'N') },
        { key: 'CATEGORY_ID', type: 'raw', get: (r) => r.categoryId },
        { key: 'COLOR', type: 'raw', get: (r) => r.color },
        { key: 'SEMANTICS', type: 'str', get: (r) => r.semantics },
        { key: 'EXTRA', type: 'raw', get: (r) => (r.extra ? { SEMANTICS: r.extra, COLOR: r.color } : undefined) },
      ];
      this.#statuses = new Table({
        rows, fields, style: 'legacy', idKey: 'ID', offsetMinutes: this.#o.offsetMinutes, strict: false, pageSize: Infinity,
      });
    }
    return this.#statuses;
  }

  // --- users ---------------------------------------------------------------------------------

  /** The demo's managers (every `responsible`), as user.get rows (Fx: user.get.json, user.current.json). */
  get users(): Table<UserRow> {
    if (!this.#users) {
      const people = new Map<string, Person>();
      const add = (p: Person | undefined) => {
        if (p && !people.has(p.id)) people.set(p.id, p);
      };
      this.data.clients.forEach((c) => add(c.responsible));
      this.data.deals.forEach((d) => add(d.responsible));
      const rows = [...people.values()].map((p) => {
        const [first, last] = splitName(p.name);
        return { id: Number(p.id), first, last };
      }).sort((a, b) => a.id - b.id);
      const registered = this.iso(this.#origin);
      const fields: FieldDef<UserRow>[] = [
        { key: 'ID', type: 'int', get: (u) => u.id, index: true },
        { key: 'XML_ID', type: 'str', get: (u) => `demo-${u.id}` },
        { key: 'ACTIVE', type: 'raw', get: () => true },
        { key: 'NAME', type: 'str', get: (u) => u.first },
        { key: 'LAST_NAME', type: 'str', get: (u) => u.last },
        { key: 'SECOND_NAME', type: 'str', get: () => '' },
        { key: 'EMAIL', type: 'str', get: (u) => `user${u.id}@demo.crm.example` },
        { key: 'LAST_LOGIN', type: 'raw', get: () => registered },
        { key: 'DATE_REGISTER', type: 'raw', get: () => registered },
        { key: 'IS_ONLINE', type: 'str', get: () => 'N' },
        { key: 'TIMESTAMP_X', type: 'str', get: () => '' },
        { key: 'LAST_ACTIVITY_DATE', type: 'str', get: () => '' },
        { key: 'PERSONAL_GENDER', type: 'str', get: () => '' },
        { key: 'PERSONAL_BIRTHDAY', type: 'str', get: () => '' },
        { key: 'WORK_POSITION', type: 'str', get: () => 'Sales manager' },
        { key: 'UF_EMPLOYMENT_DATE', type: 'str', get: () => '' },
        { key: 'UF_DEPARTMENT', type: 'raw', get: () => [1] },
      ];
      this.#users = new Table({ rows, fields, style: 'legacy', idKey: 'ID', offsetMinutes: this.#o.offsetMinutes, strict: false });
    }
    return this.#users;
  }

  // --- small per-record methods --------------------------------------------------------------

  /** crm.deal.contact.items.get (Fx: crm.deal.contact.items.get.json): numbers, the first contact primary. */
  dealContacts(d: DemoDeal): Record<string, unknown>[] {
    return d.contactIds.map((c, i) => ({ CONTACT_ID: Number(c), SORT: (i + 1) * 10, ROLE_ID: 0, IS_PRIMARY: i === 0 ? 'Y' : 'N' }));
  }

  /** crm.item.payment.list (Fx: crm.item.payment.list.json): one payment per invoice, paid when the invoice is. */
  payments(i: DemoInvoice): Record<string, unknown>[] {
    return [{
      id: Number(i.id), accountNumber: `${i.id}/1`, paid: i.paidAt !== undefined ? 'Y' : 'N',
      datePaid: i.paidAt !== undefined ? this.iso(i.paidAt) : null, empPaidId: i.paidAt !== undefined ? 1 : null,
      paySystemId: 1, sum: amountNumber(i.amount), currency: i.amount?.currency ?? this.data.reference.baseCurrency,
      paySystemName: 'Bank transfer',
    }];
  }
}

/** Appends (t, n) to a flat pair list unless it is there already. */
function addPair(out: number[], t: number, n: number): void {
  for (let i = 0; i < out.length; i += 2) if (out[i] === t && out[i + 1] === n) return;
  out.push(t, n);
}

function addressFields(prefix: '' | 'REG_'): Record<string, null> {
  const out: Record<string, null> = {};
  for (const k of ['ADDRESS', 'ADDRESS_2', 'ADDRESS_CITY', 'ADDRESS_POSTAL_CODE', 'ADDRESS_REGION', 'ADDRESS_PROVINCE', 'ADDRESS_COUNTRY', 'ADDRESS_LOC_ADDR_ID']) {
    out[prefix + k] = null;
  }
  if (prefix === 'REG_') {
    // crm.company.get.json has ADDRESS_LEGAL between the two address blocks.
    return { ADDRESS_LEGAL: null, ...out };
  }
  return out;
}
