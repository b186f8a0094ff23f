/**
 * Declarative data sources for attribute-only use (`source="demo"`): one adapter instance per
 * source string per page, so a hundred widgets of one client share their data.
 *
 * The adapters behind the sources are not part of the page's first load: `adapterForSource` returns
 * a small stand-in (`SourceAdapter`) that imports the real adapter's module on its first call
 * (a lazy chunk in the CDN bundle and in the Bitrix24 app). What elements read synchronously is
 * known without loading: `label`, `now` (the demo data's fixed instant), `maxPageSize` and which
 * optional members exist. Once loaded, every member is the real adapter's.
 */
import type { CrmAdapter } from './adapter.js';
import type { Client, ClientRef, RecordKind, ReferenceData } from '../core/model.js';
import type { RecordPage, RecordQuery } from '../core/query.js';
import { AdapterError, throwIfAborted } from './errors.js';
import { DEMO_LABEL, DEMO_NOW } from './demo/now.js';

/** Thrown for a `source` attribute we cannot serve; the message says what is accepted. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

/** The optional members of `CrmAdapter` (methods a source may lack). */
type OptionalMember = 'aggregate' | 'referenceData' | 'loadLayout' | 'saveLayout' | 'invalidate' | 'peerAverages';

/** What the stand-in knows about its adapter before the adapter's code is loaded. */
interface SourceShape {
  readonly label: string;
  readonly now?: number;
  readonly maxPageSize?: number;
  /** The optional members the adapter has (test/adapters/sources.test.ts compares with the real classes). */
  readonly members: readonly OptionalMember[];
  readonly load: () => Promise<CrmAdapter>;
}

/** A source's adapter: a `CrmAdapter` whose code loads on first use. */
export interface SourceAdapter extends CrmAdapter {
  /** The real adapter (a `DemoAdapter`, `Bitrix24Adapter` or `RestAdapter`), loaded once. */
  load(): Promise<CrmAdapter>;
}

class LazyAdapter implements SourceAdapter {
  readonly #shape: SourceShape;
  #inner: CrmAdapter | undefined;
  #loading: Promise<CrmAdapter> | undefined;

  constructor(shape: SourceShape) {
    this.#shape = shape;
  }

