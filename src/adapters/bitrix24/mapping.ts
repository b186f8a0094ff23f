/**
 * Bitrix24 REST rows → our model (SPEC §4). Pure functions: no I/O, no DOM.
 *
 * Every value is validated here, at the boundary: a malformed value throws
 * `AdapterError('invalid-data')` whose message starts with the field path (e.g.
 * `crm.item.list items[3].opportunity: expected a number or decimal string`) and whose `field` is
 * that path, so no NaN / undefined leaks into the model. Values that are well-formed but unusable
 * (an unknown currency code, an amount with more decimals than its currency allows) do not fail the
 * row: the amount becomes `null` and the problem is reported through `ctx.onIssue`.
 *
 * Source quirks handled (see /work/shared/fixtures/bitrix24/README.md):
 * - legacy methods (`crm.activity.list`, `crm.contact.get`, `crm.company.get`, `crm.currency.list`,
 *   `crm.status.list`) give every scalar as a string ("20", "Y", "93.1700");
 * - `crm.item.*` gives camelCase keys and numbers (`id: 250`, `opportunity: 999.9`);
 *   `crm.stage.history.list` gives UPPER_CASE keys with numbers (`OWNER_ID: 21`);
 * - PHP serialises an empty map as `[]` (`SETTINGS: []`, `EXTRA: []`, `PHOTO: []`): `record()` reads
 *   `[]` as `{}`.
 *
 * Every mapper takes an optional `path` naming the row in error messages (default: the method name).
 */
import type {
  Activity, Channel, Client, CurrencyCode, Deal, DealSemantic, Instant, Invoice, InvoiceSemantic, Money,
  Person, Pipeline, RateTable, Stage,
} from '../../core/model.js';
import { MoneyError, isKnownCurrency, toDecimal, type Decimal } from '../../core/money.js';
import { parseMoney } from '../../core/money-parse.js';
import { AdapterError } from '../errors.js';

export interface MappingContext {
  /** Portal host for links, e.g. `example.bitrix24.com` (no scheme). */
  readonly portal: string;
  /** Stages by stage id (`NEW`, `C7:WON`, `DT31_5:P`), from {@link mapStages}. */
  readonly stages?: ReadonlyMap<string, Stage>;
  /** User names by user id (from `user.get`). */
  readonly users?: ReadonlyMap<string, string>;
  /** Receives non-fatal problems (unknown currency, unknown stage…). */
  readonly onIssue?: (message: string) => void;
}

type Row = Readonly<Record<string, unknown>>;

// ---------------------------------------------------------------------------------------------
// Validation helpers

/** `table[key]` when the table has that key itself: never a name of Object.prototype ("constructor", "toString"). */
const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** Throws the `invalid-data` AdapterError "`field`: `expected`" naming `field`. */
export function fail(field: string, expected: string): never {
  throw new AdapterError('invalid-data', `${field}: ${expected}`, { field });
}

/** `value` when it is an array, else the error "`field`: expected an array". */
export function arrayOf(value: unknown, field: string): unknown[] {
  return Array.isArray(value) ? value : fail(field, 'expected an array');
}

/** A JSON object; PHP's `[]` for an empty map reads as `{}`; null/undefined read as `undefined`. */
function record(value: unknown, field: string): Row | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value) && value.length === 0) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail(field, 'expected an object');
  return value as Row;
}

function row(value: unknown, path: string): Row {
  return record(value, path) ?? fail(path, 'expected an object');
}

/** Reads one field of a row with a checker (`optionalId`…), naming it `path.key` in errors. */
type Read = <T, A extends unknown[]>(check: (value: unknown, field: string, ...more: A) => T, key: string, ...more: A) => T;

/** A row's field reader (`read(requiredId, 'ID')` is `requiredId(r['ID'], `${path}.ID`)`) and the row (see `row`). */
function fields(value: unknown, path: string): [Read, Row] {
  const r = row(value, path);
  return [(check, key, ...more) => check(r[key], `${path}.${key}`, ...more), r];
}

