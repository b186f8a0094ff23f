/**
 * The data model every adapter returns (SPEC §4). Pure types, no runtime code.
 *
 * Conventions, chosen once for the whole suite:
 * - Ids are strings (Bitrix24 ids are numeric strings: "1", "2", …).
 * - Instants are epoch milliseconds (`Instant`), never `Date` objects or ISO strings: adapters parse
 *   dates at their boundary, the core compares numbers on its hot paths.
 * - Money is an exact integer count of minor units plus an ISO 4217 code (see `money.ts`); adapters
 *   parse decimal strings at their boundary with `parseMoney`.
 */

/** Epoch milliseconds (UTC). */
export type Instant = number;

/** ISO 4217 alphabetic code, upper case: `EUR`, `USD`, `JPY`, `KWD`. */
export type CurrencyCode = string;

/** An exact amount: `minor` is an integer number of minor units (cents for EUR, yen for JPY, fils for KWD). */
export interface Money {
  readonly minor: number;
  readonly currency: CurrencyCode;
}

export type ClientType = 'contact' | 'company';

/** Identifies the client a profile is about. */
export interface ClientRef {
  readonly type: ClientType;
  readonly id: string;
}

export interface Person {
  readonly id: string;
  readonly name: string;
}

export interface Client extends ClientRef {
  readonly name: string;
  readonly photoUrl?: string;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly responsible?: Person;
  /** Contact only. */
  readonly position?: string;
  /** Contact only: the company the contact works for. */
  readonly company?: { readonly id: string; readonly name: string };
  /** Company only. */
  readonly industry?: string;
  /** Company only. */
  readonly website?: string;
  readonly url?: string;
}

export type DealSemantic = 'open' | 'won' | 'lost';
export type InvoiceSemantic = 'open' | 'paid' | 'declined';
export type Semantic = DealSemantic | InvoiceSemantic;

export interface Deal {
  readonly id: string;
  readonly title: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly stageName?: string;
  readonly semantic: DealSemantic;
  /** `null` when the source has no amount for the deal. */
  readonly amount: Money | null;
  readonly createdAt: Instant;
  /** Set when the deal was closed (won or lost). */
  readonly closedAt?: Instant;
  readonly responsible?: Person;
  readonly url?: string;
}

export interface Invoice {
  readonly id: string;
  readonly title: string;
  readonly stageId: string;
  readonly stageName?: string;
  readonly semantic: InvoiceSemantic;
  readonly amount: Money | null;
  readonly createdAt: Instant;
  readonly dueAt?: Instant;
  readonly paidAt?: Instant;
  readonly dealId?: string;
  readonly url?: string;
}

export const CHANNELS = ['call', 'email', 'meeting', 'chat', 'sms', 'webform', 'task', 'todo', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export type Direction = 'in' | 'out' | 'none';

export interface Activity {
  readonly id: string;
  readonly channel: Channel;
  /** The source's own provider id (Bitrix24 `PROVIDER_ID`, e.g. `VOXIMPLANT_CALL`), kept for labels. */
  readonly providerId?: string;
  readonly direction: Direction;
  readonly completed: boolean;
  readonly createdAt: Instant;
  readonly subject: string;
  /** Deals the activity is bound to (may be empty: bound to the client directly). */
  readonly dealIds: readonly string[];
  readonly responsible?: Person;
  readonly url?: string;
}

export type RecordKind = 'deal' | 'invoice' | 'activity';

export interface RecordOfKind {
  deal: Deal;
  invoice: Invoice;
  activity: Activity;
}

export type CrmRecord = Deal | Invoice | Activity;

export interface Pipeline {
  readonly id: string;
  readonly name: string;
}

export interface Stage {
  readonly id: string;
  readonly pipelineId?: string;
  readonly kind: 'deal' | 'invoice';
  readonly name: string;
  readonly semantic: Semantic;
}

/**
 * Exchange rates: how many units of `base` one unit of each currency is worth, as decimal strings
 * (Bitrix24 `AMOUNT` / `AMOUNT_CNT`, ECB-style). `rates[base]` is implicitly "1".
 */
export interface RateTable {
  readonly base: CurrencyCode;
  readonly rates: Readonly<Record<CurrencyCode, string>>;
  /** When the rates were valid (epoch ms). */
  readonly asOf?: Instant;
}

/** Reference data an adapter may supply. */
export interface ReferenceData {
  readonly pipelines: readonly Pipeline[];
  readonly stages: readonly Stage[];
  readonly currencies: readonly CurrencyCode[];
  readonly baseCurrency: CurrencyCode;
  readonly rates?: RateTable;
}
