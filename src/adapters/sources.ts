/**
 * Declarative data sources for attribute-only use (`source="demo"`): one adapter instance per
 * source string per page, so a hundred widgets of one client share their data.
 */
import type { CrmAdapter } from './adapter.js';
import type { ReferenceData } from '../core/model.js';
import { DemoAdapter } from './demo/demo-adapter.js';

const shared = new Map<string, CrmAdapter>();

/** Thrown for a `source` attribute we cannot serve; the message says what is accepted. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

/**
 * The adapter for a `source` attribute. Today: `demo` (optionally `demo:<seed>`). Other sources
 * (Bitrix24, REST) come with their adapters.
 */
export function adapterForSource(source: string): CrmAdapter {
  const key = source.trim();
  const existing = shared.get(key);
  if (existing) return existing;
  const m = /^demo(?::(\d{1,9}))?$/.exec(key);
  if (!m) throw new SourceError(`Unknown data source "${key}". Use source="demo" (or "demo:<seed>"), or set the adapter property.`);
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
