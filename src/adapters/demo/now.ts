/**
 * The instant the demo data is generated "as of" (never the clock), in a module of its own so that
 * `adapterForSource('demo')` knows it before the demo generator is loaded. generate.ts's default
 * `now` must equal it (test/adapters/sources.test.ts checks).
 */
export const DEMO_NOW = Date.UTC(2026, 10, 26, 12);
