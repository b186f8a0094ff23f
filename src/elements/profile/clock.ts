/**
 * The time of `<crm-profile>`'s cache and refresh timer, in the main bundle: the profile puts its
 * cache in front of the adapter as it gets one, so the first numbers wait for no chunk.
 */
import { DEFAULT_TTL_MS } from '../../adapters/cache.js';

/** The clock and timers of the cache and the refresh interval (tests replace them). */
export const clock = {
  now: (): number => Date.now(),
  setTimeout: (f: () => void, ms: number): unknown => setTimeout(f, ms),
  clearTimeout: (id: unknown): void => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/** A number of seconds ≥ 0 from an attribute, else undefined. */
export function seconds(value: string): number | undefined {
  const n = value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** `cache-ttl` in ms: absent → 5 minutes, `0` → no cache, anything unreadable → a warning and 5 minutes. */
export function cacheTtlMs(value: string, warn: (message: string) => void): number {
  if (value.trim() === '') return DEFAULT_TTL_MS;
  const s = seconds(value);
  if (s !== undefined) return s * 1000;
  warn(`cache-ttl="${value}" is not a number of seconds (0 turns the cache off); keeping results for ${DEFAULT_TTL_MS / 1000} s.`);
  return DEFAULT_TTL_MS;
}
