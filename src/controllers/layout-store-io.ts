/**
 * The part of `LayoutStore` (./layout-store.ts) that reads and writes stored layouts through the
 * layout rules: parsing stored text, saving (normalized first, then to the adapter or storage, else
 * kept in memory) and reading another tab's change. A lazy chunk, loaded with the rules
 * (../widgets/layout.ts) when there is something stored to read or something to save: a page
 * showing the default layout never downloads it.
 */
import type { Layout } from '../widgets/types.js';
import { defaultLayout } from '../widgets/layout-lazy.js';
import { layoutFromAttribute, normalizeLayout, type NormalizedLayout } from '../widgets/layout.js';
import { describeError, pageSubscribers, unsaved, type LayoutStore, type LayoutStoreOptions, type LayoutStoreWarningCode, type StoredLayout } from './layout-store.js';

/** A widget's new settings in `<crm-profile>`'s layout (its `crm-widget-settings-change`). */
export { updateSettings } from '../widgets/layout.js';

/**
 * A layout a host gave `<crm-profile>` (an object, or the `layout` attribute's text), repaired, its
 * warnings told: the profile's own layout, and what its `layout` property shows (the host's object
 * when nothing needed repair, else the repaired layout).
 */
export function hostLayout(given: unknown, warn: (message: string) => void): [own: Layout, shown: Layout] {
  const text = typeof given === 'string';
  const { layout, warnings } = normalizeLayout(text ? layoutFromAttribute(given) : given);
  for (const w of warnings) warn(w);
  return [layout, warnings.length || text ? layout : given as Layout];
}

/** What of a store this module works with (the store and its private state). */
export interface StoreIo {
  readonly store: LayoutStore;
  readonly storage: Storage | null;
  readonly adapter: LayoutStoreOptions['adapter'];
  warn(code: LayoutStoreWarningCode, message: string, error?: unknown): string;
}

/**
 * Keeps the layout that could not be persisted (this page's, for every store of the key), or
 * forgets it (`undefined`): the store's `load` serves it until a save succeeds.
 */
function keep(io: StoreIo, layout: Layout | undefined): void {
  if (layout) unsaved.set(io.store.storageKey, layout);
  else unsaved.delete(io.store.storageKey);
}

function isQuotaError(e: unknown): boolean {
  if (!(e instanceof DOMException)) return false;
  return e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22 || e.code === 1014;
}

/**
 * A stored layout (the adapter's text or object, this device's text), repaired; corrupt JSON → the
 * default layout and a warning (`unreadable` says why nothing of it could be kept).
 */
export function readStored(stored: unknown): NormalizedLayout & { unreadable?: string } {
  if (typeof stored !== 'string') return normalizeLayout(stored);
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch (e) {
    const why = `not valid JSON (${describeError(e)})`;
    return { layout: defaultLayout(), warnings: [`the stored layout is ${why}: the default layout is used`], unreadable: why };
  }
  const r = normalizeLayout(raw);
  // Not a layout at all (a number, a string, null…): nothing of it can be kept.
  return raw === null || typeof raw !== 'object' ? { ...r, unreadable: `not a layout (${raw === null ? 'null' : typeof raw})` } : r;
}

/** `LayoutStore.save`, once the rules are here. */
export async function save(io: StoreIo, layout: Layout, signal?: AbortSignal): Promise<void> {
  const clean = normalizeLayout(layout).layout;
  const { store } = io;
  // The other stores of this page with the key hear what was saved.
  for (const [other, callback] of pageSubscribers.get(store.storageKey) ?? []) {
    if (other !== store) callback({ layout: clean, warnings: [] });
  }
  const stored: StoredLayout = { version: clean.version, items: clean.items, savedAt: new Date().toISOString() };
  if (io.adapter?.saveLayout) {
    try {
      await io.adapter.saveLayout(store.key, stored, signal);
      keep(io, undefined);
    } catch (e) {
      keep(io, clean);
      io.warn('adapter', `the adapter could not save the layout (${describeError(e)}): it is kept for this page only`, e);
    }
    return;
  }
  if (!io.storage) {
    keep(io, clean);
    io.warn('unavailable', 'no storage is available: the layout is kept for this page only');
    return;
  }
  try {
    io.storage.setItem(store.storageKey, JSON.stringify(stored));
    keep(io, undefined);
  } catch (e) {
    keep(io, clean);
    if (isQuotaError(e)) io.warn('quota', 'the storage is full: the layout is kept for this page only', e);
    else io.warn('unavailable', `the layout could not be written to storage (${describeError(e)}): it is kept for this page only`, e);
  }
}

/**
 * A `storage` event of the store's key (or of cleared storage): another tab's layout, read and passed
 * on, unless it is no layout at all; a removed key (or cleared storage) gives the default layout.
 */
export function heard(io: StoreIo, e: StorageEvent, callback: (result: NormalizedLayout) => void): void {
  // Another storage area's event (sessionStorage, another Storage given to the store): not ours.
  if (e.storageArea && io.storage && e.storageArea !== io.storage) return;
  const text = e.key === null ? null : e.newValue;
  if (text === null) return callback({ layout: defaultLayout(), warnings: [] });
  const r = readStored(text);
  if (r.unreadable) {
    io.warn('unreadable', `another tab stored a layout that is ${r.unreadable}: this page keeps its layout and saves it again at the next change`);
    return;
  }
  // The other tab's save is newer than anything this page kept in memory.
  keep(io, undefined);
  callback({ layout: r.layout, warnings: r.warnings });
}
