/**
 * Declarative data sources for attribute-only use (`source="demo"`): one adapter instance per
 * source string per page, so a hundred widgets of one client share their data.
 */
import type { CrmAdapter } from './adapter.js';
import type { ReferenceData } from '../core/model.js';
import { DemoAdapter } from './demo/demo-adapter.js';
import { Bitrix24Adapter } from './bitrix24/adapter.js';

const shared = new Map<string, CrmAdapter>();

/** Thrown for a `source` attribute we cannot serve; the message says what is accepted. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

/**
 * The adapter for a `source` attribute: `demo` (optionally `demo:<seed>`), or
 * `bitrix24:<incoming webhook URL>` (`bitrix24:https://portal.bitrix24.com/rest/1/abc/`; the URL is
 * a credential, see the README). An invalid webhook URL throws an `AdapterError` that never quotes it.
 */
export function adapterForSource(source: string): CrmAdapter {
  const key = source.trim();
  const existing = shared.get(key);
  if (existing) return existing;
  if (key.startsWith('bitrix24:')) {
    const adapter = new Bitrix24Adapter({ webhookUrl: key.slice('bitrix24:'.length) });
    shared.set(key, adapter);
    return adapter;
  }
  const m = /^demo(?::(\d{1,9}))?$/.exec(key);
  // Never echo a source that may hold a credential.
  if (!m) throw new SourceError(`Unknown data source "${key.length > 40 || key.includes('/') ? `${key.slice(0, 12)}…` : key}". Use source="demo" (or "demo:<seed>"), source="bitrix24:<webhook URL>", or set the adapter property.`);
  const adapter = new DemoAdapter({ seed: m[1] ? Number(m[1]) : 1 });
  shared.set(key, adapter);
  return adapter;
}

const references = new WeakMap<CrmAdapter, Promise<ReferenceData | undefined>>();

/**
 * The adapter's reference data (pipelines, stages, currencies, rates), read once per adapter and
 * shared by every element on the page (an aborted signal refuses to start waiting); undefined when the adapter has none. A failed read is
 * forgotten so that the next call tries again.
 */
export function referenceOf(adapter: CrmAdapter, signal?: AbortSignal): Promise<ReferenceData | undefined> {
  signal?.throwIfAborted();
  let p = references.get(adapter);
  if (!p) {
    // Shared by every caller: not tied to the first caller's signal.
    p = adapter.referenceData ? adapter.referenceData() : Promise.resolve(undefined);
    references.set(adapter, p);
    p.catch(() => references.delete(adapter));
  }
  return p;
}
