/** The pure core: model, periods, money, the query model and the metric registry. No DOM, no Lit. */
export * from './model.js';
export * from './period.js';
export * from './money.js';
export * from './query.js';
export * from './records.js';
export * from './metrics.js';
export * from './evaluate.js';
