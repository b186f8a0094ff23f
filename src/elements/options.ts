/**
 * The `currency` and `compare` attributes that `<crm-profile>` and a standalone `<crm-widget>` both
 * take, read the same way: a usable value, or none after a warning (`warn`: the element's
 * `warnOnce`).
 */
import { isKnownCurrency } from '../core/money.js';
import { compareWarning, isCompareMode, type CompareMode } from '../core/compare-modes.js';

/** Its ISO code when known, else none (amounts in the source's base currency). */
export function knownCurrency(value: string | undefined, warn: (message: string) => void): string | undefined {
  if (!value) return undefined;
  if (isKnownCurrency(value)) return value.toUpperCase();
  warn(`Unknown currency "${value}"; showing amounts in the source's base currency.`);
  return undefined;
}

/** The comparison mode when valid, else none. */
export function compareOption(value: string | undefined, warn: (message: string) => void): CompareMode | undefined {
  if (isCompareMode(value)) return value;
  const warning = compareWarning(value);
  if (warning) warn(warning);
  return undefined;
}
