/**
 * The time of `<crm-profile>`'s cache and refresh timer, in the main bundle: the profile puts its
 * cache in front of the adapter as it gets one, so the first numbers wait for no chunk. (The refresh
 * timer's own timers are in its chunk: `timers` of ./refresh.ts.)
 */
import { DEFAULT_TTL_MS } from '../../adapters/cache.js';

/** The clock of the cache and the refresh interval (tests replace it). */
export const clock = {
  now: (): number => Date.now(),
};

/** `cache-ttl` in ms: absent → 5 minutes, `0` → no cache, anything unreadable (not a finite number ≥ 0) → a warning and 5 minutes. */
export function cacheTtlMs(value: string | null | undefined, warn: (message: string) => void): number {
  const text = value?.trim();
  const s = text ? Number(text) : NaN;
  if (s >= 0 && s < Infinity) return s * 1000;
  if (text) warn(`cache-ttl="${value}" is not a number of seconds (0 turns the cache off); keeping results for ${DEFAULT_TTL_MS / 1000} s.`);
  return DEFAULT_TTL_MS;
}
