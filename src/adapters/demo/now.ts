/**
 * What `adapterForSource('demo')` knows of the demo data before its generator is loaded, in a module
 * of its own: the instant the data is generated "as of" (never the clock; generate.ts's default
 * `now` must equal it, test/adapters/sources.test.ts checks) and the source's label (a key of the
 * offline copy; the explanation shows it in the page's language, src/widgets/explain.ts).
 */
export const DEMO_NOW = Date.UTC(2026, 10, 26, 12);
export const DEMO_LABEL = 'Demo data';
