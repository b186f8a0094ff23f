/**
 * What a first paint needs of the layout model, and the rest of it on demand.
 *
 * A profile showing the default layout, or a widget without settings, needs no repair: the default
 * layout is valid by construction and empty settings are already clean. The rules that repair
 * anything else (`./layout.ts`: `normalizeLayout`, `sanitizeSettings` and the edit operations,
 * 2.2 KB gzip) are loaded when a layout or settings come from a host, from storage or from an edit:
 * a lazy chunk of the CDN bundle, fetched once per page.
 */
import { lazyPart } from '../core/lazy-part.js';
import { DEFAULT_WIDGET_TYPES, LAYOUT_VERSION, type Layout, type WidgetSettings } from './types.js';

export type LayoutRules = typeof import('./layout.js');

/** The default layout: one widget of every type but the custom number, in catalog order, ids `w1`, `w2`, … */
export function defaultLayout(): Layout {
  return { version: LAYOUT_VERSION, items: DEFAULT_WIDGET_TYPES.map((type, i) => ({ id: `w${i + 1}`, type, settings: {} })) };
}

/** Whether two layouts (or two widgets' settings) hold the same things: a copy need not re-render anything. */
export const sameValue = (a: Layout | WidgetSettings, b: Layout | WidgetSettings): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * How the rules are loaded.
 * @internal Replaced by the tests to hold the chunk back or make it fail.
 */
export const layoutChunks = { rules: (): Promise<LayoutRules> => import('./layout.js') };

const rules = lazyPart(() => layoutChunks.rules());

/** The rules if already loaded (synchronously), else `undefined`. */
export const loadedLayoutRules = (): LayoutRules | undefined => rules.loaded;

/** Loads the rules once per page; a failed load is tried again at the next call. */
export const layoutRules = (): Promise<LayoutRules> => rules.load();

/**
 * Settings that are clean as they are, without the rules: absent, or an empty plain object. (What
 * `sanitizeSettings` returns for them: `{}` with no warning.)
 */
export function emptySettings(input: unknown): boolean {
  if (input === undefined || input === null) return true;
  try {
    return typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype && Reflect.ownKeys(input).length === 0;
  } catch {
    return false; // a proxy whose traps throw: the rules say what is wrong with it
  }
}
