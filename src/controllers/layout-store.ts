/**
 * Where a user's layout lives between visits (SPEC §6): the adapter when it stores layouts (e.g. the
 * portal's user options), else `localStorage` under `crm-profile-widgets:layout:<key>`. Everything
 * read goes through `normalizeLayout`, so corrupt or outdated data degrades to a repaired layout
 * with warnings, never to an exception. (That reading, saving and reading another tab's change are a
 * lazy chunk with the layout rules, ./layout-store-io.ts: loaded only when there is something stored
 * to read, something to save, or a `storage` event of our key.)
 * When nothing can be written (quota exceeded, storage blocked, adapter failure) the layout is kept
 * in memory for this page and a warning is reported.
 *
 * Not bound to any element: it needs a `Storage` and, for other-tab changes, `window`'s `storage`
 * event (listened to only while someone is subscribed).
 *
 * One page, one layout per key: the stores of a page that share a key (a contact's profile and a
 * contact card both default to "contact") hear each other's saves, as other tabs hear them through
 * the `storage` event, and a layout that could not be persisted is kept per page and key, so a
 * profile created again on that page shows it.
 */
import type { CrmAdapter } from '../adapters/adapter.js';
import type { NormalizedLayout } from '../widgets/layout.js';
import { defaultLayout, layoutRules } from '../widgets/layout-lazy.js';
import type { Layout } from '../widgets/types.js';
import { lazyPart } from '../core/lazy-part.js';
import type { StoreIo } from './layout-store-io.js';

export type LayoutStoreWarningCode =
  /** Storage is full: the layout is kept in memory only. */
  | 'quota'
  /** No usable storage (absent, blocked by privacy settings, SecurityError): memory only. */
  | 'unavailable'
  /** The adapter's loadLayout or saveLayout failed. */
  | 'adapter'
  /** Another tab stored something that is no layout: this page keeps its own. */
  | 'unreadable';

export interface LayoutStoreWarning {
  readonly code: LayoutStoreWarningCode;
  readonly message: string;
  readonly error?: unknown;
}

export interface LayoutStoreOptions {
  /** Whose layout: e.g. `contact` / `company`, a user id, a page… */
  readonly key: string;
  /** Default: `localStorage` when the page may use it; `null` for none (memory only). */
  readonly storage?: Storage | null;
  /** When it has `loadLayout` / `saveLayout`, the adapter stores the layout instead of `storage`. */
  readonly adapter?: Pick<CrmAdapter, 'loadLayout' | 'saveLayout'>;
  /** Problems `save` (and `load`) meet but do not throw. */
  readonly onWarning?: (warning: LayoutStoreWarning) => void;
}

/** What `save` writes: the layout plus when it was saved (ISO 8601). */
export interface StoredLayout extends Layout {
  readonly savedAt: string;
}

export const STORAGE_PREFIX = 'crm-profile-widgets:layout:';

