/**
 * Where a user's layout lives between visits (SPEC §6): the adapter when it stores layouts (e.g. the
 * portal's user options), else `localStorage` under `crm-profile-widgets:layout:<key>`. Everything
 * read goes through `normalizeLayout`, so corrupt or outdated data degrades to a repaired layout
 * with warnings, never to an exception. (`normalizeLayout` is a lazy chunk, ../widgets/layout-lazy.ts:
 * loaded only when there is something stored to read, or to save.) When nothing can be written (quota exceeded, storage
 * blocked, adapter failure) the layout is kept in memory for this page and a warning is reported.
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
import { defaultLayout, layoutRules, loadedLayoutRules, type LayoutRules } from '../widgets/layout-lazy.js';
import type { Layout } from '../widgets/types.js';

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

function isQuotaError(e: unknown): boolean {
  if (!(e instanceof DOMException)) return false;
  return e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22 || e.code === 1014;
}

const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Parses stored text; corrupt JSON → the default layout and a warning (`unreadable` says why nothing could be kept). */
function fromText(text: string, { normalizeLayout }: LayoutRules): NormalizedLayout & { unreadable?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = `not valid JSON (${describe(e)})`;
    return { layout: defaultLayout(), warnings: [`the stored layout is ${why}: the default layout is used`], unreadable: why };
  }
  const r = normalizeLayout(raw);
  // Not a layout at all (a number, a string, null…): nothing of it can be kept.
  return raw === null || typeof raw !== 'object' ? { ...r, unreadable: `not a layout (${raw === null ? 'null' : typeof raw})` } : r;
}