/** Entity id: a non-negative safe integer or a string of digits → string; 0 / "0" / "" / null → undefined. */
function optionalId(value: unknown, field: string): string | undefined {
  if (value === null || value === undefined || value === '' || value === 0 || value === '0') return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) {
    const s = value.trim().replace(/^0+(?=\d)/, '');
    return s === '0' ? undefined : s;
  }
  return fail(field, 'expected an id (positive integer or digit string)');
}

function requiredId(value: unknown, field: string): string {
  return optionalId(value, field) ?? fail(field, 'expected an id (positive integer or digit string)');
}

/** Category ids start at 0 (the default pipeline), so 0 is a valid value here. */
function categoryId(value: unknown, field: string): string {
  if (value === 0 || value === '0') return '0';
  return optionalId(value, field) ?? fail(field, 'expected a pipeline id (integer or digit string)');
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fail(field, 'expected a string');
}

function requiredString(value: unknown, field: string): string {
  const s = optionalString(value, field)?.trim();
  return s ? s : fail(field, 'expected a non-empty string');
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Bitrix24 REST dates: ISO 8601 with an offset ("2024-04-24T17:34:03+03:00") or a bare date
 * ("2024-04-24", read as UTC midnight). A local time without offset is rejected (ambiguous).
 * `null`, `undefined` and `""` (legacy "no value") give `undefined`.
 */
function optionalInstant(value: unknown, field: string): Instant | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !ISO.test(value.trim())) return fail(field, 'expected an ISO 8601 date with offset');
  const t = Date.parse(value.trim().replace(' ', 'T'));
  return Number.isFinite(t) ? t : fail(field, 'expected an ISO 8601 date with offset');
}

function requiredInstant(value: unknown, field: string): Instant {
  return optionalInstant(value, field) ?? fail(field, 'expected an ISO 8601 date with offset');
}

/** "Y" / "N" flags (legacy) — booleans accepted too. */
function flag(value: unknown, field: string): boolean {
  if (value === 'Y' || value === true) return true;
  if (value === 'N' || value === false || value === null || value === undefined || value === '') return false;
  return fail(field, 'expected "Y" or "N"');
}

function person(id: string | undefined, ctx: MappingContext): Person | undefined {
  const name = id === undefined ? undefined : ctx.users?.get(id);
  return id !== undefined && name ? { id, name } : undefined;
}

/**
 * Exact amount, or `null` when there is none (`opportunity` missing / null) or when it cannot be
 * represented (unknown currency, too many decimals, overflow: reported through `onIssue`).
 */
function amountOf(value: unknown, currency: unknown, field: string, currencyField: string, ctx: MappingContext): Money | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' && typeof value !== 'string') fail(field, 'expected a number or decimal string');
  const code = optionalString(currency, currencyField)?.trim() ?? '';
  if (!code || !isKnownCurrency(code)) {
    ctx.onIssue?.(`${currencyField}: unknown currency ${JSON.stringify(code)}, amount ${String(value)} ignored`);
    return null;
  }
  try {
    return parseMoney(value, code);
  } catch (e) {
    if (e instanceof MoneyError && e.code === 'invalid-amount') fail(field, 'expected a number or decimal string');
    if (e instanceof MoneyError) {
      ctx.onIssue?.(`${field}: ${e.message}, amount ignored`);
      return null;
    }
    throw e;
  }
}

function portalUrl(ctx: MappingContext, path: string): string {
  return `https://${ctx.portal}${path}`;
}

// ---------------------------------------------------------------------------------------------
// Deals (crm.item.list / crm.item.get, entityTypeId 2)

const DEAL_SEMANTIC: Readonly<Record<string, DealSemantic>> = { P: 'open', S: 'won', F: 'lost' };

function checkEntityType(item: Row, expected: number, path: string): void {
  const t = item['entityTypeId'];
  if (t !== undefined && t !== null && Number(t) !== expected) fail(`${path}.entityTypeId`, `expected ${expected}, got ${JSON.stringify(t)}`);
}