function defaultStorage(): Storage | null {
  try {
    // Reading `localStorage` itself throws a SecurityError where the page may not use it.
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** An error, in a warning. */
export const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * Reading and writing stored layouts (./layout-store-io.ts), loaded with the layout rules; with it
 * `<crm-profile>`'s repair of a host's layout and of a widget's new settings.
 */
export const ioPart = lazyPart(() => Promise.all([layoutRules(), import('./layout-store-io.js')]).then(([, io]) => io));

/** Per storage key, the layouts of this page that could not be persisted (./layout-store-io.ts keeps and forgets them). */
export const unsaved = new Map<string, Layout>();
/** Per storage key, the subscribers of this page (each store's callback, by store). */
export const pageSubscribers = new Map<string, Map<LayoutStore, (result: NormalizedLayout) => void>>();

export class LayoutStore {
  readonly key: string;
  /** The storage key: `crm-profile-widgets:layout:<key>`. */
  readonly storageKey: string;
  readonly #storage: Storage | null;
  readonly #adapter: LayoutStoreOptions['adapter'];
  readonly #onWarning: LayoutStoreOptions['onWarning'];

  constructor(options: LayoutStoreOptions) {
    this.key = options.key;
    this.storageKey = STORAGE_PREFIX + options.key;
    this.#storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.#adapter = options.adapter;
    this.#onWarning = options.onWarning;
  }

  /** Whether the last `save` could not be persisted (the layout lives in memory only). */
  get unsaved(): boolean {
    return unsaved.has(this.storageKey);
  }

  #warn(code: LayoutStoreWarningCode, message: string, error?: unknown): string {
    this.#onWarning?.({ code, message, ...(error !== undefined ? { error } : {}) });
    return message;
  }

  /** This store, as ./layout-store-io.ts works with it. */
  get #io(): StoreIo {
    return { store: this, storage: this.#storage, adapter: this.#adapter, warn: (...a) => this.#warn(...a) };
  }

  /**
   * The user's layout: an unsaved in-memory one first, then the adapter's (when it has
   * `loadLayout` and returns non-null), then storage, else the default layout. Never throws, except
   * the abort error when `signal` is aborted.
   */
  async load(signal?: AbortSignal): Promise<NormalizedLayout> {
    const memory = unsaved.get(this.storageKey);
    if (memory) return { layout: memory, warnings: ['the layout could not be saved: this page keeps it in memory'] };
    const warnings: string[] = [];
    // The adapter's layout (text or object) when it stores one, else this device's (text).
    let stored: unknown = null;
    if (this.#adapter?.loadLayout) {
      try {
        stored = await this.#adapter.loadLayout(this.key, signal);
      } catch (e) {
        if (signal?.aborted) throw e;
        warnings.push(this.#warn('adapter', `the adapter could not load the layout (${describeError(e)}): the local copy is used`, e));
      }
    }
    stored ??= this.#read(warnings);
    if (stored !== null) {
      try {
        const r = (await ioPart.load()).readStored(stored);
        return { layout: r.layout, warnings: [...warnings, ...r.warnings] };
      } catch (e) {
        warnings.push(this.#warn('unavailable', `the stored layout could not be read: the code that checks layouts did not load (${describeError(e)}); the default layout is used`, e));
      }
    }
    return { layout: defaultLayout(), warnings };
  }

  /**
   * Whether a layout for this key is at hand on this device (kept in memory, or in storage when the
   * adapter stores no layouts): `load` will read it rather than give the default one.
   */
  hasLocalLayout(): boolean {
    if (unsaved.has(this.storageKey)) return true;
    return !this.#adapter?.loadLayout && this.#read([]) !== null;
  }

  #read(warnings: string[]): string | null {
    if (!this.#storage) return null;
    try {
      return this.#storage.getItem(this.storageKey);
    } catch (e) {
      warnings.push(this.#warn('unavailable', `the layout could not be read from storage (${describeError(e)})`, e));
      return null;
    }
  }

  /**
   * Persists `layout` (normalized first) as `{ version, items, savedAt }`: through the adapter when
   * it has `saveLayout`, else to storage. Never rejects: when nothing can be written the layout is
   * kept in memory (`load` returns it) and `onWarning` is told why.
   */
  save(layout: Layout, signal?: AbortSignal): Promise<void> {
    return ioPart.load().then((io) => io.save(this.#io, layout, signal), (e: unknown) => {
      // The rules' code did not load: nothing unchecked is written (kept for this page, as by ./layout-store-io.ts).
      unsaved.set(this.storageKey, layout);
      this.#warn('unavailable', `the layout could not be checked, so it was not saved (${describeError(e)}): it is kept for this page only`, e);
    });
  }

  /**
   * Calls `callback` with the normalized layout whenever another tab changes our storage key (a
   * removed key or cleared storage gives the default layout), or another store of this page with our
   * key saves. A value another tab wrote that is no layout at all (corrupt JSON, a number…) is not
   * passed on: this page keeps its layout, and its next save writes it again; `onWarning` says so.
   * Returns the unsubscribe function.
   */
  subscribe(callback: (result: NormalizedLayout) => void): () => void {
    const key = this.storageKey;
    let page = pageSubscribers.get(key);
    if (!page) pageSubscribers.set(key, (page = new Map()));
    page.set(this, callback);
    /** Changes heard while ./layout-store-io.ts loads (how many): read once it comes. */
    let waiting = 0;
    let listening = true;
    const listener = (e: StorageEvent): void => {
      // Only our key (null: storage cleared) wakes the reading code: other keys' writes load nothing.
      if (e.key !== null && e.key !== key) return;
      // Read at once when ./layout-store-io.ts is here and nothing waits; else in order (the reactions
      // of one loading run in the order they were added), once it comes.
      const io = ioPart.loaded;
      if (io && !waiting) return io.heard(this.#io, e, callback);
      waiting++;
      void ioPart.load().then((io) => listening && io.heard(this.#io, e, callback), (error: unknown) => {
        if (listening) this.#warn('unavailable', `another tab changed the layout, but the code that checks layouts did not load (${describeError(error)}): this page keeps its layout`, error);
      }).finally(() => waiting--);
    };
    // (No window, e.g. a worker: no other tab's changes.)
    globalThis.addEventListener?.('storage', listener);
    return () => {
      listening = false;
      page.delete(this);
      if (!page.size && pageSubscribers.get(key) === page) pageSubscribers.delete(key);
      globalThis.removeEventListener?.('storage', listener);
    };
  }
}
