/**
 * The validation behind `checkedAdapter` (src/adapters/checked.ts), a lazy chunk: each answer of a
 * host's adapter goes through the parsers the REST adapter applies to its server's answers
 * (`rest/validate.ts`), and fails with an `invalid-data` AdapterError naming the field.
 */
import type { PeerAverages } from './adapter.js';
import type { ClientRef } from '../core/model.js';
import type { AggregateQuery, RecordQuery } from '../core/query.js';
import { fail, parseAggregateResponse, parseClient, parseRecordPage, parseReference } from './rest/validate.js';

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
