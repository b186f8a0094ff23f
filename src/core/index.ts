/** The pure core: model, periods, money, the query model and the metric registry. No DOM, no Lit. */
export * from './model.js';
export * from './period.js';
export * from './period-shift.js';
export * from './money.js';
export * from './money-parse.js';
export * from './query.js';
export * from './query-fit.js';
export * from './records.js';
export * from './metrics.js';
export * from './metric-ids.js';
export * from './evaluate.js';
export * from './input-filter.js';
// A period's label (its words are in the message tables: English until `await loadMessages(locale)`).
export { loadMessages, periodLabel } from '../i18n/index.js';
