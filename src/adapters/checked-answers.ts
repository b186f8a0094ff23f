/**
 * The validation behind `checkedAdapter` (src/adapters/checked.ts), a lazy chunk: each answer of a
 * host's adapter goes through the parsers the REST adapter applies to its server's answers
 * (`rest/validate.ts`), and fails with an `invalid-data` AdapterError naming the field; a call that
 * does not settle within the adapter's `timeoutMs` fails with a `timeout` error (and its signal aborts).
 */
import type { CrmAdapter, PeerAverages } from './adapter.js';
import { AdapterError } from './errors.js';
import type { ClientRef } from '../core/model.js';
import type { AggregateQuery, RecordQuery } from '../core/query.js';
import { fail, formatSeconds, parseAggregateResponse, parseClient, parseRecordPage, parseReference } from './rest/validate.js';

const finiteOrNull = (v: unknown, field: string, integer: boolean): number | null => {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isSafeInteger(v))) {
    fail(field, integer ? 'expected a non-negative integer or null' : 'expected a non-negative finite number or null');
  }
  return v;
};

function parsePeers(v: unknown): PeerAverages {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail('peerAverages', 'expected an object');
  const o = v as Record<string, unknown>;
  const clients = o['clients'];
  if (typeof clients !== 'number' || !Number.isSafeInteger(clients) || clients < 0) fail('peerAverages.clients', 'expected a non-negative integer');
  if (typeof o['currency'] !== 'string' || !/^[A-Z]{3}$/.test(o['currency'])) fail('peerAverages.currency', 'expected an ISO 4217 currency code');
  return {
    ...(v as PeerAverages),
    communicationLoad: finiteOrNull(o['communicationLoad'], 'peerAverages.communicationLoad', false),
    wonValueMinor: finiteOrNull(o['wonValueMinor'], 'peerAverages.wonValueMinor', true),
  };
}

/** `answer` of the adapter call `call` made with `args`, validated (a copy keeping the model's fields only). */
export function checkAnswer(call: string, answer: unknown, args: readonly unknown[]): unknown {
  switch (call) {
    case 'getClient': return parseClient(answer, 'client', args[0] as ClientRef);
    case 'records': {
      const q = args[0] as RecordQuery;
      return parseRecordPage(q.kind, answer, q.page);
    }
    case 'aggregate': return parseAggregateResponse({ results: answer }, args[0] as readonly AggregateQuery[]);
    // "No reference data" stays allowed.
    case 'referenceData': return answer === undefined ? answer : parseReference(answer).reference;
    case 'peerAverages': return parsePeers(answer);
    default: return answer;
  }
}

/** The checked calls and where each takes its AbortSignal. */
const SIGNAL_AT = { getClient: 1, records: 1, aggregate: 1, referenceData: 0, peerAverages: 2 } as const;
type CheckedCall = keyof typeof SIGNAL_AT;

/** The default `timeoutMs` of a host adapter. */
export const HOST_TIMEOUT_MS = 30_000;

/**
 * The adapter's checked calls (only those it has): each call gets a signal that also aborts at the
 * deadline, and its answer is validated.
 */
export function checkedCalls(adapter: CrmAdapter): Partial<CrmAdapter> {
  const out: Record<string, unknown> = {};
  for (const [call, at] of Object.entries(SIGNAL_AT) as [CheckedCall, number][]) {
    const f = adapter[call] as ((...a: unknown[]) => Promise<unknown>) | undefined;
    if (typeof f !== 'function') continue;
    out[call] = async (...args: unknown[]) => {
      const ms = adapter.timeoutMs ?? HOST_TIMEOUT_MS;
      const outer = args[at] as AbortSignal | undefined;
      const limited = Number.isFinite(ms) && ms > 0;
      const deadline = new AbortController();
      const a = [...args];
      a[at] = limited ? (outer ? AbortSignal.any([outer, deadline.signal]) : deadline.signal) : outer;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        if (!limited) return;
        timer = setTimeout(() => {
          const e = new AdapterError('timeout', `The data source "${adapter.label}" did not answer (${call}) within ${formatSeconds(ms)}; try again later.`);
          deadline.abort(e);
          reject(e);
        }, ms);
      });
      try {
        return checkAnswer(call, await Promise.race([f.apply(adapter, a), late]), args);
      } finally {
        clearTimeout(timer);
      }
    };
  }
  return out as Partial<CrmAdapter>;
}
