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
