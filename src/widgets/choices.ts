/**
 * The values each widget setting may take (./types.ts has their types): read by the layout rules
 * (./layout.ts) and the settings dialog, both chunks, so they stay out of the main bundle.
 */

export const CHART_TYPES = ['doughnut', 'bar', 'line', 'table'] as const;

export const GROUPINGS = ['auto', 'day', 'week', 'month', 'year'] as const;

/** Named colours only (never free CSS: settings come from storage and hosts). */
export const COLORS = ['blue', 'green', 'orange', 'purple', 'red', 'teal', 'grey'] as const;

/** What the deal-conversion widget counts. */
export const DEAL_COUNTS = ['all', 'closed'] as const;

/**
 * How the custom number combines its metrics: `none` shows them side by side (a number block),
 * `sum` adds them, `difference` is first − second − third, `percentage` first ÷ second × 100.
 */
export const NUMBER_OPS = ['none', 'sum', 'difference', 'percentage'] as const;

/** The per-widget comparison setting (absent: follow the profile). */
export const COMPARE_SETTINGS = ['previous', 'last-year', 'off'] as const;
