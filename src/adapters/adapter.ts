/**
 * The one interface every data source implements (SPEC §7). Built-in: the embedded demo source;
 * hosts may write their own. Every call takes an AbortSignal and fails with an `AdapterError`.
 */
import type { Client, ClientRef, ClientType, ReferenceData } from '../core/model.js';
import type { QuerySource } from '../core/query.js';
import type { ResolvedPeriod } from '../core/period.js';

export type { AggregateQuery, AggregateResult, AggregateRow, RecordQuery, RecordPage, RecordFilter } from '../core/query.js';

/** Averages over all clients of one type, for "client vs peers" and the auto load target. */
export interface PeerAverages {
  readonly clientType: ClientType;
  /** Number of clients the averages are taken over. */
  readonly clients: number;
  /** Average activities per deal (communication load). */
  readonly communicationLoad: number | null;
  /** Average value of won deals, in the reference base currency, minor units. */
  readonly wonValueMinor: number | null;
  readonly currency: string;
}

/**
 * Set (true) by adapters whose answers are already validated against the model: the REST adapter
 * parses every answer, the Bitrix24 adapter maps every row, the demo source generates its data.
 * The elements then skip their own check of the `adapter` property's answers (`checkedAdapter`).
 */
export const ANSWERS_CHECKED: unique symbol = Symbol.for('crm-profile-widgets.answers-checked') as never;

export interface CrmAdapter extends QuerySource {
  /** See {@link ANSWERS_CHECKED}. */
  readonly [ANSWERS_CHECKED]?: boolean;
  /** Short name for messages and the "how is this computed" text, e.g. "Demo data". */
  readonly label: string;
  /** The instant the source's data is "as of" (the demo data has a fixed one); absent → `Date.now()`. */
  readonly now?: number;
  /**
   * For an adapter given to an element's `adapter` property: how long the elements wait for one
   * answer before showing a timeout error with Retry (default 30 000 ms; 0 = as long as it takes).
   * The call's AbortSignal aborts at the deadline.
   */
  readonly timeoutMs?: number;
  getClient(ref: ClientRef, signal?: AbortSignal): Promise<Client>;
  referenceData?(signal?: AbortSignal): Promise<ReferenceData>;
  loadLayout?(key: string, signal?: AbortSignal): Promise<unknown>;
  saveLayout?(key: string, layout: unknown, signal?: AbortSignal): Promise<void>;
  /** Drops anything cached, so that the next question reads fresh data (the profile's Refresh button). */
  invalidate?(): void;
  peerAverages?(type: ClientType, period: ResolvedPeriod, signal?: AbortSignal): Promise<PeerAverages>;
}