  get label(): string {
    return (this.#inner ?? this.#shape).label;
  }

  get now(): number | undefined {
    return (this.#inner ?? this.#shape).now;
  }

  get maxPageSize(): number | undefined {
    return (this.#inner ?? this.#shape).maxPageSize;
  }

  load(): Promise<CrmAdapter> {
    if (this.#inner) return Promise.resolve(this.#inner);
    return (this.#loading ??= this.#shape.load().then(
      (adapter) => (this.#inner = adapter),
      (e: unknown) => {
        this.#loading = undefined; // the next call tries again
        // A failed import (offline, a missing chunk) reads like any network failure; an error the
        // adapter's constructor threw (an AdapterError) goes through as it is.
        if (e instanceof AdapterError) throw e;
        throw new AdapterError('network', `The code of the data source "${this.#shape.label}" could not be loaded. Check the connection and reload the page.`, { cause: e });
      },
    ));
  }

  async #ready(signal: AbortSignal | undefined): Promise<CrmAdapter> {
    throwIfAborted(signal);
    const adapter = await this.load();
    throwIfAborted(signal);
    return adapter;
  }

  async getClient(ref: ClientRef, signal?: AbortSignal): Promise<Client> {
    return (await this.#ready(signal)).getClient(ref, signal);
  }

  async records<K extends RecordKind>(query: RecordQuery<K>, signal?: AbortSignal): Promise<RecordPage<K>> {
    return (await this.#ready(signal)).records(query, signal);
  }

  get aggregate(): CrmAdapter['aggregate'] {
    return this.#optional('aggregate');
  }

  get referenceData(): CrmAdapter['referenceData'] {
    return this.#optional('referenceData');
  }

  get loadLayout(): CrmAdapter['loadLayout'] {
    return this.#optional('loadLayout');
  }

  get saveLayout(): CrmAdapter['saveLayout'] {
    return this.#optional('saveLayout');
  }

  get invalidate(): CrmAdapter['invalidate'] {
    return this.#optional('invalidate');
  }

  get peerAverages(): CrmAdapter['peerAverages'] {
    return this.#optional('peerAverages');
  }

  readonly #delegates = new Map<OptionalMember, (...args: never[]) => unknown>();

  /**
   * The real adapter's member once loaded; before, a function that loads the adapter and calls it
   * when the shape says the adapter has the member, else undefined (as the real adapter would). Each
   * source's adapter is built with fixed options, so its members are known: the shapes equal the real
   * adapters' (test/adapters/sources.test.ts), and a declared member is always there once loaded.
   */
  #optional<M extends OptionalMember>(name: M): CrmAdapter[M] {
    const inner = this.#inner;
    if (inner) return (typeof inner[name] === 'function' ? (inner[name] as (...a: unknown[]) => unknown).bind(inner) : undefined) as CrmAdapter[M];
    if (!this.#shape.members.includes(name)) return undefined as CrmAdapter[M];
    let f = this.#delegates.get(name);
    if (!f) {
      f = name === 'invalidate'
        // Nothing is cached before the adapter exists.
        ? () => this.#inner?.invalidate?.()
        : async (...args: unknown[]) => {
          const signal = args.find((a): a is AbortSignal => a instanceof AbortSignal);
          const adapter = await this.#ready(signal);
          return (adapter[name] as (...a: unknown[]) => unknown).apply(adapter, args);
        };
      this.#delegates.set(name, f);
    }
    return f as CrmAdapter[M];
  }
}

const shared = new Map<string, SourceAdapter>();

/** A source string in a message: never one that may hold a credential. */
const quoted = (key: string): string => (key.length > 40 || key.includes('/') ? `${key.slice(0, 12)}…` : key);

/** The host of a URL (relative to the page), '' when it is not one (the adapter says why, on first use). */
function hostOf(url: string): string {
  try {
    return new URL(url.trim(), globalThis.location?.href).host;
  } catch {
    return '';
  }
}

function shapeOf(key: string): SourceShape {
  if (key.startsWith('bitrix24:')) {
    const webhookUrl = key.slice('bitrix24:'.length);
    // Bitrix24Adapter checks the URL (and says what is wrong, never quoting it) when it is created, on first use.
    return {
      label: `Bitrix24 (${hostOf(webhookUrl)})`,
      maxPageSize: 50,
      members: ['aggregate', 'referenceData', 'invalidate'],
      load: async () => new (await import('./bitrix24/adapter.js')).Bitrix24Adapter({ webhookUrl }),
    };
  }
  if (key.startsWith('rest:')) {
    const baseUrl = key.slice('rest:'.length).trim();
    // RestAdapter checks the URL (and names what is wrong) when it is created, on first use.
    return {
      label: hostOf(baseUrl),
      maxPageSize: 1000,
      members: ['aggregate', 'referenceData', 'invalidate'],
      load: async () => new (await import('./rest/rest-adapter.js')).RestAdapter({ baseUrl }),
    };
  }
  const m = /^demo(?::(\d{1,9}))?$/.exec(key);
  if (!m) throw new SourceError(`Unknown data source "${quoted(key)}". Use source="demo" (or "demo:<seed>"), source="bitrix24:<webhook URL>", source="rest:<base URL>", or set the adapter property.`);
  const seed = m[1] ? Number(m[1]) : 1;
  return {
    label: DEMO_LABEL,
    now: DEMO_NOW,
    maxPageSize: 1000,
    members: ['aggregate', 'referenceData', 'peerAverages'],
    load: async () => new (await import('./demo/demo-adapter.js')).DemoAdapter({ seed }),
  };
}

/**
 * The adapter for a `source` attribute: `demo` (optionally `demo:<seed>`),
 * `bitrix24:<incoming webhook URL>` (`bitrix24:https://portal.bitrix24.com/rest/1/abc/`; the URL is
 * a credential, see the README) or `rest:<base URL>` (a server of the REST contract). An unknown
 * source throws a `SourceError`; an invalid URL is refused by the adapter on first use (its first
 * call rejects with an `invalid-data` `AdapterError`, which never quotes a webhook URL).
 * The same string gives the same adapter; its code loads on first use (`load()` gives the real one).
 */
export function adapterForSource(source: string): SourceAdapter {
  const key = source.trim();
  let adapter = shared.get(key);
  if (!adapter) shared.set(key, (adapter = new LazyAdapter(shapeOf(key))));
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
