/**
 * `Intl` formatters, made once per kind, locale and options and then reused: building one costs far
 * more than formatting with it, and every render formats (numbers, amounts, dates, period labels).
 */
const made = new Map<string, unknown>();

/** The `Make` formatter (`Intl.NumberFormat`, `Intl.DateTimeFormat`, …) for `locale` and `options`, cached. */
export function intlFormatter<O, T>(Make: new (locale: string, options?: O) => T, locale: string, options?: O): T {
  const key = `${Make.name}|${locale}|${JSON.stringify(options ?? {})}`;
  let f = made.get(key) as T | undefined;
  if (!f) made.set(key, (f = new Make(locale, options)));
  return f;
}
