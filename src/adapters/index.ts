/** The adapter interface, its typed errors and the built-in sources. */
export type { CrmAdapter, PeerAverages } from './adapter.js';
export { AdapterError, isAdapterError, type AdapterErrorKind } from './errors.js';
export { DemoAdapter, type DemoAdapterOptions } from './demo/demo-adapter.js';
export { generateDemoData, createRandom, type DemoDataset, type DemoOptions } from './demo/generate.js';
