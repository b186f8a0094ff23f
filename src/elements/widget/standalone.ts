/**
 * A `<crm-widget>` alone (outside `<crm-profile>`, and outside any provider of its context), a chunk
 * of its own: the context it works in, built from its own attributes. A profile's widgets take the
 * profile's and never fetch it.
 */
import type { CrmAdapter } from '../../adapters/adapter.js';
import { adapterForSource } from '../../adapters/sources.js';
import { checkedAdapter } from '../../adapters/checked.js';
import { CachedAdapter } from '../../adapters/cache.js';
import { DEFAULT_PERIOD, parsePeriod, periodReady, periodWait, type Period } from '../../core/period-base.js';
import { safeString } from '../../core/text.js';
import { normalizeLocale } from '../../i18n/index.js';
import { contextOf } from '../options.js';
import { need, type CrmWidget, type StandaloneContext } from './widget.js';

/**
 * Standalone widgets of one adapter object (one `source`, or one `adapter` property) share one cache
 * (src/adapters/cache.ts, in the main bundle: every page with numbers uses it): a CMS page listing many widgets of
 * a client asks each question once, and identical requests in flight are sent once. Results are
 * kept 5 minutes; `refresh()` drops them.
 */
const sharedCaches = new WeakMap<CrmAdapter, CrmAdapter>();

function sharedCache(raw: CrmAdapter): CrmAdapter {
  let shared = sharedCaches.get(raw);
  if (!shared) sharedCaches.set(raw, (shared = new CachedAdapter(raw)));
  return shared;
}

type Context = StandaloneContext | { error: string };

/** Each widget's last context, with what it was built from. */
const built = new WeakMap<CrmWidget, { key: string; adapter: CrmAdapter | undefined; value: Context }>();

/**
 * The context of the widget `el` from its attributes (the same object while none changes, so that
 * its data task does not rerun); `warn`: its `warnOnce`.
 */
export function standaloneContext(el: CrmWidget, warn: (message: string) => void): Context {
  // (A period other than the default one is read once its code is here: the data task waits for it,
  // then asks again.)
  const key = [el.source, el.entityType, el.entityId, el.period, el.locale, el.timeZone, el.currency, el.compare, periodReady(el.period)].map(safeString).join('|');
  const last = built.get(el);
  if (last && last.key === key && last.adapter === el.adapter) return last.value;
  const value = build(el, warn);
  built.set(el, { key, adapter: el.adapter, value });
  return value;
}

/** `refresh()` of the widget `el`: its shared cache drops what it kept (a context that failed has none). */
export function dropCache(el: CrmWidget): void {
  const ctx = el.context;
  if (!('error' in ctx)) void Promise.resolve(ctx.adapter.invalidate?.()).catch(() => undefined);
}

function build(el: CrmWidget, warn: (message: string) => void): Context {
  // A host's adapter answers are validated (src/adapters/checked.ts).
  let adapter = el.adapter && checkedAdapter(el.adapter);
  if (!adapter) {
    if (!el.source) return { error: 'Set the adapter property or a source attribute (e.g. source="demo").' };
    try {
      adapter = adapterForSource(el.source);
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  if (!el.entityId) return { error: 'Set entity-type and entity-id.' };
  adapter = sharedCache(adapter);
  let period: Period = DEFAULT_PERIOD;
  // (Not read yet: the data task waits for its code, through `wait` below, which handles its failure.)
  const ready = periodReady(el.period);
  if (ready) {
    try {
      period = parsePeriod(el.period);
    } catch (e) {
      warn((e as Error).message);
    }
  }
  const locale = normalizeLocale(el.locale || el.closest('[lang]')?.getAttribute('lang'));
  const ctx = contextOf(el, adapter, period, locale, 0, warn);
  // A period other than the default one: its code first (each run of the data task asks again, so that
  // Retry reloads it); once here, the widget updates, and this context is built again with the period read.
  return !ready ? {
    ...ctx,
    wait: () => need<unknown>(() => periodWait(el.period) ?? Promise.resolve(), 'The period could not be read: its code did not load').then(() => {
      el.requestUpdate();
      return new Promise<never>(() => undefined);
    }),
  } : ctx;
}
