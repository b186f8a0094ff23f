/**
 * The attributes that `<crm-profile>` and a standalone `<crm-widget>` both take (entity, currency,
 * compare, time zone), read the same way into the context their widgets work in: a usable value,
 * or none after a warning (`warn`: the element's `warnOnce`).
 */
import type { CrmAdapter } from '../adapters/adapter.js';
import type { ProfileContext } from '../context/index.js';
import { isKnownCurrency } from '../core/money.js';
import { compareWarning, isCompareMode, type CompareMode } from '../core/compare-modes.js';
import { elementTimeZone, formatPeriod, type Period } from '../core/period-base.js';

/** Its ISO code when known, else none (amounts in the source's base currency). */
function knownCurrency(value: string | undefined, warn: (message: string) => void): string | undefined {
  if (!value) return undefined;
  if (isKnownCurrency(value)) return value.toUpperCase();
  warn(`Unknown currency "${value}"; showing amounts in the source's base currency.`);
  return undefined;
}

/** The comparison mode when valid, else none. */
function compareOption(value: string | undefined, warn: (message: string) => void): CompareMode | undefined {
  if (isCompareMode(value)) return value;
  const warning = compareWarning(value);
  if (warning) warn(warning);
  return undefined;
}

/**
 * What of a context the numbers depend on, as one string: the client, the period, the language, the
 * time zone, the currency and the refresh count (not the adapter, nor what a profile adds as it
 * loads: the client record, the reference data).
 */
export const contextKey = (c: ProfileContext): string =>
  [c.client.type, c.client.id, formatPeriod(c.period), c.locale, c.timeZone, c.currency, c.revision].join('|');

/** The shared attributes of the two elements. */
export interface ContextAttributes {
  readonly entityType: string;
  readonly entityId: string;
  readonly currency?: string;
  readonly compare?: string;
  readonly timeZone?: string;
}

/**
 * The context read from an element's attributes, with the adapter, period and language it settled
 * on (`revision`: bumped by Refresh).
 */
export function contextOf(
  el: ContextAttributes, adapter: CrmAdapter, period: Period, locale: string, revision: number, warn: (message: string) => void,
): ProfileContext {
  const currency = knownCurrency(el.currency, warn);
  const compare = compareOption(el.compare, warn);
  return {
    adapter, client: { type: el.entityType === 'company' ? 'company' : 'contact', id: el.entityId }, period, locale,
    timeZone: elementTimeZone(el.timeZone, warn),
    ...(currency ? { currency } : {}),
    ...(adapter.now !== undefined ? { now: adapter.now } : {}),
    revision,
    ...(compare ? { compare } : {}),
  };
}
