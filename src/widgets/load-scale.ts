/**
 * The communication-load scale (Bitrix24's profile header): activities per deal placed on seven
 * bands relative to a target — the average over all clients (auto) or a number the admin sets.
 */
export const LOAD_BANDS = ['veryLow', 'low', 'ideal', 'maxDesirable', 'high', 'veryHigh', 'critical'] as const;
export type LoadBand = (typeof LOAD_BANDS)[number];

/** Upper bounds of each band as a multiple of the target (the last band is open). */
export const LOAD_BAND_LIMITS: readonly number[] = [0.25, 0.5, 1, 1.25, 1.5, 2];

/** The band of `load` against `target` (> 0). Null when either is unknown. */
export function loadBand(load: number | null, target: number | null): LoadBand | null {
  if (load === null || target === null || !Number.isFinite(load) || !Number.isFinite(target) || target <= 0 || load < 0) return null;
  const r = load / target;
  const i = LOAD_BAND_LIMITS.findIndex((limit) => r <= limit);
  return LOAD_BANDS[i === -1 ? LOAD_BANDS.length - 1 : i]!;
}

/** Position of `load` on a bar whose full length is 2.5 × target, clamped to [0, 1]. */
export function loadPosition(load: number, target: number): number {
  if (!(target > 0) || !Number.isFinite(load)) return 0;
  return Math.min(1, Math.max(0, load / (target * 2.5)));
}
