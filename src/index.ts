/**
 * crm-profile-widgets — public entry.
 *
 * Today it exports the pure core and the adapters; the custom elements (`<crm-profile>`,
 * `<crm-widget>`, `<crm-period-picker>`) register from here once they land.
 */
export * from './core/index.js';
export * from './adapters/index.js';
export { VERSION } from './version.js';
