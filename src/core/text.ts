/**
 * `String(v)` for any value a script may hand an element: a Symbol, or an object without a
 * prototype (no `toString`), where `String()` or a template literal would throw.
 */
export function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** What went wrong, in words: an error's `message`, else the value itself (a rejection may be anything). */
export const reasonOf = (e: unknown): string => (e as Error | undefined)?.message ?? safeString(e);
