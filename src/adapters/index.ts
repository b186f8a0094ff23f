/** The adapter interface, its typed errors and the built-in sources. */
export { ANSWERS_CHECKED, type CrmAdapter, type PeerAverages } from './adapter.js';
export { AdapterError, isAdapterError, type AdapterErrorKind } from './errors.js';
export { DemoAdapter, type DemoAdapterOptions } from './demo/demo-adapter.js';
export { generateDemoData, createRandom, type DemoDataset, type DemoOptions } from './demo/generate.js';
export { Bitrix24Adapter, type Bitrix24AdapterOptions } from './bitrix24/adapter.js';
export {
  Bitrix24Client, WebhookTransport, encodeQuery, BATCH_LIMIT, PAGE_SIZE,
  type Bitrix24ClientOptions, type Transport, type TransportResponse, type ThrottleOptions, type BatchCommand, type BatchResult, type CallResult,
} from './bitrix24/client.js';
export { CommandQueue } from './bitrix24/queue.js';
export { localeFromLang } from './bitrix24/mapping.js';
export { adapterForSource, referenceOf, SourceError } from './sources.js';
export { cachedAdapter, CachedAdapter, cacheKeys, DEFAULT_TTL_MS, type CacheOptions } from './cache.js';
export { RestAdapter, type RestAdapterOptions } from './rest/rest-adapter.js';
