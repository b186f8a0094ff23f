/**
 * Lists in words, for the texts of lazy parts (the explanation, the descriptions of settings): a
 * module of its own so that the main bundle does not carry it.
 */
import { intlFormatter } from '../core/intl.js';

/** "a, b and c" (`and`) or "a, b or c" (`or`) in the locale. */
export function formatList(items: readonly string[], locale: string, type: 'and' | 'or' = 'and'): string {
  return intlFormatter(Intl.ListFormat, locale, { type: type === 'and' ? 'conjunction' : 'disjunction' }).format(items);
}
