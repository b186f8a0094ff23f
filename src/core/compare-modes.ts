/**
 * The modes of a period comparison and their checks: what every page needs to read a `compare`
 * attribute and offer the choice. The comparison itself (./compare.ts, and its words in
 * ../widgets/comparison.ts) loads when a widget compares.
 */

/** What a number is compared with. */
export const COMPARE_MODES = ['previous', 'last-year'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

export const isCompareMode = (v: unknown): v is CompareMode => (COMPARE_MODES as readonly unknown[]).includes(v);

/** The warning for a `compare` attribute that is not a mode (nothing for empty or a mode). */
export function compareWarning(value: string | null | undefined): string | undefined {
  return value && !isCompareMode(value) ? `Unknown compare "${value}" (use previous or last-year); showing no comparison.` : undefined;
}