/**
 * A deal from `crm.item.list` / `crm.item.get` (`entityTypeId: 2`, camelCase, numbers). Needs
 * `id, title, categoryId, stageId, createdTime` (select them: the docs' list example selects only
 * `id, title, assignedById, opportunity`), plus `stageSemanticId` or a known stage in `ctx.stages`.
 * `opportunity` (number or decimal string) + `currencyId` → exact amount. `closedAt`, only for won
 * or lost deals: `movedTime` (the moment the deal entered its final stage) when selected, else
 * `closedate` — a calendar day (midnight in the portal's zone), and editable by users.
 */
export function mapDeal(item: unknown, ctx: MappingContext, path = 'crm.item deal'): Deal {
  const [read, r] = fields(item, path);
  checkEntityType(r, 2, path);
  const id = read(requiredId, 'id');
  const stageId = read(requiredString, 'stageId');
  const stage = ctx.stages?.get(stageId);
  const rawSemantic = r['stageSemanticId'];
  let semantic: DealSemantic;
  if (rawSemantic === undefined || rawSemantic === null) {
    if (stage?.kind !== 'deal') fail(`${path}.stageSemanticId`, 'expected "P", "S" or "F" (stage unknown)');
    semantic = stage.semantic as DealSemantic;
  } else {
    semantic = own(DEAL_SEMANTIC, String(rawSemantic)) ?? fail(`${path}.stageSemanticId`, 'expected "P", "S" or "F"');
  }
  if (!stage) ctx.onIssue?.(`${path}.stageId: unknown stage ${JSON.stringify(stageId)}`);
  const closedate = optionalInstant(r['closedate'] ?? r['closeDate'], `${path}.closedate`);
  const moved = read(optionalInstant, 'movedTime');
  const closedAt = moved ?? closedate;
  const responsible = person(read(optionalId, 'assignedById'), ctx);
  return {
    id,
    title: read(optionalString, 'title') ?? '',
    pipelineId: read(categoryId, 'categoryId'),
    stageId,
    ...(stage ? { stageName: stage.name } : {}),
    semantic,
    amount: amountOf(r['opportunity'], r['currencyId'], `${path}.opportunity`, `${path}.currencyId`, ctx),
    createdAt: read(requiredInstant, 'createdTime'),
    ...(semantic !== 'open' && closedAt !== undefined ? { closedAt } : {}),
    ...(responsible ? { responsible } : {}),
    url: portalUrl(ctx, `/crm/deal/details/${id}/`),
  };
}

// ---------------------------------------------------------------------------------------------
// Smart invoices (crm.item.*, entityTypeId 31)

/**
 * A smart invoice (`entityTypeId: 31`). Invoices have no `stageSemanticId`: the semantic comes from
 * the stage's `SEMANTICS` in `crm.status.list` (`SMART_INVOICE_STAGE_{categoryId}`) via
 * `ctx.stages` (S → paid, F → declined, otherwise or unknown stage → open, reported). `closedate`
 * (the "pay before" date) → `dueAt`; `parentId2` → `dealId`. `paidAt` comes from the caller
 * ({@link paidAtFromStageHistory} / {@link paidAtFromPayments}) and is kept only for paid invoices.
 */
