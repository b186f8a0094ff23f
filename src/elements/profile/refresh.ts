/**
 * `<crm-profile refresh-interval>`: its reading and its timer, a chunk of its own that
 * ./freshness.ts loads only for a profile with a `refresh-interval` (a first paint without one runs
 * none of it).
 */
import { clock } from './clock.js';
import type { FreshnessHost } from './freshness.js';

/** The refresh timer's timers (tests replace them, with `clock.now`). */
export const timers = {
  setTimeout: (f: () => void, ms: number): unknown => setTimeout(f, ms),
  clearTimeout: (id: unknown): void => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/** The shortest `refresh-interval`, in seconds. */
export const MIN_REFRESH_S = 30;

/** `refresh-interval` (not blank) in ms: below 30 s or unreadable (not a finite number ≥ 0) → a warning (`warn`) and 30 s. */
export function refreshIntervalMs(value: string, warn: (message: string) => void): number {
  const s = Number(value);
  if (s >= MIN_REFRESH_S && s < Infinity) return s * 1000;
  warn(`refresh-interval="${value}" ${s >= 0 && s < MIN_REFRESH_S ? `is below the minimum of ${MIN_REFRESH_S} s` : 'is not a number of seconds'}; refreshing every ${MIN_REFRESH_S} s.`);
  return MIN_REFRESH_S * 1000;
}

export interface RefreshTimer {
  stop(): void;
  /** A refresh just happened (the button): the next one is a whole interval away. */
  reset(): void;
}

/**
 * Calls `tick` every `ms` while the page is visible. While the tab is hidden nothing runs; when it
 * shows again, `tick` runs at once if an interval has passed meanwhile, else when the interval ends.
 */
export function refreshTimer(ms: number, tick: () => void): RefreshTimer {
  let last = clock.now();
  let id: unknown;
  const hidden = () => document.visibilityState === 'hidden';
  const arm = () => {
    timers.clearTimeout(id);
    id = hidden() ? undefined : timers.setTimeout(fire, Math.max(0, last + ms - clock.now()));
  };
  const fire = () => {
    if (hidden()) return;
    last = clock.now();
    tick();
    arm();
  };
  const onVisibility = () => (hidden() ? timers.clearTimeout(id) : clock.now() - last >= ms ? fire() : arm());
  document.addEventListener('visibilitychange', onVisibility);
  arm();
  return {
    stop: () => {
      timers.clearTimeout(id);
      document.removeEventListener('visibilitychange', onVisibility);
    },
    reset: () => {
      last = clock.now();
      arm();
    },
  };
}

/** The timer of a profile's `refresh-interval` (`value`, not blank): it refreshes the profile; a wrong value warns. */
export const hostTimer = (value: string, host: FreshnessHost): RefreshTimer =>
  refreshTimer(refreshIntervalMs(value, (m) => host.warnOnce(m)), () => host._refresh());