/** Per storage key, the layouts of this page that could not be persisted. */
const unsaved = new Map<string, Layout>();
/** Per storage key, the subscribers of this page (each store's callback, by store). */
const pageSubscribers = new Map<string, Map<LayoutStore, (result: NormalizedLayout) => void>>();

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

  /** Keeps the layout that could not be persisted (this page's, for every store of the key), or forgets it: `load` serves it until a save succeeds. */
  #keep(layout: Layout | undefined): void {
    if (layout) unsaved.set(this.storageKey, layout);
    else unsaved.delete(this.storageKey);
  }

  /** Tells the other stores of this page with our key what was saved. */
  #tellPage(layout: Layout): void {
    for (const [store, callback] of pageSubscribers.get(this.storageKey) ?? []) {
      if (store !== this) callback({ layout, warnings: [] });
    }
  }

  #warn(code: LayoutStoreWarningCode, message: string, error?: unknown): string {
    this.#onWarning?.({ code, message, ...(error !== undefined ? { error } : {}) });
    return message;
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
        warnings.push(this.#warn('adapter', `the adapter could not load the layout (${describe(e)}): the local copy is used`, e));
      }
    }
    stored ??= this.#read(warnings);
    if (stored === null) return { layout: defaultLayout(), warnings };
    const rules = await this.#rules(warnings);
    if (!rules) return { layout: defaultLayout(), warnings };
    const r = typeof stored === 'string' ? fromText(stored, rules) : rules.normalizeLayout(stored);
    return { layout: r.layout, warnings: [...warnings, ...r.warnings] };
  }

  /** The layout rules (a lazy chunk); when their code does not load, a warning and `undefined`. */
  async #rules(warnings: string[]): Promise<LayoutRules | undefined> {
    try {
      return await layoutRules();
    } catch (e) {
      warnings.push(this.#warn('unavailable', `the stored layout could not be read: the code that checks layouts did not load (${describe(e)}); the default layout is used`, e));
      return undefined;
    }
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
      warnings.push(this.#warn('unavailable', `the layout could not be read from storage (${describe(e)})`, e));
      return null;
    }
  }

  /**
   * Persists `layout` (normalized first) as `{ version, items, savedAt }`: through the adapter when
   * it has `saveLayout`, else to storage. Never rejects: when nothing can be written the layout is
   * kept in memory (`load` returns it) and `onWarning` is told why.
   */
  async save(layout: Layout, signal?: AbortSignal): Promise<void> {
    let clean: Layout;
    try {
      clean = (await layoutRules()).normalizeLayout(layout).layout;
    } catch (e) {
      // The rules' code did not load: nothing unchecked is written.
      this.#keep(layout);
      this.#warn('unavailable', `the layout could not be checked, so it was not saved (${describe(e)}): it is kept for this page only`, e);
      return;
    }
    this.#tellPage(clean);
    const stored: StoredLayout = { version: clean.version, items: clean.items, savedAt: new Date().toISOString() };
    if (this.#adapter?.saveLayout) {
      try {
        await this.#adapter.saveLayout(this.key, stored, signal);
        this.#keep(undefined);
      } catch (e) {
        this.#keep(clean);
        this.#warn('adapter', `the adapter could not save the layout (${describe(e)}): it is kept for this page only`, e);
      }
      return;
    }
    if (!this.#storage) {
      this.#keep(clean);
      this.#warn('unavailable', 'no storage is available: the layout is kept for this page only');
      return;
    }
    try {
      this.#storage.setItem(this.storageKey, JSON.stringify(stored));
      this.#keep(undefined);
    } catch (e) {
      this.#keep(clean);
      if (isQuotaError(e)) this.#warn('quota', 'the storage is full: the layout is kept for this page only', e);
      else this.#warn('unavailable', `the layout could not be written to storage (${describe(e)}): it is kept for this page only`, e);
    }
  }

  /**
   * Calls `callback` with the normalized layout whenever another tab changes our storage key (a
   * removed key or cleared storage gives the default layout), or another store of this page with our
   * key saves. A value another tab wrote that is no layout at all (corrupt JSON, a number…) is not
   * passed on: this page keeps its layout, and its next save writes it again; `onWarning` says so.
   * Returns the unsubscribe function.
   */
  subscribe(callback: (result: NormalizedLayout) => void): () => void {
    let page = pageSubscribers.get(this.storageKey);
    if (!page) pageSubscribers.set(this.storageKey, (page = new Map()));
    page.set(this, callback);
    const off = () => {
      page.delete(this);
      if (page.size === 0 && pageSubscribers.get(this.storageKey) === page) pageSubscribers.delete(this.storageKey);
    };
    if (typeof window === 'undefined') return off;
    const listener = (e: StorageEvent): void => {
      if (e.key !== null && e.key !== this.storageKey) return;
      if (e.storageArea && this.#storage && e.storageArea !== this.#storage) return;
      const text = e.key === null ? null : e.newValue;
      const handle = (rules: LayoutRules | undefined) => {
        if (!listening) return;
        if (text === null) callback({ layout: defaultLayout(), warnings: [] });
        else if (rules) this.#heard(fromText(text, rules), callback);
      };
      // Read at once when the rules are here (a removal needs none); else in order, once they come.
      const rules = loadedLayoutRules();
      if (!inbox && (rules || text === null)) return handle(rules);
      const next: Promise<void> = (inbox ?? Promise.resolve()).then(() => layoutRules()).then(handle, (error: unknown) => {
        if (text === null) handle(undefined);
        else this.#warn('unavailable', `another tab changed the layout, but the code that checks layouts did not load (${describe(error)}): this page keeps its layout`, error);
      });
      inbox = next;
      void next.finally(() => {
        if (inbox === next) inbox = undefined;
      });
    };
    /** Changes heard while the rules load, read in order once they come. */
    let inbox: Promise<void> | undefined;
    let listening = true;
    window.addEventListener('storage', listener);
    return () => {
      listening = false;
      off();
      window.removeEventListener('storage', listener);
    };
  }

  /** Another tab's layout, read: passed on, unless it is no layout at all. */
  #heard(r: ReturnType<typeof fromText>, callback: (result: NormalizedLayout) => void): void {
    if (r.unreadable) {
      this.#warn('unreadable', `another tab stored a layout that is ${r.unreadable}: this page keeps its layout and saves it again at the next change`);
      return;
    }
    // The other tab's save is newer than anything this page kept in memory.
    this.#keep(undefined);
    callback({ layout: r.layout, warnings: r.warnings });
  }
}