export function mapInvoice(item: unknown, ctx: MappingContext, options: { paidAt?: Instant; path?: string } = {}): Invoice {
  const path = options.path ?? 'crm.item invoice';
  const [read, r] = fields(item, path);
  checkEntityType(r, 31, path);
  const id = read(requiredId, 'id');
  const stageId = read(requiredString, 'stageId');
  const stage = ctx.stages?.get(stageId);
  let semantic: InvoiceSemantic = 'open';
  if (stage?.kind === 'invoice') semantic = stage.semantic as InvoiceSemantic;
  else ctx.onIssue?.(`${path}.stageId: unknown invoice stage ${JSON.stringify(stageId)}, treated as open`);
  const dueAt = optionalInstant(r['closedate'] ?? r['closeDate'], `${path}.closedate`);
  const dealId = read(optionalId, 'parentId2');
  const paidAt = options.paidAt;
  if (paidAt !== undefined && !Number.isFinite(paidAt)) fail(`${path}.paidAt`, 'expected epoch milliseconds');
  return {
    id,
    title: read(optionalString, 'title') ?? '',
    stageId,
    ...(stage ? { stageName: stage.name } : {}),
    semantic,
    amount: amountOf(r['opportunity'], r['currencyId'], `${path}.opportunity`, `${path}.currencyId`, ctx),
    createdAt: read(requiredInstant, 'createdTime'),
    ...(dueAt !== undefined ? { dueAt } : {}),
    ...(semantic === 'paid' && paidAt !== undefined ? { paidAt } : {}),
    ...(dealId ? { dealId } : {}),
    url: portalUrl(ctx, `/crm/type/31/details/${id}/`),
  };
}

/**
 * When the item last entered a success stage, from `crm.stage.history.list` rows
 * (`result.items`: `OWNER_ID`, `CREATED_TIME`, `STAGE_SEMANTIC_ID`; numbers or strings): the latest
 * `CREATED_TIME` of a row with `STAGE_SEMANTIC_ID` "S", limited to `ownerId` when given.
 */
export function paidAtFromStageHistory(rows: readonly unknown[], ownerId?: string, path = 'crm.stage.history.list items'): Instant | undefined {
  let latest: Instant | undefined;
  rows.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    const [read, r] = fields(raw, at);
    if (r['STAGE_SEMANTIC_ID'] !== 'S') return;
    if (ownerId !== undefined && read(optionalId, 'OWNER_ID') !== ownerId) return;
    const t = read(requiredInstant, 'CREATED_TIME');
    if (latest === undefined || t > latest) latest = t;
  });
  return latest;
}

/** Latest `datePaid` of the paid (`paid: "Y"`) rows of `crm.item.payment.list`. */
export function paidAtFromPayments(rows: readonly unknown[], path = 'crm.item.payment.list result'): Instant | undefined {
  let latest: Instant | undefined;
  rows.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    const [read] = fields(raw, at);
    if (!read(flag, 'paid')) return;
    const t = read(requiredInstant, 'datePaid');
    if (latest === undefined || t > latest) latest = t;
  });
  return latest;
}

// ---------------------------------------------------------------------------------------------
// Activities (crm.activity.list, legacy: every value is a string)

/** Providers of each channel (research note §3.6): PROVIDER_ID decides an activity's channel first. */
export const PROVIDERS: Readonly<Partial<Record<Channel, readonly string[]>>> = {
  call: ['VOXIMPLANT_CALL', 'CRM_CALL'],
  email: ['CRM_EMAIL'],
  meeting: ['CRM_MEETING'],
  chat: ['IMOPENLINES_SESSION'],
  sms: ['CRM_SMS'],
  webform: ['CRM_WEBFORM'],
  task: ['CRM_TASKS_TASK', 'TASKS'],
  todo: ['CRM_TODO'],
};
/** The channel of each provider (the table above, inverted). */
const BY_PROVIDER: Readonly<Record<string, Channel>> = Object.fromEntries(
  Object.entries(PROVIDERS).flatMap(([channel, providers]) => providers.map((p) => [p, channel as Channel])),
);
/**
 * crm.enum.activitytype: 1 meeting, 2 call, 3 task, 4 e-mail (5 calendar event, 6 provider → by
 * PROVIDER_ID): the channel of an activity whose PROVIDER_ID is none of the above.
 */
export const BY_TYPE: Readonly<Record<string, Channel>> = { 1: 'meeting', 2: 'call', 3: 'task', 4: 'email' };

const OWNER_PATH: Readonly<Record<string, string>> = { 1: 'lead', 2: 'deal', 3: 'contact', 4: 'company' };

