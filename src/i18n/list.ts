/**
 * Lists in words, for the texts of lazy parts (the explanation, the descriptions of settings): a
 * module of its own so that the main bundle does not carry it.
 */
const listFormats = new Map<string, Intl.ListFormat>();

/** "a, b and c" (`and`) or "a, b or c" (`or`) in the locale (formatters cached). */
export function formatList(items: readonly string[], locale: string, type: 'and' | 'or' = 'and'): string {
  const key = `${locale}|${type}`;
  let f = listFormats.get(key);
  if (!f) listFormats.set(key, (f = new Intl.ListFormat(locale, { type: type === 'and' ? 'conjunction' : 'disjunction' })));
  return f.format(items);
}