/** Channel of an activity: PROVIDER_ID first, then TYPE_ID, else `other`. */
export function channelOf(typeId: unknown, providerId: unknown): Channel {
  return own(BY_PROVIDER, String(providerId ?? '').toUpperCase()) ?? own(BY_TYPE, String(typeId ?? '')) ?? 'other';
}

/**
 * An activity from `crm.activity.list` / `crm.activity.get`. `dealIds` = the primary owner when it
 * is a deal (`OWNER_TYPE_ID` "2") plus every `BINDINGS` entry with `OWNER_TYPE_ID` 2, deduplicated.
 * Activities have no page of their own: `url` is the primary owner's details page (its timeline).
 */
export function mapActivity(raw: unknown, ctx: MappingContext, path = 'crm.activity.list result'): Activity {
  const [read, r] = fields(raw, path);
  const id = read(requiredId, 'ID');
  const providerId = read(optionalString, 'PROVIDER_ID')?.trim() || undefined;
  const direction = String(r['DIRECTION'] ?? '');
  const ownerType = read(optionalString, 'OWNER_TYPE_ID')?.trim();
  const ownerId = read(optionalId, 'OWNER_ID');
  const dealIds = new Set<string>();
  if (ownerType === '2' && ownerId) dealIds.add(ownerId);
  const bindings = r['BINDINGS'];
  if (bindings !== undefined && bindings !== null) {
    arrayOf(bindings, `${path}.BINDINGS`).forEach((b, i) => {
      const at = `${path}.BINDINGS[${i}]`;
      const [readBinding, binding] = fields(b, at);
      if (String(binding['OWNER_TYPE_ID']) !== '2') return;
      const dealId = readBinding(optionalId, 'OWNER_ID');
      if (dealId) dealIds.add(dealId);
    });
  }
  const responsible = person(read(optionalId, 'RESPONSIBLE_ID'), ctx);
  const ownerPath = ownerType ? own(OWNER_PATH, ownerType) : undefined;
  return {
    id,
    channel: channelOf(r['TYPE_ID'], providerId),
    ...(providerId ? { providerId } : {}),
    direction: direction === '1' ? 'in' : direction === '2' ? 'out' : 'none',
    completed: read(flag, 'COMPLETED'),
    createdAt: read(requiredInstant, 'CREATED'),
    subject: read(optionalString, 'SUBJECT') ?? '',
    dealIds: [...dealIds],
    ...(responsible ? { responsible } : {}),
    ...(ownerPath && ownerId ? { url: portalUrl(ctx, `/crm/${ownerPath}/details/${ownerId}/`) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Contacts and companies (crm.contact.get / crm.company.get, legacy)

/** Values of a multifield (`[{ID, VALUE_TYPE, VALUE, TYPE_ID}]`), trimmed, non-empty, deduplicated. */
function multifield(value: unknown, field: string): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (!Array.isArray(value)) fail(field, 'expected an array of {VALUE, VALUE_TYPE}');
  const out = new Set<string>();
  value.forEach((entry, i) => {
    const [read] = fields(entry, `${field}[${i}]`);
    const v = read(optionalString, 'VALUE')?.trim();
    if (v) out.add(v);
  });
  return [...out];
}

/**
 * PHOTO / LOGO: a file object `{id, showUrl, downloadUrl}` (relative to the portal), a URL string,
 * `null` or `[]`. Resolved against the portal; kept only when http(s).
 */
function imageUrl(value: unknown, field: string, ctx: MappingContext): string | undefined {
  let raw: unknown = value;
  if (typeof value === 'object' && value !== null) {
    const r = record(value, field) ?? {};
    raw = r['downloadUrl'] ?? r['showUrl'];
  }
  if (raw === null || raw === undefined || typeof raw !== 'string' || !raw.trim()) return undefined;
  try {
    const url = new URL(raw.trim(), `https://${ctx.portal}/`);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function joinName(...parts: unknown[]): string {
  return parts.filter((p): p is string => typeof p === 'string').map((p) => p.trim()).filter(Boolean).join(' ');
}

/** A contact from `crm.contact.get`: "NAME SECOND_NAME LAST_NAME", POST, PHOTO, EMAIL/PHONE, COMPANY_ID/COMPANY_TITLE. */
export function mapContact(raw: unknown, ctx: MappingContext, path = 'crm.contact.get result'): Client {
  const [read, r] = fields(raw, path);
  const id = read(requiredId, 'ID');
  for (const k of ['NAME', 'SECOND_NAME', 'LAST_NAME']) read(optionalString, k);
  const position = read(optionalString, 'POST')?.trim();
  const photoUrl = read(imageUrl, 'PHOTO', ctx);
  const companyId = read(optionalId, 'COMPANY_ID');
  const responsible = person(read(optionalId, 'ASSIGNED_BY_ID'), ctx);
  return {
    type: 'contact',
    id,
    name: joinName(r['NAME'], r['SECOND_NAME'], r['LAST_NAME']),
    ...(photoUrl ? { photoUrl } : {}),
    emails: read(multifield, 'EMAIL'),
    phones: read(multifield, 'PHONE'),
    ...(responsible ? { responsible } : {}),
    ...(position ? { position } : {}),
    ...(companyId
      ? { company: { id: companyId, name: read(optionalString, 'COMPANY_TITLE')?.trim() ?? '' } }
      : {}),
    url: portalUrl(ctx, `/crm/contact/details/${id}/`),
  };
}

/** A company from `crm.company.get`: TITLE, LOGO, INDUSTRY (directory code), WEB (first), EMAIL/PHONE. */
export function mapCompany(raw: unknown, ctx: MappingContext, path = 'crm.company.get result'): Client {
  const [read] = fields(raw, path);
  const id = read(requiredId, 'ID');
  const photoUrl = read(imageUrl, 'LOGO', ctx);
  const industry = read(optionalString, 'INDUSTRY')?.trim();
  const website = read(multifield, 'WEB')[0];
  const responsible = person(read(optionalId, 'ASSIGNED_BY_ID'), ctx);
  return {
    type: 'company',
    id,
    name: read(optionalString, 'TITLE')?.trim() ?? '',
    ...(photoUrl ? { photoUrl } : {}),
    emails: read(multifield, 'EMAIL'),
    phones: read(multifield, 'PHONE'),
    ...(responsible ? { responsible } : {}),
    ...(industry ? { industry } : {}),
    ...(website ? { website } : {}),
    url: portalUrl(ctx, `/crm/company/details/${id}/`),
  };
}

// ---------------------------------------------------------------------------------------------
// Reference data

/** Significant digits kept by {@link decimalDivide}. */
export const RATE_SIGNIFICANT_DIGITS = 12;

/**
 * A positive plain decimal ("93.1700", "+.5", or a number written without an exponent) as
 * `coef × 10^scale` (the core's `toDecimal`, which reads a string without an exponent; a sign other
 * than "+" or a zero fails here).
 */
function positiveDecimal(value: unknown, field: string): Decimal {
  const d = typeof value === 'number' || typeof value === 'string' ? toDecimal(String(value)) : undefined;
  return d && d.coef > 0n ? d : fail(field, 'expected a positive decimal string');
}

const digits = (n: bigint): number => n.toString().length;

/**
 * `num / den` for positive decimals, exactly rounded (half to even) to 12 significant digits and
 * rendered as a plain decimal without trailing zeros: "93.1700" / "1" → "93.17",
 * "1" / "3" → "0.333333333333", "3725.00" / "100" → "37.25". Terminating quotients with ≤ 12
 * significant digits are exact.
 */
export function decimalDivide(num: string | number, den: string | number): string {
  return divide(positiveDecimal(num, 'dividend'), positiveDecimal(den, 'divisor'));
}

function divide(a: Decimal, b: Decimal): string {
  // value = a.coef / b.coef × 10^(a.scale − b.scale); scale the quotient so it has `sig` integer digits.
  const sig = RATE_SIGNIFICANT_DIGITS;
  let s = sig - (digits(a.coef) - digits(b.coef));
  const quotient = (shift: number): [bigint, bigint] =>
    shift >= 0 ? [a.coef * 10n ** BigInt(shift), b.coef] : [a.coef, b.coef * 10n ** BigInt(-shift)];
  let [n, d] = quotient(s);
  while (n / d >= 10n ** BigInt(sig)) [n, d] = quotient(--s);
  while (n / d < 10n ** BigInt(sig - 1)) [n, d] = quotient(++s);
  let q = n / d;
  const twice = (n % d) * 2n;
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  // q × 10^(a.scale − b.scale − s); carry from rounding (999…9 → 1000…0) only adds a trailing zero.
  let exp = a.scale - b.scale - s;
  while (q % 10n === 0n && exp < 0) {
    q /= 10n;
    exp += 1;
  }
  if (exp >= 0) return (q * 10n ** BigInt(exp)).toString();
  const body = q.toString().padStart(-exp + 1, '0');
  return `${body.slice(0, exp)}.${body.slice(exp)}`;
}

export interface CurrencyReference {
  readonly baseCurrency: CurrencyCode;
  /** Codes in list order (deduplicated), the base included. */
  readonly currencies: readonly CurrencyCode[];
  readonly rates: RateTable;
}

/**
 * `crm.currency.list` rows + `crm.currency.base.get` result → rates in base units: rate =
 * AMOUNT / AMOUNT_CNT (AMOUNT is the price of AMOUNT_CNT units in the base currency), computed with
 * {@link decimalDivide} (exact, 12 significant digits). The base is always "1"; a repeated code keeps
 * its first row (reported through `onIssue`). Codes unknown to this engine's Intl are skipped (reported).
 */
export function mapRates(
  currencyList: readonly unknown[],
  baseCode: unknown,
  options: { onIssue?: (message: string) => void; path?: string } = {},
): CurrencyReference {
  const path = options.path ?? 'crm.currency.list result';
  const base = requiredString(baseCode, 'crm.currency.base.get result').toUpperCase();
  if (!isKnownCurrency(base)) fail('crm.currency.base.get result', `unknown currency ${JSON.stringify(base)}`);
  const rates: Record<CurrencyCode, string> = {};
  const currencies: CurrencyCode[] = [];
  currencyList.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    const [read] = fields(raw, at);
    const code = read(requiredString, 'CURRENCY').toUpperCase();
    if (!isKnownCurrency(code)) {
      options.onIssue?.(`${at}.CURRENCY: unknown currency ${JSON.stringify(code)} skipped`);
      return;
    }
    if (currencies.includes(code)) {
      options.onIssue?.(`${at}.CURRENCY: ${code} listed again, first row kept`);
      return;
    }
    const rate = divide(read(positiveDecimal, 'AMOUNT'), read(positiveDecimal, 'AMOUNT_CNT'));
    currencies.push(code);
    if (code !== base) rates[code] = rate;
    else if (rate !== '1') options.onIssue?.(`${at}.AMOUNT: base currency ${code} has rate ${rate}, "1" used`);
  });
  if (!currencies.includes(base)) currencies.unshift(base);
  return { baseCurrency: base, currencies, rates: { base, rates: { ...rates, [base]: '1' } } };
}

/** `crm.category.list` result (`{categories: [{id, name, …}]}`, or the array) → pipelines in the given order. */
export function mapPipelines(categoryListResult: unknown, path = 'crm.category.list result'): Pipeline[] {
  const list = Array.isArray(categoryListResult) ? categoryListResult : row(categoryListResult, path)['categories'];
  const at = Array.isArray(categoryListResult) ? path : `${path}.categories`;
  return arrayOf(list, at).map((raw, i) => {
    const [read] = fields(raw, `${at}[${i}]`);
    return {
      id: read(categoryId, 'id'),
      name: read(optionalString, 'name')?.trim() ?? '',
    };
  });
}

const STAGE_ENTITY = /^(DEAL_STAGE|SMART_INVOICE_STAGE)(?:_(\d+))?$/;

/** "S" / "F" / undefined (in progress) from SEMANTICS, falling back to EXTRA.SEMANTICS. */
function stageSemantic(r: Row, path: string): 'S' | 'F' | undefined {
  const s = r['SEMANTICS'];
  if (s === 'S' || s === 'F') return s;
  if (s !== null && s !== undefined && s !== '' && s !== 'P') fail(`${path}.SEMANTICS`, 'expected "S", "F" or null');
  const extra = record(r['EXTRA'], `${path}.EXTRA`)?.['SEMANTICS'];
  if (extra === 'success') return 'S';
  if (extra === 'failure' || extra === 'apology') return 'F';
  return undefined;
}

/**
 * `crm.status.list` rows of `DEAL_STAGE`, `DEAL_STAGE_{n}` and `SMART_INVOICE_STAGE_{n}` → stages
 * (other directories are skipped). `pipelineId` is the entity id suffix ("0" for `DEAL_STAGE`).
 * Semantic: `SEMANTICS` S/F/null, or `EXTRA.SEMANTICS` success/failure/apology/process when
 * `SEMANTICS` is absent. Stage ids of non-default pipelines get their prefix when a row lacks it
 * (`C7:` for `DEAL_STAGE_7`, `DT31_5:` for `SMART_INVOICE_STAGE_5`), which is how items refer to them.
 */
export function mapStages(statusRows: readonly unknown[], path = 'crm.status.list result'): Stage[] {
  const out: Stage[] = [];
  statusRows.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    const [read, r] = fields(raw, at);
    const m = STAGE_ENTITY.exec(read(requiredString, 'ENTITY_ID'));
    if (!m) return;
    const kind = m[1] === 'DEAL_STAGE' ? 'deal' : 'invoice';
    const pipelineId = String(Number(m[2] ?? 0));
    const prefix = kind === 'deal' ? (pipelineId === '0' ? '' : `C${pipelineId}:`) : `DT31_${pipelineId}:`;
    const statusId = read(requiredString, 'STATUS_ID');
    const sem = stageSemantic(r, at);
    out.push({
      id: statusId.includes(':') ? statusId : prefix + statusId,
      pipelineId,
      kind,
      name: read(optionalString, 'NAME')?.trim() ?? statusId,
      semantic: kind === 'deal'
        ? (sem === 'S' ? 'won' : sem === 'F' ? 'lost' : 'open')
        : (sem === 'S' ? 'paid' : sem === 'F' ? 'declined' : 'open'),
    });
  });
  return out;
}

/** Stages keyed by id, for {@link MappingContext.stages}. */
export function stageMap(stages: readonly Stage[]): Map<string, Stage> {
  return new Map(stages.map((s) => [s.id, s]));
}

// ---------------------------------------------------------------------------------------------
// Locale

const LANG: Readonly<Record<string, string>> = {
  br: 'pt-BR', la: 'es', ua: 'uk', sc: 'zh-CN', tc: 'zh-TW', kz: 'kk', vn: 'vi',
};

/** Bitrix24 `LANG` (portal/user language id) → BCP 47: br → pt-BR, la → es, ua → uk, sc → zh-CN, tc → zh-TW, kz → kk, vn → vi; others as is (canonicalised); invalid → "en". */
export function localeFromLang(lang: unknown): string {
  if (typeof lang !== 'string' || !lang.trim()) return 'en';
  const l = lang.trim().toLowerCase();
  const mapped = LANG[l] ?? lang.trim();
  try {
    return Intl.getCanonicalLocales(mapped)[0] ?? 'en';
  } catch {
    return 'en';
  }
}
